import {Config, run} from '@oclif/core'
import {Exit, handle} from '@oclif/core/handle'
import {execa} from 'execa'
import {join, resolve} from 'node:path'

import {makeTempDir, OFFICERS, STANDARD_CASE, TEST_UNIT} from './workspace-builder.js'

export {makeTempDir} from './workspace-builder.js'

export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..')
export const CLI = join(PROJECT_ROOT, 'bin', 'run.js')

export interface CliResult {
  stdout: string
  stderr: string
  exitCode: number
  /** stdout parsed as JSON when it is JSON, else undefined. */
  json: any // eslint-disable-line @typescript-eslint/no-explicit-any -- each test narrows it to the command's result shape
}

export interface RunOptions {
  cwd?: string
  env?: Record<string, string | undefined>
  /** Text on stdin. Only a real process has a stdin of its own, so a call with input spawns one. */
  input?: string
  /** Spawned runs only; an in-process run is bounded by the test's own timeout. */
  timeout?: number
}

/** What every run sees unless the test sets it: no colour, not interactive, no ZFJL_* from the developer's shell. */
const BASE_ENV = {CI: '1', NO_COLOR: '1', ZFJL_OFFICER: undefined, ZFJL_WORKSPACE: undefined}

const parseJson = (stdout: string): unknown => {
  try {
    return JSON.parse(stdout)
  } catch {
    return undefined
  }
}

/**
 * Runs the built CLI (dist/, what users run) as a user would, inside the test process: the same oclif
 * `run` and the same top-level error `handle` that bin/run.js goes through, with stdout/stderr
 * captured, `env` and `cwd` applied for the duration of the call, and the exit code the process would
 * have ended with. Calls in one worker are serialised, since they share process-wide state.
 * Spawn the real process instead (`spawnCli`) only where the process itself is under test.
 */
export const runCli = async (args: string[], options: RunOptions = {}): Promise<CliResult> => {
  // ZFJL_TEST_SPAWN=1 runs every call as a real process, to tell a harness difference from a real failure.
  if (options.input !== undefined || process.env.ZFJL_TEST_SPAWN === '1') return spawnCli(args, options)
  const turn = queue.then(() => runInProcess(args, options))
  queue = turn.catch(() => undefined)
  return turn
}

let queue: Promise<unknown> = Promise.resolve()
let loadedConfig: Promise<Config> | undefined

const runInProcess = async (args: string[], options: RunOptions): Promise<CliResult> => {
  const saved = {cwd: process.cwd(), env: {...process.env}, exitCode: process.exitCode}
  const stdout: string[] = []
  const stderr: string[] = []
  const writes = {stderr: process.stderr.write, stdout: process.stdout.write}
  const capture = (sink: string[]) =>
    ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
      sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
      const done = typeof encoding === 'function' ? encoding : callback
      if (typeof done === 'function') queueMicrotask(() => done())
      return true
    }) as typeof process.stdout.write
  const tty = {stderr: process.stderr.isTTY, stdout: process.stdout.isTTY}
  let exitCode: number
  try {
    // The spawned CLI runs with NODE_ENV=production (bin/run.js from a shell); oclif then loads dist/, never src/.
    applyEnv({...BASE_ENV, NODE_ENV: 'production', ...options.env})
    process.chdir(options.cwd ?? PROJECT_ROOT)
    process.exitCode = undefined
    // A spawned CLI writes into pipes, not a terminal (CI=1 above already rules out prompts).
    process.stdout.isTTY = false
    process.stderr.isTTY = false
    process.stdout.write = capture(stdout)
    process.stderr.write = capture(stderr)
    loadedConfig ??= Config.load(PROJECT_ROOT)
    try {
      await run(args, await loadedConfig)
      exitCode = exitCodeOf(process.exitCode)
    } catch (error) {
      exitCode = await handledExitCode(error)
    }
  } finally {
    // After oclif has shown a command's help, the same Config no longer finds that command (`case new
    // --help`, then `case new`: "command case:new not found"). A real process ends after help, so the
    // next call starts from a fresh Config.
    if (args.includes('--help') || args.includes('-h') || args[0] === 'help') loadedConfig = undefined
    process.stdout.write = writes.stdout
    process.stderr.write = writes.stderr
    process.stdout.isTTY = tty.stdout
    process.stderr.isTTY = tty.stderr
    process.chdir(saved.cwd)
    process.exitCode = saved.exitCode
    applyEnv(saved.env, true)
  }

  const out = stdout.join('')
  return {exitCode, json: parseJson(out), stderr: stderr.join(''), stdout: out}
}

/** What bin/run.js does with an error that escapes `run`: oclif's own `handle`, its process.exit caught. */
const handledExitCode = async (error: unknown): Promise<number> => {
  const exit = Exit.exit
  let code = 1
  // handle() ends by calling Exit.exit; recording the code instead of exiting is the stub oclif provides it for.
  Exit.exit = ((exitCode = 0) => {
    code = exitCode
  }) as typeof Exit.exit
  try {
    await handle(error as Error)
  } finally {
    Exit.exit = exit
  }
  return code
}

const exitCodeOf = (code: number | string | null | undefined): number => Number(code ?? 0)

/** Sets `env` on process.env (undefined unsets); with `exact`, also removes every variable not in it. */
const applyEnv = (env: Record<string, string | undefined>, exact = false): void => {
  if (exact) for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key]
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
}

/**
 * Runs bin/run.js as a real process (no TTY, NODE_ENV=production as from a shell). For tests where the
 * process itself is under test: parallel processes, kill -9, stdin and no-TTY behaviour, the process
 * exit code, the demo.
 */
export const spawnCli = async (args: string[], options: RunOptions = {}): Promise<CliResult> => {
  const result = await execa('node', [CLI, ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    // vitest sets NODE_ENV=test, which sends oclif to its TypeScript-source lookup: every spawn ~2.3× slower.
    env: {...BASE_ENV, NODE_ENV: 'production', ...options.env},
    extendEnv: true,
    input: options.input ?? '',
    reject: false,
    timeout: options.timeout ?? 120_000,
  })
  return {exitCode: result.exitCode ?? -1, json: parseJson(result.stdout), stderr: result.stderr, stdout: result.stdout}
}

/** The builder's officers as `--officer 姓名:执法证号` values. */
export const TEST_OFFICERS = OFFICERS.map(({certNo, name}) => `${name}:${certNo}`)

/**
 * A fresh workspace made by the real `zfjl init`; returns its path. It identifies people as declared
 * (`--officer`, like one shared PC), so tests can act as 张伟, 李娜, 王强 … while the OS user is whoever
 * runs the tests; the account mode has its own tests (test/commands/identity.test.ts).
 */
export const makeWorkspace = async (extraArgs: string[] = []): Promise<string> => {
  const dir = join(makeTempDir(), 'ws')
  const result = await runCli([
    'init',
    dir,
    '--unit',
    TEST_UNIT.unit,
    '--code',
    TEST_UNIT.code,
    ...TEST_OFFICERS.flatMap((officer) => ['--officer', officer]),
    '--identity',
    'declared',
    '--json',
    ...extraArgs,
  ])
  if (result.exitCode !== 0) throw new Error(`zfjl init failed (${result.exitCode}): ${result.stdout}${result.stderr}`)
  return dir
}

/** The `zfjl case new` arguments of the builder's STANDARD_CASE (or another procedure) in `workspace`. */
export const caseNewArgs = (workspace: string, procedure = 'penalty-general', extraArgs: string[] = []): string[] => [
  'case',
  'new',
  '--workspace',
  workspace,
  '--procedure',
  procedure,
  '--title',
  STANDARD_CASE.title,
  '--party',
  STANDARD_CASE.party.name,
  '--party-id',
  STANDARD_CASE.party.idNumber!,
  '--address',
  STANDARD_CASE.party.address!,
  ...TEST_OFFICERS.flatMap((officer) => ['--officer', officer]),
  '--json',
  ...extraArgs,
]

/** A case made by `zfjl case new` in `workspace`; returns its id. */
export const makeCase = async (
  workspace: string,
  procedure = 'penalty-general',
  extraArgs: string[] = [],
): Promise<string> => {
  const result = await runCli(caseNewArgs(workspace, procedure, extraArgs))
  if (result.exitCode !== 0) throw new Error(`zfjl case new failed (${result.exitCode}): ${result.stdout}${result.stderr}`)
  return result.json.id as string
}

/**
 * Starts the real CLI with `ZFJL_PAUSE_AT=<point>` and resolves once the process has stopped at that
 * named point (src/platform/pause-point.ts), so a test can SIGKILL it exactly there (or, at a
 * `pausePointUntilSignal`, send the SIGINT of a Ctrl-C and see how the process handles it).
 */
export const spawnPausedAt = async (
  point: string,
  args: string[],
  options: RunOptions = {},
): Promise<{kill: (signal?: NodeJS.Signals) => Promise<CliResult>}> => {
  const child = execa('node', [CLI, ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    env: {...BASE_ENV, NODE_ENV: 'production', ...options.env, ZFJL_PAUSE_AT: point},
    extendEnv: true,
    input: options.input ?? '',
    reject: false,
    timeout: options.timeout ?? 120_000,
  })
  await new Promise<void>((resolvePaused, rejectPaused) => {
    let seen = ''
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString()
      if (seen.includes(`ZFJL_PAUSED ${point}`)) resolvePaused()
    })
    child.on('exit', () => rejectPaused(new Error(`进程未在 ${point} 处暂停就退出了：${seen}`)))
  })
  return {
    kill: async (signal: NodeJS.Signals = 'SIGKILL') => {
      child.kill(signal)
      const result = await child
      return {exitCode: result.exitCode ?? -1, json: parseJson(String(result.stdout)), stderr: String(result.stderr), stdout: String(result.stdout)}
    },
  }
}

/** Registers 王强 as the head (执法机构负责人), who alone may force an archive: returns the flags to act as him. */
export const addHead = async (workspace: string, name = '王强'): Promise<string[]> => {
  const result = await runCli(['people', 'add', name, '--role', 'head', '--workspace', workspace, '--json'])
  if (result.exitCode !== 0) throw new Error(`people add ${name} failed (${result.exitCode}): ${result.stdout}${result.stderr}`)
  return ['--officer', name]
}

import {execa} from 'execa'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

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
  input?: string
  timeout?: number
}

/**
 * Runs the built CLI (bin/run.js → dist/) as a user would: a real process, no TTY, a clean
 * ZFJL_* environment unless the test sets it.
 */
export const runCli = async (args: string[], options: RunOptions = {}): Promise<CliResult> => {
  const result = await execa('node', [CLI, ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    // vitest sets NODE_ENV=test, which sends oclif to its TypeScript-source lookup: every spawn ~2.3× slower.
    env: {CI: '1', NODE_ENV: 'production', NO_COLOR: '1', ZFJL_OFFICER: undefined, ZFJL_WORKSPACE: undefined, ...options.env},
    extendEnv: true,
    input: options.input ?? '',
    reject: false,
    timeout: options.timeout ?? 120_000,
  })
  let json: unknown
  try {
    json = JSON.parse(result.stdout)
  } catch {
    json = undefined
  }

  return {exitCode: result.exitCode ?? -1, json, stderr: result.stderr, stdout: result.stdout}
}

export const makeTempDir = (prefix = 'zfjl-test-'): string => mkdtempSync(join(tmpdir(), prefix))

export const TEST_OFFICERS = ['张伟:44010020260001', '李娜:44010020260002'] as const

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
    '珠晖区卫生健康局',
    '--code',
    '珠卫',
    ...TEST_OFFICERS.flatMap((officer) => ['--officer', officer]),
    '--identity',
    'declared',
    '--json',
    ...extraArgs,
  ])
  if (result.exitCode !== 0) throw new Error(`zfjl init failed (${result.exitCode}): ${result.stdout}${result.stderr}`)
  return dir
}

/** A case made by the real `zfjl case new` in `workspace`; returns its id. */
export const makeCase = async (
  workspace: string,
  procedure = 'penalty-general',
  extraArgs: string[] = [],
): Promise<string> => {
  const result = await runCli([
    'case',
    'new',
    '--workspace',
    workspace,
    '--procedure',
    procedure,
    '--title',
    '未取得卫生许可证从事公共场所经营活动',
    '--party',
    '衡阳市某某足浴店',
    '--party-id',
    '91430405MA4L000000',
    '--address',
    '衡阳市珠晖区东风路1号',
    ...TEST_OFFICERS.flatMap((officer) => ['--officer', officer]),
    '--json',
    ...extraArgs,
  ])
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
    env: {CI: '1', NODE_ENV: 'production', NO_COLOR: '1', ZFJL_OFFICER: undefined, ZFJL_WORKSPACE: undefined, ...options.env, ZFJL_PAUSE_AT: point},
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
      let json: unknown
      try {
        json = JSON.parse(String(result.stdout))
      } catch {
        json = undefined
      }

      return {exitCode: result.exitCode ?? -1, json, stderr: String(result.stderr), stdout: String(result.stdout)}
    },
  }
}

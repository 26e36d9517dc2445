import {execa} from 'execa'
import {join} from 'node:path'

import {CLI, PROJECT_ROOT} from './cli.js'
import {hasTool} from './tools.js'

export interface PtyStep {
  /** A regular expression the screen must show (since the previous step) before typing. */
  expect: string
  /** Keys to type: text, '\r' for Enter, '\u0003' for Ctrl-C. */
  send: string
}

export interface PtyResult {
  exitCode: number | null
  signal: number | null
  output: string
  timedOut: string | null
}

/** The pseudo-terminal is python3's pty module (pty-run.py). */
export const hasPython = hasTool('python3', ['-c', 'import pty'])

/**
 * Runs the real CLI in a pseudo-terminal (Python's pty module) and types the steps' keys as a person
 * would, so prompts, Ctrl-C and colours are tested as they happen at a terminal.
 */
export const runInPty = async (args: string[], steps: PtyStep[], env: Record<string, string> = {}): Promise<PtyResult> => {
  const result = await execa('python3', [join(PROJECT_ROOT, 'test', 'helpers', 'pty-run.py'), JSON.stringify(steps), '--', 'node', CLI, ...args], {
    env: {CI: undefined, NODE_ENV: 'production', NO_COLOR: '1', ZFJL_OFFICER: undefined, ZFJL_WORKSPACE: undefined, ...env},
    extendEnv: true,
    reject: false,
    timeout: 180_000,
  })
  if (result.exitCode !== 0) throw new Error(`pty-run failed: ${result.stderr}`)
  return JSON.parse(result.stdout) as PtyResult
}

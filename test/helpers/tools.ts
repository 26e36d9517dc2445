import {execFileSync} from 'node:child_process'

const known = new Map<string, boolean>()

/**
 * Whether an external program runs on this machine. A test that needs one is `it.skipIf(!hasTool(…))`,
 * so a missing tool shows as a skip, never as a silent pass; .ci/run installs them all.
 */
export const hasTool = (tool: string, args: string[] = ['--version']): boolean => {
  const key = [tool, ...args].join(' ')
  if (!known.has(key)) {
    try {
      execFileSync(tool, args, {stdio: 'ignore', timeout: 60_000})
      known.set(key, true)
    } catch {
      known.set(key, false)
    }
  }

  return known.get(key)!
}

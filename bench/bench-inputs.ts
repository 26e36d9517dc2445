import {execa} from 'execa'
import {randomBytes} from 'node:crypto'
import {existsSync, statSync, writeFileSync} from 'node:fs'
import {resolve} from 'node:path'

/** The built CLI, as users run it: what the benches time is what ships. */
export const CLI = resolve(import.meta.dirname, '..', 'bin', 'run.js')

/** Runs the built CLI; its stdout, or an error with what it said when it fails. */
export const zfjl = async (args: string[]): Promise<string> => {
  const result = await execa('node', [CLI, ...args], {env: {CI: '1'}, reject: false})
  if (result.exitCode !== 0) throw new Error(`zfjl ${args.join(' ')} → ${result.exitCode}: ${result.stdout.slice(-2000)}${result.stderr.slice(-2000)}`)
  return result.stdout
}

/** A file of `size` random bytes (kept when one of that size is there already). */
export const writeRandom = (path: string, size: number): void => {
  if (existsSync(path) && statSync(path).size === size) return
  const chunk = 8 * 1024 * 1024
  writeFileSync(path, Buffer.alloc(0))
  // Random bytes, like real video: nothing to gain from compression or deduplication.
  for (let written = 0; written < size; written += chunk) writeFileSync(path, randomBytes(Math.min(chunk, size - written)), {flag: 'a'})
}

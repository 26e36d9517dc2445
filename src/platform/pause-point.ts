/**
 * A named point where a crash would hurt (between a rename and its COMMIT, between two writes). Tests
 * kill the process exactly there: with `ZFJL_PAUSE_AT=<name>` the process announces `ZFJL_PAUSED <name>`
 * on stderr and blocks synchronously (no event loop turn, no pending write is flushed), so the test's
 * SIGKILL lands at that point and not wherever timing happens to put it. Without the variable it costs
 * one string comparison.
 */
export const pausePoint = (name: string): void => {
  if (process.env.ZFJL_PAUSE_AT !== name) return
  process.stderr.write(`ZFJL_PAUSED ${name}\n`)
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)
}

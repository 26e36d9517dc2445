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

/**
 * The same, for a point where the test sends a signal the process must handle itself (Ctrl-C's
 * SIGINT): the caller waits here for ever while the event loop keeps running, so the process's own
 * signal handler runs. The caller's own timers or threads keep the process alive meanwhile; once its
 * handler has released them, the process ends as it would after the signal.
 */
export const pausePointUntilSignal = async (name: string): Promise<void> => {
  if (process.env.ZFJL_PAUSE_AT !== name) return
  process.stderr.write(`ZFJL_PAUSED ${name}\n`)
  await new Promise<never>(() => {})
}

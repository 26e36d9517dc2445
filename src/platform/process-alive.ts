/**
 * Whether the process that left a temporary file behind still runs: its file is then in use and stays;
 * once the process is gone (killed mid-write), recovery may remove it. This process counts as alive.
 */
export const processAlive = (pid: number): boolean => {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, owned by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** A job whose owner has not heartbeat for this long is treated as dead even if its pid is taken. */
export const HEARTBEAT_STALE_MS = 60_000;

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, which still means alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function isOwnerAlive(job: { ownerPid: number; heartbeatAt: number }, now = Date.now()): boolean {
  return isProcessAlive(job.ownerPid) && now - job.heartbeatAt < HEARTBEAT_STALE_MS;
}

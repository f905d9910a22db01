import { readFileSync } from 'node:fs';

/**
 * A job whose run process has not heartbeat for this long is flagged as unresponsive. It is never
 * taken for dead on that ground alone: a run can block its event loop for minutes while still
 * writing, and releasing its system then would let a second run write beside it.
 */
export const HEARTBEAT_STALE_MS = 60_000;

/** Who runs (or will start) a job: a pid, and when that process started, so a recycled pid is not mistaken for it. */
export interface ProcessIdentity {
  pid: number;
  /** Opaque start stamp of the process; null where the platform does not tell (then the pid alone decides). */
  startedAt: string | null;
}

interface ProcStat {
  state: string;
  startTime: string;
}

/** Linux /proc/PID/stat: after the command name (in parentheses, may hold spaces) come state (field 3) … starttime (field 22). */
function readProcStat(pid: number): ProcStat | null {
  if (process.platform !== 'linux') return null;
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    const startTime = fields[19];
    return state && startTime ? { state, startTime } : null;
  } catch {
    return null;
  }
}

/** The process's start stamp (clock ticks since boot on Linux); null elsewhere, or when it is gone. */
export function processStartTime(pid: number): string | null {
  return readProcStat(pid)?.startTime ?? null;
}

let ownIdentity: ProcessIdentity | null = null;

/** This process, as recorded on the jobs it owns. */
export function currentProcess(): ProcessIdentity {
  ownIdentity ??= { pid: process.pid, startedAt: processStartTime(process.pid) };
  return ownIdentity;
}

export function identify(pid: number): ProcessIdentity {
  return pid === process.pid ? currentProcess() : { pid, startedAt: processStartTime(pid) };
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else, which still means alive.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A zombie has finished running; it only waits for its parent to reap it.
  return readProcStat(pid)?.state !== 'Z';
}

/** Alive, and the same process that was recorded (not another one that got its pid since). */
export function isSameProcessAlive(identity: ProcessIdentity): boolean {
  if (!isProcessAlive(identity.pid)) return false;
  if (identity.startedAt === null) return true;
  const now = processStartTime(identity.pid);
  return now === null || now === identity.startedAt;
}

/** For owners that must heartbeat to count as alive (schedule coordinators, the scheduler lease). */
export function isOwnerAlive(job: { ownerPid: number; heartbeatAt: number }, now = Date.now()): boolean {
  return isProcessAlive(job.ownerPid) && now - job.heartbeatAt < HEARTBEAT_STALE_MS;
}

import { setTimeout as sleep } from 'node:timers/promises';
import {
  deleteJobOwnedBy,
  finishActivity,
  heartbeatJobsOwnedBy,
  isCancelRequested,
  openDatabase,
  setActivityStep,
  setJobOwner,
  type WriteDb,
} from '../store';
import { tryClaim } from './job-claim';
import { currentProcess } from './process-liveness';
import { connectToParent } from './parent-channel';
import { ProgressReporter } from './progress-reporter';
import { parseWorkerArgv } from './protocol';
import { executeRun } from './execute-run';

// The run process: executes exactly one activity on its own database connection, then exits.
// Started by main (utilityProcess under Electron, child_process.fork under the Node host) or by
// the CLI. It waits for its connected system to be free, so queued runs survive their starter.

const HEARTBEAT_MS = 1000;
const CLAIM_POLL_MS = 250;

async function waitForTurn(db: WriteDb, activityId: number): Promise<'claimed' | 'gone' | 'cancelled'> {
  let shownAhead: number | null = null;
  for (;;) {
    // A cancel asked for while the run was queued (by main, another window or the CLI) wins.
    if (isCancelRequested(db, activityId)) return 'cancelled';
    const result = tryClaim(db, activityId, currentProcess());
    if (result.claimed) return 'claimed';
    if ('gone' in result) return 'gone';
    if (shownAhead !== result.waitingFor) {
      shownAhead = result.waitingFor;
      setActivityStep(db, activityId, 'Queued', `Waiting for activity #${result.waitingFor} on the same connected system`);
    }
    await sleep(CLAIM_POLL_MS);
  }
}

async function run(): Promise<void> {
  const { databasePath, activityId } = parseWorkerArgv(process.argv.slice(2));
  const parent = connectToParent();
  const db = openDatabase(databasePath, { migrate: false });
  const controller = new AbortController();
  parent.onMessage((message) => {
    if (message.kind === 'cancel') controller.abort();
  });
  setJobOwner(db, activityId, currentProcess());
  const heartbeat = setInterval(() => {
    heartbeatJobsOwnedBy(db, process.pid);
    if (!controller.signal.aborted && isCancelRequested(db, activityId)) controller.abort();
  }, HEARTBEAT_MS);
  try {
    const turn = await waitForTurn(db, activityId);
    if (turn === 'gone') return;
    if (turn === 'cancelled') {
      finishActivity(db, activityId, { status: 'cancelled', message: 'Cancelled before it started' });
      return;
    }
    const reporter = new ProgressReporter(db, activityId, (progress) => void parent.send({ kind: 'progress', progress }));
    const outcome = await executeRun(db, activityId, { signal: controller.signal, progress: reporter });
    finishActivity(db, activityId, {
      ...outcome,
      step: outcome.status === 'cancelled' ? 'Cancelled' : 'Finished',
    });
  } finally {
    clearInterval(heartbeat);
    // A run that lost the race for its job (another process started it) must not release it.
    deleteJobOwnedBy(db, activityId, process.pid);
    db.close();
    await parent.send({ kind: 'finished', activityId });
  }
}

run().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`junction run process: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

import type { ActivityProgress } from '../../shared/model';

/** Messages a run process sends to whoever started it (main, or the CLI with --wait). */
export type WorkerMessage =
  | { kind: 'progress'; progress: ActivityProgress }
  | { kind: 'finished'; activityId: number };

/** Messages to a run process. Cancellation also travels through the database, for runs started elsewhere. */
export type ParentMessage = { kind: 'cancel' };

export interface WorkerArgs {
  databasePath: string;
  activityId: number;
}

export function workerArgv(args: WorkerArgs): string[] {
  return ['--db', args.databasePath, '--activity', String(args.activityId)];
}

export function parseWorkerArgv(argv: readonly string[]): WorkerArgs {
  const value = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const databasePath = value('--db');
  const activityId = Number(value('--activity'));
  if (!databasePath || !Number.isInteger(activityId) || activityId <= 0) {
    throw new Error('usage: worker --db FILE --activity ID');
  }
  return { databasePath, activityId };
}

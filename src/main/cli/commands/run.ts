import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { ActivityProgress, ActivitySummary } from '../../../shared/model';
import { getActivity } from '../../store';
import type { CommandEnv } from '../main';
import { activityJson, exitCodeFor, printActivity } from '../output';
import { profileNamed, systemNamed } from './lookup';

function waitForFinish(
  queue: ReturnType<ReturnType<CommandEnv['session']>['attachedQueue']>,
  activityId: number,
  onProgress: (progress: ActivityProgress) => void,
): Promise<ActivitySummary> {
  return new Promise((resolve) => {
    queue.on('progress', (progress) => {
      if (progress.activityId === activityId) onProgress(progress);
    });
    queue.on('finished', (activity) => {
      if (activity.id === activityId) resolve(activity);
    });
  });
}

export function registerRunCommand(program: Command, env: CommandEnv): void {
  program
    .command('run <system> <profile>')
    .description('run a run profile; prints the activity ID (exit codes with --wait: 0 complete, 2 complete with errors, 1 failed or cancelled)')
    .option('--wait', 'wait for the run to finish, showing progress on a terminal')
    .option('--json', 'print JSON')
    .action(async (systemName: string, profileName: string, options: { wait?: boolean; json?: boolean }) => {
      const session = env.session({ detachRuns: !options.wait });
      const system = systemNamed(session.db, systemName);
      const profile = profileNamed(session.db, system, profileName);
      const queue = options.wait ? session.attachedQueue() : null;
      queue?.start();
      const result = await session.call('runProfiles.execute', { id: profile.id });
      if (!queue) {
        if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
        else {
          const behind = result.queuedBehind ? ` (queued behind activity ${result.queuedBehind})` : '';
          process.stdout.write(`${result.activityId}${behind}\n`);
        }
        return;
      }
      if (!options.json) {
        const behind = result.queuedBehind ? `, queued behind activity ${result.queuedBehind}` : '';
        process.stderr.write(`Activity ${result.activityId}${behind}\n`);
      }
      const bar =
        !options.json && process.stderr.isTTY
          ? new SingleBar({ format: ' {step} [{bar}] {percentage}% | {value}/{total} | {rate} obj/s', stream: process.stderr })
          : null;
      let barStarted = false;
      const finished = await waitForFinish(queue, result.activityId, (progress) => {
        if (!bar || progress.objectsToProcess === null) return;
        const payload = { step: progress.step, rate: progress.objectsPerSecond };
        if (!barStarted) bar.start(progress.objectsToProcess, progress.objectsProcessed, payload);
        else bar.update(progress.objectsProcessed, payload);
        bar.setTotal(progress.objectsToProcess);
        barStarted = true;
      });
      if (barStarted) bar?.stop();
      const activity = getActivity(session.db, finished.id) ?? finished;
      if (options.json) process.stdout.write(`${JSON.stringify(activityJson(activity))}\n`);
      else printActivity(activity);
      process.exitCode = exitCodeFor(activity.status);
    });
}

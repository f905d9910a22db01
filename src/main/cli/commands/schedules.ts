import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { ApiError } from '../../../shared/contract';
import type { Schedule, ScheduleExecution } from '../../../shared/model';
import { ACTIVITY_STATUS_LABELS } from '../../../shared/model';
import { ExecutionEngine, recoverInterruptedExecutions, ScheduleConflictError } from '../../schedules/engine';
import { describeTrigger } from '../../schedules/describe';
import { Scheduler } from '../../schedules/scheduler';
import { executionView } from '../../schedules/views';
import { findScheduleByName } from '../../store';
import type { CliSession } from '../cli-context';
import type { CommandEnv } from '../main';
import { exitCodeFor, printJson, printTable, UsageError } from '../output';

type Session = ReturnType<CommandEnv['session']>;

function scheduleNamed(session: Session, name: string): number {
  const schedule = findScheduleByName(session.db, name);
  if (!schedule) throw new UsageError(`no schedule named "${name}" (see \`junction schedules list\`)`);
  return schedule.id;
}

const local = (iso: string | null): string => (iso ? new Date(iso).toLocaleString() : '');

function stepRail(execution: ScheduleExecution): string {
  return execution.steps
    .map((s) => `${s.group}. ${s.systemName ? `${s.systemName}/` : ''}${s.runProfileName} ${s.state}${s.activityId ? ` (#${s.activityId})` : ''}`)
    .join('; ');
}

function printSchedule(schedule: Schedule, executions: ScheduleExecution[]): void {
  const lines = [
    `Schedule ${schedule.id}: ${schedule.name}${schedule.enabled ? '' : ' (disabled)'}`,
    ...(schedule.description ? [`Description: ${schedule.description}`] : []),
    `Trigger:  ${describeTrigger(schedule.trigger)}`,
    `Next:     ${schedule.nextRunTimes.length ? schedule.nextRunTimes.map(local).join(', ') : 'none'}`,
    ...(schedule.missedRunAt ? [`Missed:   ${local(schedule.missedRunAt)} (not replayed; run it with \`junction schedules run "${schedule.name}"\`)`] : []),
    'Steps:',
    ...schedule.steps.map(
      (s) =>
        `  ${s.group}. ${s.systemName} / ${s.runProfileName}${s.parallelWithPrevious ? ' (parallel with previous)' : ''}${s.continueOnFailure ? ' (continues on failure)' : ''}`,
    ),
    executions.length ? 'Last executions:' : 'Last executions: none',
    ...executions.flatMap((e) => [
      `  #${e.id} ${ACTIVITY_STATUS_LABELS[e.status]} (${e.initiatedBy}) ${local(e.startedAt)}${e.endedAt ? ` – ${local(e.endedAt)}` : ''}${e.message ? `: ${e.message}` : ''}`,
      `     ${stepRail(e)}`,
    ]),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Runs the execution coordinator (and with it, the steps' run processes) in this process. */
function localEngine(session: Session): ExecutionEngine {
  const queue = session.attachedQueue();
  queue.start();
  const engine = new ExecutionEngine(session.db, queue);
  engine.start();
  return engine;
}

export function registerScheduleCommands(program: Command, env: CommandEnv): void {
  const schedules = program.command('schedules').description('list, show and run schedules');
  schedules
    .command('list')
    .description('list schedules with their trigger, next run and last execution')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const session = env.session();
      recoverInterruptedExecutions(session.db);
      const list = await session.call('schedules.list', {});
      if (options.json) return printJson(list);
      printTable(
        ['ID', 'NAME', 'ENABLED', 'TRIGGER', 'STEPS', 'NEXT RUN', 'LAST', 'MISSED'],
        list.map((s) => [
          s.id,
          s.name,
          s.enabled ? 'yes' : 'no',
          describeTrigger(s.trigger),
          s.steps.length,
          local(s.nextRunTimes[0] ?? null),
          s.lastExecution ? `#${s.lastExecution.id} ${s.lastExecution.status}` : '',
          local(s.missedRunAt),
        ]),
      );
    });
  schedules
    .command('show <name>')
    .description('show a schedule: trigger, steps, next runs and the last executions with their step states')
    .option('--json', 'print JSON')
    .option('--executions <n>', 'how many executions to show', '5')
    .action(async (name: string, options: { json?: boolean; executions: string }) => {
      const session = env.session();
      recoverInterruptedExecutions(session.db);
      const id = scheduleNamed(session, name);
      const schedule = await session.call('schedules.get', { id });
      const limit = Math.max(1, Math.min(1000, Number(options.executions) || 5));
      const executions = await session.call('schedules.executions', { scheduleId: id, offset: 0, limit });
      if (options.json) return printJson({ ...schedule, executions: executions.rows });
      printSchedule(schedule, executions.rows);
    });
  schedules
    .command('run <name>')
    .description(
      'run a schedule now and print its execution id; without --wait it is handed to the running scheduler, or to a background process of its own when none runs (exit codes with --wait: 0 complete, 2 complete with errors, 1 failed or cancelled)',
    )
    .option('--wait', 'run it here and wait for it to finish, printing each step')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { wait?: boolean; json?: boolean }) => {
      const session = env.session({ detachRuns: !options.wait });
      recoverInterruptedExecutions(session.db);
      const id = scheduleNamed(session, name);
      if (!options.wait) {
        const executionId = await startDetached(session, id, name);
        if (options.json) process.stdout.write(`${JSON.stringify({ executionId })}\n`);
        else process.stdout.write(`${executionId}\n`);
        return;
      }
      const engine = localEngine(session);
      const shown = new Map<number, string>();
      let executionId = 0;
      const finished = new Promise<ScheduleExecution>((resolve) => {
        engine.on('changed', (execution) => {
          // Events before run() returns can only be this execution's: this engine coordinates nothing else.
          if (executionId !== 0 && execution.id !== executionId) return;
          if (!options.json) {
            for (const step of execution.steps) {
              if (shown.get(step.stepIndex) === step.state || step.state === 'pending') continue;
              shown.set(step.stepIndex, step.state);
              process.stderr.write(`  step ${step.group}: ${step.systemName} / ${step.runProfileName}: ${step.state}${step.activityId ? ` (activity ${step.activityId})` : ''}\n`);
            }
          }
          if (execution.status !== 'inProgress') resolve(execution);
        });
      });
      try {
        executionId = engine.run(id, 'cli');
      } catch (error) {
        engine.stop();
        if (error instanceof ScheduleConflictError) throw new UsageError(error.message);
        throw error;
      }
      if (!options.json) process.stderr.write(`Execution ${executionId} of "${name}"\n`);
      // It may already be over (no step could be queued).
      const early = executionView(session.db, executionId);
      const result = early && early.status !== 'inProgress' ? early : await finished;
      engine.stop();
      if (options.json) printJson(result);
      else {
        process.stdout.write(
          `Execution ${result.id}: ${ACTIVITY_STATUS_LABELS[result.status]} (${result.status})${result.message ? `: ${result.message}` : ''}\n`,
        );
      }
      process.exitCode = exitCodeFor(result.status);
    });

  program
    .command('scheduler')
    .description('the scheduler as a foreground process')
    .command('run')
    .description('fire schedules on their triggers until stopped (Ctrl+C); prints each execution start and end')
    .action(async () => {
      const session = env.session({ detachRuns: false });
      const engine = localEngine(session);
      const scheduler = new Scheduler(session.db, engine);
      const say = (line: string): void => void process.stdout.write(`${new Date().toLocaleString()}  ${line}\n`);
      engine.on('changed', (execution) => {
        if (execution.status !== 'inProgress') {
          say(`execution #${execution.id} of "${execution.scheduleName}" ended: ${execution.status}${execution.message ? ` (${execution.message})` : ''}`);
        }
      });
      scheduler.on('fired', (outcome) => {
        const schedule = session.db.prepare('SELECT name FROM schedules WHERE id = ?').get(outcome.scheduleId) as { name: string } | undefined;
        const label = `"${schedule?.name ?? outcome.scheduleId}"`;
        if (outcome.kind === 'started') say(`execution #${outcome.executionId} of ${label} started (slot ${outcome.slot.toLocaleString()})`);
        else if (outcome.kind === 'skipped') say(`${label} skipped: execution #${outcome.runningId} is still running`);
        else if (outcome.kind === 'missed') say(`${label} missed its slot of ${outcome.slot.toLocaleString()} (not replayed)`);
        else say(`${label} not started: ${outcome.reason}`);
      });
      scheduler.start();
      say(scheduler.holdsLease() ? 'scheduler running (Ctrl+C stops)' : 'another scheduler (the app?) is active: standing by (Ctrl+C stops)');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      scheduler.stop();
      engine.stop();
      say('scheduler stopped');
    });
}

/**
 * Without --wait: hand the execution to the running scheduler (the app or `junction scheduler
 * run`); with none running, start this same command with --wait as a detached process that
 * coordinates it, and report the execution it creates.
 */
async function startDetached(session: CliSession, scheduleId: number, name: string): Promise<number> {
  try {
    return (await session.call('schedules.runNow', { id: scheduleId })).executionId;
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'unavailable') throw error;
  }
  const before = (await session.call('schedules.executions', { scheduleId, offset: 0, limit: 1 })).rows[0]?.id ?? 0;
  // The command that is running now (the junction launcher or out/main/cli.js), run again with --wait.
  const entry = process.argv[1] ?? '';
  const child = spawn(process.execPath, [entry, '--db', session.databasePath, 'schedules', 'run', name, '--wait', '--json'], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  for (let waited = 0; waited < 15_000; waited += 100) {
    await sleep(100);
    const latest = (await session.call('schedules.executions', { scheduleId, offset: 0, limit: 1 })).rows[0];
    if (latest && latest.id > before) return latest.id;
  }
  throw new Error(`The execution of "${name}" did not start; try \`junction schedules run "${name}" --wait\``);
}

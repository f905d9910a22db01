import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { ExecuteResult } from '../../src/shared/contract';
import type { ActivityStatus, ActivitySummary, Initiator, ScheduleTrigger } from '../../src/shared/model';
import { createQueuedRun } from '../../src/main/runs/queued-run';
import { ExecutionEngine, type StepRunner } from '../../src/main/schedules/engine';
import { Scheduler } from '../../src/main/schedules/scheduler';
import { lastFireTimeBetween, nextFireTimes } from '../../src/main/schedules/triggers';
import { executionView } from '../../src/main/schedules/views';
import {
  deleteJobForActivity,
  finishActivity,
  getActivity,
  getScheduleRecord,
  requestActivityCancel,
  setScheduleChecked,
  type WriteDb,
} from '../../src/main/store';
import { createFileSystem, createRunProfile, openTestEnv, type TestEnv } from '../support/engine';
import { makeTempDir, writeCsv } from '../support/temp';

// Local wall-clock dates (the scheduler works in the machine's time zone). 2025-01-06 is a Monday.
const at = (day: number, h: number, m = 0): Date => new Date(2025, 0, day, h, m);
const hm = (d: Date): string => `${d.getDate()} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

describe('trigger fire times', () => {
  it('specific times on chosen weekdays', () => {
    const trigger: ScheduleTrigger = { kind: 'times', daysOfWeek: [1, 3], times: ['18:00', '06:30'] };
    // Monday 6 Jan 07:00: Mon 18:00, Wed 06:30, Wed 18:00, Mon 13 06:30, Mon 13 18:00
    expect(nextFireTimes(trigger, at(6, 7), 5).map(hm)).toEqual(['6 18:00', '8 06:30', '8 18:00', '13 06:30', '13 18:00']);
    // Strictly after: a slot exactly at the reference is not next.
    expect(nextFireTimes(trigger, at(6, 18), 1).map(hm)).toEqual(['8 06:30']);
  });

  it('every N minutes inside a daily window, edges included', () => {
    const trigger: ScheduleTrigger = { kind: 'interval', every: 20, unit: 'minutes', daysOfWeek: [1, 2, 3, 4, 5], windowStart: '08:00', windowEnd: '09:00' };
    expect(nextFireTimes(trigger, at(6, 7, 59), 5).map(hm)).toEqual(['6 08:00', '6 08:20', '6 08:40', '6 09:00', '7 08:00']);
    // Friday 10 after the window: the next is Monday 13 (the weekend is skipped).
    expect(nextFireTimes(trigger, at(10, 9, 0), 1).map(hm)).toEqual(['13 08:00']);
    const hours: ScheduleTrigger = { kind: 'interval', every: 4, unit: 'hours', daysOfWeek: [0, 1, 2, 3, 4, 5, 6], windowStart: '00:00', windowEnd: '00:00' };
    expect(nextFireTimes(hours, at(6, 1), 7).map(hm)).toEqual(['6 04:00', '6 08:00', '6 12:00', '6 16:00', '6 20:00', '7 00:00', '7 04:00']);
  });

  it('a window crossing midnight belongs to the day it opens', () => {
    const trigger: ScheduleTrigger = { kind: 'interval', every: 1, unit: 'hours', daysOfWeek: [5], windowStart: '23:00', windowEnd: '01:00' };
    // Friday 10 23:00, Sat 11 00:00, Sat 11 01:00, then next Friday.
    expect(nextFireTimes(trigger, at(9, 12), 4).map(hm)).toEqual(['10 23:00', '11 00:00', '11 01:00', '17 23:00']);
  });

  it('custom cron in local time, via croner', () => {
    expect(nextFireTimes({ kind: 'cron', expression: '15 2 * * 1-5' }, at(6, 3), 3).map(hm)).toEqual(['7 02:15', '8 02:15', '9 02:15']);
    expect(() => nextFireTimes({ kind: 'cron', expression: 'not a cron' }, at(6, 3), 1)).toThrow(/Invalid cron/);
    expect(nextFireTimes({ kind: 'manual' }, at(6, 3), 5)).toEqual([]);
  });

  it('the latest slot in a range', () => {
    const trigger: ScheduleTrigger = { kind: 'times', daysOfWeek: [0, 1, 2, 3, 4, 5, 6], times: ['06:00'] };
    expect(hm(lastFireTimeBetween(trigger, at(3, 12), at(6, 7)) as Date)).toBe('6 06:00');
    expect(lastFireTimeBetween(trigger, at(6, 6), at(6, 7))).toBeNull();
    expect(hm(lastFireTimeBetween({ kind: 'cron', expression: '*/10 * * * *' }, at(6, 6), at(6, 7, 5)) as Date)).toBe('6 07:00');
  });
});

/** Runs that never start a process: the test finishes them. */
class FakeRunner extends EventEmitter<{ finished: [ActivitySummary] }> implements StepRunner {
  readonly queued: number[] = [];
  constructor(private readonly db: WriteDb) {
    super();
  }
  enqueue(runProfileId: number, initiatedBy: Initiator): ExecuteResult {
    const result = createQueuedRun(this.db, runProfileId, initiatedBy, process.pid);
    this.queued.push(result.activityId);
    return result;
  }
  cancel(activityId: number): void {
    requestActivityCancel(this.db, activityId);
    this.complete(activityId, 'cancelled');
  }
  complete(activityId: number, status: Exclude<ActivityStatus, 'inProgress'>, errorMessage: string | null = null): void {
    finishActivity(this.db, activityId, { status, errorMessage });
    deleteJobForActivity(this.db, activityId);
    const activity = getActivity(this.db, activityId);
    if (activity) this.emit('finished', activity);
  }
  /** The run of each queued step that is still in progress. */
  live(): number[] {
    return this.queued.filter((id) => getActivity(this.db, id)?.status === 'inProgress');
  }
}

interface Lab {
  env: TestEnv;
  runner: FakeRunner;
  engine: ExecutionEngine;
  clock: { now: Date };
  scheduler: Scheduler;
  profiles: { a1: number; a2: number; b1: number };
}

async function lab(): Promise<Lab> {
  const dir = makeTempDir();
  const clock = { now: at(6, 7, 0) };
  const env = openTestEnv(dir);
  const file = writeCsv(dir, 'people.csv', 'id,name\n1,Ann\n');
  const a = await createFileSystem(env, { name: 'A', filePath: file });
  const b = await createFileSystem(env, { name: 'B', filePath: file });
  const a1 = (await createRunProfile(env, a.id, { name: 'A import' })).id;
  const a2 = (await createRunProfile(env, a.id, { name: 'A sync', runType: 'fullSync' })).id;
  const b1 = (await createRunProfile(env, b.id, { name: 'B import' })).id;
  const runner = new FakeRunner(env.db);
  const engine = new ExecutionEngine(env.db, runner);
  runner.on('finished', (activity) => {
    if (activity.parentActivityId !== null) engine.advance(activity.parentActivityId);
  });
  const scheduler = new Scheduler(env.db, engine, { now: () => clock.now });
  return { env, runner, engine, clock, scheduler, profiles: { a1, a2, b1 } };
}

async function createSchedule(
  l: Lab,
  trigger: ScheduleTrigger,
  steps: { runProfileId: number; parallelWithPrevious?: boolean; continueOnFailure?: boolean }[],
): Promise<number> {
  const id = (await l.env.call('schedules.create', { name: `S${Math.random()}`, trigger, steps })).id;
  // The handlers run on the real clock: start the schedule's cursor at the fake now.
  setScheduleChecked(l.env.db, id, l.clock.now.getTime());
  return id;
}

const states = (db: WriteDb, id: number): string[] => executionView(db, id)?.steps.map((s) => s.state) ?? [];

describe('scheduler (fake clock)', () => {
  it('fires a due slot once, then waits for the next', async () => {
    const l = await lab();
    const id = await createSchedule(l, { kind: 'times', daysOfWeek: [1], times: ['07:30'] }, [{ runProfileId: l.profiles.a1 }]);
    l.clock.now = at(6, 7, 29);
    expect(l.scheduler.tick()).toEqual([]);
    l.clock.now = at(6, 7, 30);
    const [fired] = l.scheduler.tick();
    expect(fired).toMatchObject({ kind: 'started', scheduleId: id });
    expect(l.scheduler.tick()).toEqual([]);
    l.clock.now = at(6, 7, 45);
    expect(l.scheduler.tick()).toEqual([]);
    const view = await l.env.call('schedules.get', { id });
    expect(view.lastExecution?.status).toBe('inProgress');
    // Next runs (from the real clock): Mondays at 07:30 local.
    expect(view.nextRunTimes.map((t) => [new Date(t).getDay(), new Date(t).getHours(), new Date(t).getMinutes()])).toEqual(Array(5).fill([1, 7, 30]));
  });

  it('skips a trigger while the previous execution runs, and records it', async () => {
    const l = await lab();
    const id = await createSchedule(l, { kind: 'interval', every: 5, unit: 'minutes', daysOfWeek: [1], windowStart: '07:00', windowEnd: '08:00' }, [{ runProfileId: l.profiles.a1 }]);
    l.clock.now = at(6, 7, 5);
    const first = l.scheduler.tick()[0];
    expect(first?.kind).toBe('started');
    l.clock.now = at(6, 7, 10);
    const second = l.scheduler.tick()[0];
    expect(second).toMatchObject({ kind: 'skipped', runningId: first && 'executionId' in first ? first.executionId : -1 });
    const skipped = second && 'executionId' in second ? executionView(l.env.db, second.executionId) : undefined;
    expect(skipped?.status).toBe('completeWithWarning');
    expect(skipped?.message).toMatch(/Skipped: the previous execution .* is still running/);
    expect(skipped?.steps.map((s) => s.state)).toEqual(['notRun']);
    // Once the first ends, the next slot runs again.
    l.runner.complete(l.runner.live()[0] ?? -1, 'complete');
    l.clock.now = at(6, 7, 15);
    expect(l.scheduler.tick()[0]?.kind).toBe('started');
    const executions = await l.env.call('schedules.executions', { scheduleId: id, offset: 0, limit: 10 });
    expect(executions.rows.map((e) => e.status)).toEqual(['inProgress', 'completeWithWarning', 'complete']);
  });

  it('does not replay slots missed while no scheduler ran, but shows the latest', async () => {
    const l = await lab();
    const id = await createSchedule(l, { kind: 'times', daysOfWeek: [0, 1, 2, 3, 4, 5, 6], times: ['06:00', '12:00'] }, [{ runProfileId: l.profiles.a1 }]);
    // Junction was closed for two days.
    l.clock.now = at(8, 13, 0);
    const outcomes = l.scheduler.tick();
    expect(outcomes).toEqual([{ scheduleId: id, kind: 'missed', slot: at(8, 12, 0) }]);
    expect(l.runner.queued).toEqual([]);
    expect((await l.env.call('schedules.get', { id })).missedRunAt).toBe(at(8, 12, 0).toISOString());
    // A slot just a little late (within the grace) fires.
    l.clock.now = at(9, 6, 1);
    expect(l.scheduler.tick()[0]?.kind).toBe('started');
    expect(getScheduleRecord(l.env.db, id)?.missedRunAt).toBeNull();
  });

  it('never fires disabled or manual schedules', async () => {
    const l = await lab();
    const id = await createSchedule(l, { kind: 'times', daysOfWeek: [1], times: ['07:30'] }, [{ runProfileId: l.profiles.a1 }]);
    await createSchedule(l, { kind: 'manual' }, [{ runProfileId: l.profiles.a1 }]);
    await l.env.call('schedules.setEnabled', { id, enabled: false });
    l.clock.now = at(6, 7, 30);
    expect(l.scheduler.tick()).toEqual([]);
  });
});

describe('execution engine (fake runs)', () => {
  it('runs groups in order, a parallel group together', async () => {
    const l = await lab();
    const id = await createSchedule(l, { kind: 'manual' }, [
      { runProfileId: l.profiles.a1 },
      { runProfileId: l.profiles.b1, parallelWithPrevious: true },
      { runProfileId: l.profiles.a2 },
    ]);
    const ex = l.engine.run(id, 'user');
    expect(l.runner.live()).toHaveLength(2);
    expect(states(l.env.db, ex)).toEqual(['pending', 'pending', 'pending']);
    const [a1, b1] = l.runner.live();
    l.runner.complete(a1 ?? -1, 'complete');
    expect(l.runner.live()).toEqual([b1]); // the group waits for its slowest step
    l.runner.complete(b1 ?? -1, 'completeWithWarning');
    expect(l.runner.live()).toHaveLength(1);
    l.runner.complete(l.runner.live()[0] ?? -1, 'complete');
    const view = executionView(l.env.db, ex);
    expect(view?.status).toBe('completeWithWarning'); // a warning never stops it
    expect(view?.steps.map((s) => [s.group, s.state])).toEqual([[1, 'done'], [1, 'warning'], [2, 'done']]);
    expect(getActivity(l.env.db, a1 ?? -1)).toMatchObject({ parentActivityId: ex, initiatedBy: 'schedule', kind: 'run' });
    // One row on the Activities page.
    const top = await l.env.call('activities.list', { offset: 0, limit: 10 });
    expect(top.rows.map((r) => r.id)).toEqual([ex]);
    expect((await l.env.call('activities.children', { id: ex })).map((c) => c.id)).toHaveLength(3);
  });

  it('a failed step stops the schedule; the rest show not run', async () => {
    const l = await lab();
    const id = await createSchedule(l, { kind: 'manual' }, [{ runProfileId: l.profiles.a1 }, { runProfileId: l.profiles.a2 }, { runProfileId: l.profiles.b1 }]);
    const ex = l.engine.run(id, 'user');
    l.runner.complete(l.runner.live()[0] ?? -1, 'completeWithError', '3 rows failed');
    const view = executionView(l.env.db, ex);
    expect(view?.status).toBe('failedWithError');
    expect(view?.message).toMatch(/Step 1 of 3 .* completed with errors: 3 rows failed; 2 steps not run/);
    expect(view?.steps.map((s) => s.state)).toEqual(['failed', 'notRun', 'notRun']);
  });

  it('continue on failure goes on and ends complete with error', async () => {
    const l = await lab();
    const id = await createSchedule(l, { kind: 'manual' }, [{ runProfileId: l.profiles.a1, continueOnFailure: true }, { runProfileId: l.profiles.a2 }]);
    const ex = l.engine.run(id, 'user');
    l.runner.complete(l.runner.live()[0] ?? -1, 'failedWithError', 'file missing');
    expect(l.runner.live()).toHaveLength(1);
    l.runner.complete(l.runner.live()[0] ?? -1, 'complete');
    expect(executionView(l.env.db, ex)).toMatchObject({ status: 'completeWithError' });
    expect(states(l.env.db, ex)).toEqual(['failed', 'done']);
  });

  it('cancel stops the running steps and drops the rest', async () => {
    const l = await lab();
    const id = await createSchedule(l, { kind: 'manual' }, [{ runProfileId: l.profiles.a1 }, { runProfileId: l.profiles.b1, parallelWithPrevious: true }, { runProfileId: l.profiles.a2 }]);
    const ex = l.engine.run(id, 'user');
    await l.env.call('activities.cancel', { id: ex }); // through the activity, as the Activities page does
    l.engine.tick(); // the cancel was asked through the database (the test handlers have no engine)
    const view = executionView(l.env.db, ex);
    expect(view?.status).toBe('cancelled');
    expect(view?.steps.map((s) => s.state)).toEqual(['cancelled', 'cancelled', 'notRun']);
    expect(l.runner.live()).toEqual([]);
  });

  it('refuses to run a disabled or already running schedule', async () => {
    const l = await lab();
    const id = await createSchedule(l, { kind: 'manual' }, [{ runProfileId: l.profiles.a1 }]);
    l.engine.run(id, 'user');
    expect(() => l.engine.run(id, 'user')).toThrow(/already running/);
    await l.env.call('schedules.setEnabled', { id, enabled: false });
    expect(() => l.engine.run(id, 'user')).toThrow(/disabled/);
  });

  it('after a crash mid-execution, recovery fails it as interrupted with the rest not run', async () => {
    const l = await lab();
    const id = await createSchedule(l, { kind: 'manual' }, [{ runProfileId: l.profiles.a1 }, { runProfileId: l.profiles.a2 }]);
    // A coordinator that died: a finished process's pid owns the execution and its queued step.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid ?? 999_999;
    const crashedRunner = { ...l.runner, enqueue: (p: number, i: Initiator) => createQueuedRun(l.env.db, p, i, dead) } as unknown as StepRunner;
    const crashed = new ExecutionEngine(l.env.db, crashedRunner, dead);
    const ex = crashed.run(id, 'user');
    expect(states(l.env.db, ex)).toEqual(['pending', 'pending']);
    // The next start: this process's engine recovers it.
    l.engine.tick();
    const view = executionView(l.env.db, ex);
    expect(view?.status).toBe('failedWithError');
    expect(view?.message).toMatch(/Interrupted: the process coordinating it \(pid \d+\) ended .*; 1 step not run/);
    expect(view?.steps.map((s) => s.state)).toEqual(['failed', 'notRun']);
    expect(getActivity(l.env.db, view?.steps[0]?.activityId ?? -1)?.errorMessage).toMatch(/Interrupted/);
  });

  it('a step whose run cannot be queued fails like a failed run', async () => {
    const l = await lab();
    const id = await createSchedule(l, { kind: 'manual' }, [{ runProfileId: l.profiles.a1 }]);
    const failing = { ...l.runner, enqueue: () => { throw new Error('Run profile 1 does not exist'); } } as unknown as StepRunner;
    const engine = new ExecutionEngine(l.env.db, failing);
    const ex = engine.run(id, 'user');
    expect(executionView(l.env.db, ex)).toMatchObject({ status: 'failedWithError', steps: [{ state: 'failed', error: 'Run profile 1 does not exist' }] });
  });
});

describe('schedule validation', () => {
  it('refuses non-run-profile steps, bad cron and unknown run profiles', async () => {
    const l = await lab();
    const base = { name: 'Nightly', trigger: { kind: 'manual' as const }, steps: [{ runProfileId: l.profiles.a1 }] };
    await expect(l.env.call('schedules.create', { ...base, steps: [{ kind: 'powerShell', runProfileId: l.profiles.a1 }] } as never)).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/Only run profile steps/),
    });
    await expect(l.env.call('schedules.create', { ...base, trigger: { kind: 'cron', expression: '61 * * * *' } })).rejects.toMatchObject({
      code: 'validation',
      fields: { 'trigger.expression': expect.stringMatching(/Invalid cron/) },
    });
    await expect(l.env.call('schedules.create', { ...base, steps: [{ runProfileId: 9999 }] })).rejects.toMatchObject({ fields: { 'steps.0.runProfileId': expect.any(String) } });
    await l.env.call('schedules.create', base);
    await expect(l.env.call('schedules.create', base)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('previews the next five times or the error', async () => {
    const l = await lab();
    const ok = await l.env.call('schedules.preview', { trigger: { kind: 'cron', expression: '0 3 * * *' } });
    expect(ok.error).toBeNull();
    expect(ok.nextRunTimes).toHaveLength(5);
    expect(await l.env.call('schedules.preview', { trigger: { kind: 'cron', expression: 'nope' } })).toMatchObject({ nextRunTimes: [], error: expect.stringMatching(/Invalid cron/) });
    expect((await l.env.call('schedules.preview', { trigger: { kind: 'times', daysOfWeek: [], times: ['07:00'] } })).error).toMatch(/Choose at least one day/);
  });
});

describe('schedules in config export / apply', () => {
  it('round-trips by name and reports no changes the second time', async () => {
    const l = await lab();
    await l.env.call('schedules.create', {
      name: 'Nightly',
      trigger: { kind: 'interval', every: 2, unit: 'hours', daysOfWeek: [1, 2], windowStart: '22:00', windowEnd: '04:00' },
      steps: [{ runProfileId: l.profiles.a1 }, { runProfileId: l.profiles.b1, parallelWithPrevious: true, continueOnFailure: true }],
    });
    const { text } = await l.env.call('config.export', { format: 'yaml' });
    expect(text).toMatch(/schedules:\n {2}- name: Nightly/);
    expect((await l.env.call('config.apply', { text, dryRun: false })).changes).toEqual([]);
    const renamed = text.replace('name: Nightly', 'name: Nightly 2').replace("runProfile: B import", 'runProfile: Nope');
    await expect(l.env.call('config.apply', { text: renamed, dryRun: false })).rejects.toMatchObject({
      fields: { 'schedules[0].steps[1].runProfile': expect.stringMatching(/no run profile named "Nope"/) },
    });
    const copy = text.replace('name: Nightly', 'name: Nightly 2');
    expect((await l.env.call('config.apply', { text: copy, dryRun: false })).changes).toEqual(['schedule Nightly 2: created']);
    expect((await l.env.call('schedules.list', {})).map((s) => s.steps.map((x) => [x.systemName, x.group, x.continueOnFailure]))).toEqual([
      [['A', 1, false], ['B', 1, true]],
      [['A', 1, false], ['B', 1, true]],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { runHousekeeping } from '../../src/main/housekeeping/housekeeping';
import { scheduleHousekeeping, type HousekeepingTimer } from '../../src/main/housekeeping/housekeeping-timer';
import { listActivities } from '../../src/main/store';
import { SyncLab } from '../support/sync-lab';
import { openTestEnv } from '../support/engine';
import { makeTempDir } from '../support/temp';

const DAY = 24 * 60 * 60 * 1000;
const KEEP = ['K1', 'Keeper'];

async function lab(): Promise<{ lab: SyncLab; hr: Awaited<ReturnType<SyncLab['system']>> }> {
  const l = SyncLab.open();
  await l.attributes(['employeeId', 'firstName']);
  const hr = await l.system('HR', { columns: ['id', 'firstName'], rows: [KEEP, ['E1', 'Ada']] });
  await l.rule({
    name: 'HR in',
    connectedSystemId: hr.id,
    csObjectType: 'person',
    mvObjectType: 'person',
    direction: 'inbound',
    projectToMetaverse: true,
    matching: [{ sources: ['id'], target: 'employeeId' }],
    flows: [SyncLab.flow('employeeId', 'id'), SyncLab.flow('firstName', 'firstName')],
  });
  return { lab: l, hr };
}

describe('settings', () => {
  it('retention defaults to 90 days and can be changed within 1-3650', async () => {
    const env = openTestEnv(makeTempDir());
    expect(await env.call('settings.get', {})).toEqual({ retentionDays: 90 });
    expect(await env.call('settings.update', { retentionDays: 30 })).toEqual({ retentionDays: 30 });
    expect(await env.call('settings.get', {})).toEqual({ retentionDays: 30 });
    await expect(env.call('settings.update', { retentionDays: 0 })).rejects.toThrow();
    await expect(env.call('settings.update', { retentionDays: 3651 })).rejects.toThrow();
  });
});

describe('housekeeping', () => {
  it('purges activities (and their items) older than the retention period, never one in progress', async () => {
    const { lab: l, hr } = await lab();
    const imported = await l.run(hr, 'import');
    const synced = await l.run(hr, 'fullSync');
    const items = (id: number) => (l.db.prepare('SELECT COUNT(*) AS n FROM execution_items WHERE activity_id = ?').get(id) as { n: number }).n;
    expect(items(imported.activity.id)).toBe(2);
    // Age the import by 100 days; an in-progress activity just as old is never purged.
    const old = new Date(Date.now() - 100 * DAY).toISOString();
    l.db.prepare('UPDATE activities SET created_at = ? WHERE id = ?').run(old, imported.activity.id);
    l.db.prepare("UPDATE activities SET created_at = ?, status = 'inProgress' WHERE id = ?").run(old, synced.activity.id);

    const now = new Date();
    const result = await runHousekeeping(l.db, now);
    expect(result).toMatchObject({ activitiesPurged: 1, executionItemsPurged: 2, objectsDeleted: 0, retentionDays: 90 });
    expect(items(imported.activity.id)).toBe(0);
    const remaining = listActivities(l.db, { offset: 0, limit: 100 }).rows;
    expect(remaining.map((a) => a.id)).not.toContain(imported.activity.id);
    expect(remaining.map((a) => a.id)).toContain(synced.activity.id);
    const pass = remaining.find((a) => a.id === result.activityId);
    expect(pass).toMatchObject({ runType: null, runProfileName: 'Housekeeping', status: 'complete', kind: 'housekeeping' });
    expect(pass?.message).toContain('1 activity older than 90 day(s) purged');

    // Nothing left to do: no activity is recorded.
    expect((await runHousekeeping(l.db, now)).activityId).toBeNull();
    // A shorter retention purges more (with a fake "now" in the future).
    await l.env.call('settings.update', { retentionDays: 1 });
    l.db.prepare("UPDATE activities SET status = 'complete' WHERE id = ?").run(synced.activity.id);
    const later = await runHousekeeping(l.db, new Date(Date.now() + 2 * DAY));
    expect(later.activitiesPurged).toBe(2); // the sync and the first housekeeping pass
  });

  it('deletes metaverse objects whose grace period is over, queues deprovision deletes, one item per object', async () => {
    const { lab: l, hr } = await lab();
    const target = await l.system('Directory', { columns: ['id', 'name'], mode: 'exportOnly', noFile: true });
    await l.rule({
      name: 'Directory out',
      connectedSystemId: target.id,
      csObjectType: 'person',
      mvObjectType: 'person',
      direction: 'outbound',
      provisionToSystem: true,
      deprovisionAction: 'delete',
      flows: [SyncLab.flow('id', 'employeeId'), SyncLab.flow('name', 'firstName')],
    });
    await l.deletionRule('whenAuthoritativeSourceDisconnected', 3600, [hr.id]);
    await l.importAndSync(hr);
    await l.run(target, 'export');
    const e1 = l.mvoWhere('employeeId', 'E1')?.id as number;
    l.write(hr, [KEEP]);
    await l.importAndSync(hr, 'deltaSync');
    const due = l.mvo(e1)?.deletionDueAt as string;
    expect(due).toBeTruthy();

    // Before the due date: nothing happens.
    expect((await runHousekeeping(l.db, new Date(Date.parse(due) - 1000))).activityId).toBeNull();
    expect(l.mvo(e1)).toBeDefined();

    const result = await runHousekeeping(l.db, new Date(Date.parse(due) + 1000), { initiatedBy: 'cli' });
    expect(result.objectsDeleted).toBe(1);
    expect(result.counters).toMatchObject({ mvoDeleted: 1, deprovisioned: 1 });
    expect(l.mvo(e1)).toBeUndefined();
    expect((await l.pendingExports(target)).map((p) => [p.externalId, p.changeType])).toEqual([['E1', 'delete']]);
    const activity = await l.env.call('activities.get', { id: result.activityId as number });
    expect(activity).toMatchObject({ initiatedBy: 'cli', status: 'complete', runType: null, runProfileName: 'Housekeeping' });
    const items = await l.env.call('activities.items', { activityId: activity.id, offset: 0, limit: 100 });
    expect(items.rows).toHaveLength(1);
    expect(items.rows[0]).toMatchObject({ mvoId: e1, changeType: 'deleted', objectType: 'person' });
    expect(items.rows[0]?.outcome).toContain('delete queued to Directory');
  });

  it('runs at start and then every interval on an injected timer, until stopped', async () => {
    const env = openTestEnv(makeTempDir());
    env.db.prepare(
      `INSERT INTO activities (system_name, run_profile_name, run_type, status, step, initiated_by, created_at, counters)
       VALUES ('HR', 'Full', 'fullImport', 'complete', 'Finished', 'user', ?, '{}')`,
    ).run(new Date(Date.now() - 200 * DAY).toISOString());
    const pending: { callback: () => void; ms: number }[] = [];
    const timer: HousekeepingTimer = {
      setTimeout: (callback, ms) => pending.push({ callback, ms }),
      clearTimeout: () => undefined,
    };
    const passes: (number | null)[] = [];
    let resolvePass: () => void = () => undefined;
    const stop = scheduleHousekeeping(env.db, {
      timer,
      onPass: (r) => {
        passes.push(r.activityId);
        resolvePass();
      },
    });
    expect(pending.map((p) => p.ms)).toEqual([0]);
    let done = new Promise<void>((r) => (resolvePass = r));
    pending.shift()?.callback();
    await done;
    expect(passes).toHaveLength(1);
    expect(passes[0]).not.toBeNull();
    expect(pending.map((p) => p.ms)).toEqual([6 * 60 * 60 * 1000]);
    done = new Promise<void>((r) => (resolvePass = r));
    pending.shift()?.callback();
    await done;
    expect(passes[1]).toBeNull();
    stop();
    await new Promise((r) => setTimeout(r, 10));
  });
});

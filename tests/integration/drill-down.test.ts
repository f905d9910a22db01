import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COUNTERS_BY_RUN_TYPE, type ActivitySummary } from '../../src/shared/model';
import { ITEM_COUNTERS, isItemCounter, type ItemCounter } from '../../src/shared/model/drill-down';
import { runInProcess, openTestEnv, type TestEnv } from '../support/engine';
import { makeTempDir } from '../support/temp';

// Issue #10 §1: every counter opens the items behind it, every object has a history, and the
// pending views of a connector space hold what their counts say.

interface Cycle {
  env: TestEnv;
  systems: Record<string, number>;
  activities: Record<string, ActivitySummary>;
}

const CYCLE = ['HR full import', 'Training full import', 'HR full sync', 'Training full sync', 'Directory export', 'Directory full import'];

/** The demo lab with one broken HR row (no employee ID), run step by step; `stopBefore` leaves the rest unrun. */
async function labCycle(stopBefore?: string, days = 1): Promise<Cycle> {
  const env = openTestEnv(makeTempDir());
  const lab = await env.call('lab.create', { size: 'micro' });
  appendFileSync(join(lab.labDir, 'hr.csv'), ',Nobody,Without,,,,,,,,,,\n');
  const systems: Record<string, number> = {};
  const profiles: Record<string, number> = {};
  for (const system of await env.call('systems.list', {})) {
    systems[system.name] = system.id;
    for (const profile of await env.call('runProfiles.list', { systemId: system.id })) profiles[profile.name] = profile.id;
  }
  const activities: Record<string, ActivitySummary> = {};
  for (let day = 1; day <= days; day++) {
    // The next day brings joiners, movers and leavers: updates, deletions, deprovisioning.
    if (day > 1) await env.call('lab.nextDay', {});
    for (const name of CYCLE) {
      if (name === stopBefore) break;
      activities[day === 1 ? name : `${name} (day ${day})`] = (await runInProcess(env.db, profiles[name] as number)).activity;
    }
  }
  return { env, systems, activities };
}

// Counters that count objects, one item each; the others count events of which one object can have several.
const ONE_ITEM_PER_COUNT: ReadonlySet<ItemCounter> = new Set(['added', 'updated', 'deleted', 'errors', 'projected', 'joined', 'provisioned', 'exported', 'confirmed']);

describe('counters open the items behind them', () => {
  it('every non-zero counter of every run of a cycle filters to its items', async () => {
    const { env, activities } = await labCycle(undefined, 3);
    const moved = new Set<string>();
    for (const [name, activity] of Object.entries(activities)) {
      for (const counter of COUNTERS_BY_RUN_TYPE[activity.runType ?? 'fullImport'].filter(isItemCounter)) {
        const value = activity.counters[counter];
        const page = await env.call('activities.items', { activityId: activity.id, counter, limit: 1000 });
        if (ONE_ITEM_PER_COUNT.has(counter)) expect(page.total, `${name}: ${counter}`).toBe(value);
        else expect(page.total > 0, `${name}: ${counter}`).toBe(value > 0);
        expect(page.total, `${name}: ${counter}`).toBeLessThanOrEqual(value);
        if (value > 0) moved.add(counter);
      }
    }
    // Three days (joiners, movers, leavers) move every counter, so each filter met real items.
    expect([...moved].sort()).toEqual([...ITEM_COUNTERS].sort());
    const sync = activities['HR full sync'] as ActivitySummary;
    const provisioned = await env.call('activities.items', { activityId: sync.id, counter: 'provisioned' });
    expect(provisioned.rows.every((i) => /provisioned to Directory/.test(i.outcome ?? ''))).toBe(true);
  });

  it('each error type shows its count and opens its items', async () => {
    const { env, activities } = await labCycle('Training full import');
    const imported = activities['HR full import'] as ActivitySummary;
    expect(imported.counters.errors).toBe(1);
    const types = await env.call('activities.errorTypes', { id: imported.id });
    expect(types).toEqual([{ errorType: 'MissingExternalIdAttributeValue', count: 1 }]);
    const items = await env.call('activities.items', { activityId: imported.id, errorType: 'MissingExternalIdAttributeValue' });
    expect(items.total).toBe(1);
    expect(items.rows[0]?.errorType).toBe('MissingExternalIdAttributeValue');
    expect((await env.call('activities.items', { activityId: imported.id, errorType: 'DuplicateObject' })).total).toBe(0);
    await expect(env.call('activities.items', { activityId: imported.id, counter: 'unchanged' as ItemCounter })).rejects.toMatchObject({ code: 'validation' });
    await expect(env.call('activities.errorTypes', { id: 999 })).rejects.toMatchObject({ code: 'notFound' });
  });
});

describe('object histories', () => {
  it("a connector space object's history lists every item that touched it, newest first, with who ran it, a page at a time", async () => {
    const { env, systems, activities } = await labCycle();
    const directory = await env.call('connectorSpace.list', { systemId: systems['Directory'] as number, limit: 1 });
    const user = directory.rows[0];
    if (!user) throw new Error('the cycle provisioned nobody');
    const history = await env.call('connectorSpace.history', { id: user.id });
    // Exported, then read back (its first values) and confirmed by the import that followed.
    expect(history.rows.map((e) => [e.activity.runProfileName, e.changeType, e.outcome])).toEqual([
      ['Directory full import', 'updated', 'export confirmed'],
      ['Directory export', 'exported', expect.stringMatching(/^row created/)],
    ]);
    expect(history.rows.every((e) => e.csoId === user.id && e.activity.initiatedBy === 'user')).toBe(true);
    expect(history.nextBefore).toBeNull();

    const first = await env.call('connectorSpace.history', { id: user.id, limit: 1 });
    expect(first.rows.map((e) => e.activity.id)).toEqual([activities['Directory full import']?.id]);
    expect(first.nextBefore).toBe(first.rows[0]?.id);
    const second = await env.call('connectorSpace.history', { id: user.id, limit: 1, before: first.nextBefore ?? 0 });
    expect(second.rows.map((e) => e.activity.id)).toEqual([activities['Directory export']?.id]);
    expect(second.nextBefore).toBeNull();
    await expect(env.call('connectorSpace.history', { id: 999_999 })).rejects.toMatchObject({ code: 'notFound' });
    await expect(env.call('connectorSpace.history', { id: user.id, limit: 0 })).rejects.toMatchObject({ code: 'validation' });
  });

  it("a metaverse object's history holds its syncs and the items of its connected objects", async () => {
    const { env, systems } = await labCycle();
    const hr = await env.call('connectorSpace.list', { systemId: systems['HR'] as number, search: 'E0000002' });
    const person = hr.rows[0];
    if (!person?.mvoId) throw new Error('E0000002 was not projected');
    const history = await env.call('metaverse.history', { id: person.mvoId });
    const seen = history.rows.map((e) => `${e.activity.runProfileName}: ${e.changeType}`);
    expect(seen).toEqual(
      expect.arrayContaining(['HR full import: added', 'HR full sync: projected', 'Training full sync: joined', 'Directory export: exported', 'Directory full import: updated']),
    );
    const ids = history.rows.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    // Paging by two walks the same entries without repeats or gaps.
    const walked: number[] = [];
    let before: number | undefined;
    for (;;) {
      const next = await env.call('metaverse.history', { id: person.mvoId, limit: 2, ...(before ? { before } : {}) });
      walked.push(...next.rows.map((e) => e.id));
      if (next.nextBefore === null) break;
      before = next.nextBefore;
    }
    expect(walked).toEqual(ids);
  });

  it('reads histories through the indexes, not by scanning every item', async () => {
    const { env } = await labCycle('Training full import');
    const plan = (sql: string) =>
      (env.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1, 1, 1) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan('SELECT id FROM execution_items WHERE cso_id = ? AND id < ? ORDER BY id DESC LIMIT ?')).toMatch(/execution_items_by_cso/);
    expect(plan('SELECT id FROM execution_items WHERE mvo_id = ? AND id < ? ORDER BY id DESC LIMIT ?')).toMatch(/execution_items_by_mvo/);
  });
});

describe('pending views', () => {
  it('count each scope per system and list the objects in it', async () => {
    const staged = await labCycle('Directory export');
    const directoryId = staged.systems['Directory'] as number;
    const [counts] = await staged.env.call('connectorSpace.scopeCounts', { systemId: directoryId });
    const provisioned = staged.activities['HR full sync']?.counters.provisioned ?? 0;
    expect(provisioned).toBeGreaterThan(0);
    expect(counts?.counts).toMatchObject({ pendingExport: provisioned, pendingExportAdds: provisioned, pendingExportUpdates: 0, pendingExportDeletes: 0, exportErrors: 0, notConfirmed: 0, obsolete: 0 });
    const adds = await staged.env.call('connectorSpace.list', { systemId: directoryId, scope: 'pendingExportAdds' });
    expect(adds.total).toBe(provisioned);
    expect(adds.rows.every((o) => o.status === 'pendingProvisioning')).toBe(true);

    // Training holds people who are not in HR: they stay disconnectors.
    const all = await staged.env.call('connectorSpace.scopeCounts', {});
    expect(all.map((s) => s.systemId).sort()).toEqual(Object.values(staged.systems).sort());
    for (const { systemId, counts: byScope } of all) {
      for (const scope of ['disconnectors', 'obsolete', 'pendingExport'] as const) {
        expect((await staged.env.call('connectorSpace.list', { systemId, scope })).total, `${systemId} ${scope}`).toBe(byScope[scope]);
      }
    }

    const done = await labCycle();
    const [after] = await done.env.call('connectorSpace.scopeCounts', { systemId: done.systems['Directory'] as number });
    expect(after?.counts.pendingExport).toBe(0);
    expect(after?.counts.disconnectors).toBe(0);
    await expect(done.env.call('connectorSpace.scopeCounts', { systemId: 999 })).rejects.toMatchObject({ code: 'notFound' });
    await expect(done.env.call('connectorSpace.list', { systemId: 1, scope: 'everything' as 'obsolete' })).rejects.toMatchObject({ code: 'validation' });
  });

  it('an export error and a retrying export are in the export-errors view', async () => {
    const { env, systems } = await labCycle('Directory export');
    const directoryId = systems['Directory'] as number;
    env.db.prepare("UPDATE pending_exports SET error_count = 1, last_error = 'disk full' WHERE id = (SELECT MIN(id) FROM pending_exports WHERE connected_system_id = ?)").run(directoryId);
    env.db.prepare("UPDATE pending_exports SET status = 'failed', error_count = 5 WHERE id = (SELECT MAX(id) FROM pending_exports WHERE connected_system_id = ?)").run(directoryId);
    const [counts] = await env.call('connectorSpace.scopeCounts', { systemId: directoryId });
    expect(counts?.counts.exportErrors).toBe(2);
    expect((await env.call('connectorSpace.list', { systemId: directoryId, scope: 'exportErrors' })).total).toBe(2);
  });
});

describe('metaverse search conditions', () => {
  it('combine operators on any attribute with AND', async () => {
    const { env } = await labCycle('Directory export');
    const search = (where: { attribute: string; operator: 'equals' | 'startsWith' | 'contains' | 'isPresent' | 'isNotPresent'; value?: string }[]) =>
      env.call('metaverse.search', { where, limit: 1000 });
    const everyone = await search([]);
    expect(everyone.total).toBeGreaterThan(3);
    const ceo = await search([{ attribute: 'employeeId', operator: 'equals', value: 'e0000001' }]);
    expect(ceo.rows.map((p) => p.attributes['employeeId'])).toEqual(['E0000001']);
    expect((await search([{ attribute: 'employeeId', operator: 'startsWith', value: 'E00000' }])).total).toBe(everyone.total);
    expect((await search([{ attribute: 'employeeId', operator: 'startsWith', value: '0000' }])).total).toBe(0);
    expect((await search([{ attribute: 'employeeId', operator: 'contains', value: '0001' }])).rows.map((p) => p.attributes['employeeId'])).toContain('E0000001');
    // The CEO has no manager: "is not present" finds exactly the people without one.
    const noManager = await search([{ attribute: 'manager', operator: 'isNotPresent' }]);
    const withManager = await search([{ attribute: 'manager', operator: 'isPresent' }]);
    expect(noManager.total + withManager.total).toBe(everyone.total);
    expect(noManager.rows.map((p) => p.attributes['employeeId'])).toContain('E0000001');
    const both = await search([
      { attribute: 'employeeId', operator: 'startsWith', value: 'E' },
      { attribute: 'manager', operator: 'isNotPresent' },
    ]);
    expect(both.total).toBe(noManager.total);
    // A literal % is not a wildcard.
    expect((await search([{ attribute: 'employeeId', operator: 'contains', value: '%' }])).total).toBe(0);
    // The form the CLI and older callers send still means equals.
    expect((await env.call('metaverse.search', { where: [{ attribute: 'employeeId', value: 'E0000001' }] })).total).toBe(1);
    await expect(search([{ attribute: 'employeeId', operator: 'equals', value: '' }])).rejects.toMatchObject({ code: 'validation' });
    await expect(search([{ attribute: 'employeeId', operator: 'matches' as 'equals', value: 'x' }])).rejects.toMatchObject({ code: 'validation' });
  });
});

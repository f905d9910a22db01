import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ConnectedSystem, ExecutionItem, RunProfile } from '../../src/shared/model';
import {
  connectorSpace,
  counters,
  createFileSystem,
  createRunProfile,
  openTestEnv,
  runInProcess,
  type FileSystemOptions,
  type RunResult,
  type TestEnv,
} from '../support/engine';
import { csvText, makeTempDir, writeCsv } from '../support/temp';

const HEADER = ['id', 'login', 'employeeNumber', 'groups'];

/** id, login, employeeNumber (integer), groups (multi-valued). */
function people(n: number): string[][] {
  return Array.from({ length: n }, (_, i) => [`u${i + 1}`, `user${i + 1}`, String(1000 + i), i % 2 ? 'staff|all' : 'all']);
}

interface Fixture {
  env: TestEnv;
  dir: string;
  system: ConnectedSystem;
  profile: RunProfile;
  /** Rewrites the system's file. */
  write(rows: readonly (readonly string[])[]): void;
  writeText(text: string): void;
  run(): Promise<RunResult>;
  objects(): ReturnType<typeof connectorSpace>;
}

async function fixture(
  initial: readonly (readonly string[])[],
  options: Partial<FileSystemOptions> & { batchSize?: number; runType?: RunProfile['runType'] } = {},
): Promise<Fixture> {
  const dir = makeTempDir();
  const env = openTestEnv(dir);
  const filePath = writeCsv(dir, 'source.csv', csvText(initial));
  const system = await createFileSystem(env, { filePath, ...options });
  const profile = await createRunProfile(env, system.id, {
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    ...(options.runType ? { runType: options.runType } : {}),
  });
  return {
    env,
    dir,
    system,
    profile,
    write: (rows) => writeCsv(dir, 'source.csv', csvText(rows)),
    writeText: (text) => writeCsv(dir, 'source.csv', text),
    run: () => runInProcess(env.db, profile.id),
    objects: () => connectorSpace(env.db, system.id),
  };
}

const byId = (objects: ReturnType<typeof connectorSpace>, externalId: string) => {
  const found = objects.find((o) => o.externalId === externalId);
  if (!found) throw new Error(`no object ${externalId}`);
  return found;
};

describe('full import of a file connected system', () => {
  it('first import adds every row; the same file again changes nothing', async () => {
    const rows = people(5);
    const f = await fixture([HEADER, ...rows]);
    const first = await f.run();
    expect(first.activity.status).toBe('complete');
    expect(first.activity.counters).toEqual(counters({ added: 5 }));
    expect(first.items.map((i) => [i.externalId, i.changeType, i.errorType])).toEqual(
      rows.map((r) => [r[0], 'added', null]),
    );
    expect(first.items[1]?.attributeChanges).toEqual(
      expect.arrayContaining([{ name: 'employeeNumber', kind: 'add', added: [1001], removed: [] }]),
    );
    const before = f.objects();
    expect(before).toHaveLength(5);
    expect(byId(before, 'u2')).toMatchObject({
      objectType: 'person',
      status: 'normal',
      attributes: { id: 'u2', login: 'user2', employeeNumber: 1001, groups: ['all', 'staff'] },
    });

    await sleep(5); // so a rewrite would show in last_updated_at
    const second = await f.run();
    expect(second.activity.status).toBe('complete');
    expect(second.activity.counters).toEqual(counters({ unchanged: 5 }));
    expect(second.items).toEqual([]);
    expect(f.objects()).toEqual(before);
  });

  it('a changed cell, including a case-only change, is one update with old and new values', async () => {
    const rows = people(4);
    const f = await fixture([HEADER, ...rows]);
    await f.run();
    const before = f.objects();
    await sleep(5);

    f.write([HEADER, ...rows.map((r) => (r[0] === 'u3' ? ['u3', 'USER3', r[2] ?? '', r[3] ?? ''] : r))]);
    const { activity, items } = await f.run();
    expect(activity.status).toBe('complete');
    expect(activity.counters).toEqual(counters({ updated: 1, unchanged: 3 }));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      externalId: 'u3',
      changeType: 'updated',
      errorType: null,
      attributeChanges: [{ name: 'login', kind: 'replace', added: ['USER3'], removed: ['user3'] }],
    });
    const after = f.objects();
    expect(byId(after, 'u3').attributes.login).toBe('USER3');
    expect(byId(after, 'u3').lastUpdatedAt).not.toBe(byId(before, 'u3').lastUpdatedAt);
    expect(after.filter((o) => o.externalId !== 'u3')).toEqual(before.filter((o) => o.externalId !== 'u3'));
  });

  it('jsmith -> JSmith is detected as a change (comparison is case-sensitive)', async () => {
    const f = await fixture([HEADER, ['u1', 'jsmith', '1', 'a']]);
    await f.run();
    f.write([HEADER, ['u1', 'JSmith', '1', 'a']]);
    const { activity, items } = await f.run();
    expect(activity.counters).toEqual(counters({ updated: 1 }));
    expect(items.map((i) => i.attributeChanges)).toEqual([
      [{ name: 'login', kind: 'replace', added: ['JSmith'], removed: ['jsmith'] }],
    ]);
    expect(f.objects()[0]?.attributes.login).toBe('JSmith');
  });

  it('a row gone from the file obsoletes its object with a deleted item', async () => {
    const rows = people(3);
    const f = await fixture([HEADER, ...rows]);
    await f.run();
    f.write([HEADER, rows[0] ?? [], rows[2] ?? []]);
    const { activity, items } = await f.run();
    expect(activity.status).toBe('complete');
    expect(activity.counters).toEqual(counters({ deleted: 1, unchanged: 2 }));
    expect(items.map((i) => [i.externalId, i.changeType])).toEqual([['u2', 'deleted']]);
    expect(f.objects().map((o) => [o.externalId, o.status])).toEqual([
      ['u1', 'normal'],
      ['u2', 'obsolete'],
      ['u3', 'normal'],
    ]);

    // Back in the file: the same object becomes normal again.
    f.write([HEADER, ...rows]);
    const back = await f.run();
    expect(back.items.map((i) => [i.externalId, i.changeType])).toEqual([['u2', 'updated']]);
    expect(f.objects().every((o) => o.status === 'normal')).toBe(true);
    expect(f.objects()).toHaveLength(3);
  });

  it('a header-only file obsoletes nothing', async () => {
    const f = await fixture([HEADER, ...people(3)]);
    await f.run();
    f.write([HEADER]);
    const { activity, items } = await f.run();
    expect(activity.status).toBe('complete');
    expect(activity.counters).toEqual(counters({}));
    expect(items).toEqual([]);
    expect(f.objects().map((o) => o.status)).toEqual(['normal', 'normal', 'normal']);
  });

  it('a duplicated external ID rejects every row carrying it and keeps the existing object', async () => {
    const f = await fixture([HEADER, ['u1', 'ann', '1', 'a'], ['u2', 'bob', '2', 'b']]);
    await f.run();
    const before = byId(f.objects(), 'u1');
    f.write([
      HEADER,
      ['u1', 'ann-changed', '10', 'x'], // row 2
      ['u2', 'bob', '2', 'b'], // row 3
      ['u9', 'new-a', '9', 'c'], // row 4
      ['u1', 'ann-other', '11', 'y'], // row 5
      ['u9', 'new-b', '9', 'c'], // row 6
    ]);
    const { activity, items } = await f.run();
    expect(activity.status).toBe('completeWithError');
    expect(activity.counters).toEqual(counters({ unchanged: 1, errors: 4 }));
    expect(items.map((i) => [i.rowNumber, i.externalId, i.changeType, i.errorType])).toEqual([
      [2, 'u1', 'none', 'DuplicateObject'],
      [4, 'u9', 'none', 'DuplicateObject'],
      [5, 'u1', 'none', 'DuplicateObject'],
      [6, 'u9', 'none', 'DuplicateObject'],
    ]);
    const objects = f.objects();
    expect(objects.map((o) => o.externalId)).toEqual(['u1', 'u2']);
    expect(byId(objects, 'u1')).toEqual(before);
  });

  it('a row without an external ID is a MissingExternalIdAttributeValue error', async () => {
    const f = await fixture([HEADER, ['u1', 'ann', '1', 'a'], ['', 'nobody', '2', 'b'], ['  ', 'blank', '3', 'c']]);
    const { activity, items } = await f.run();
    expect(activity.status).toBe('completeWithError');
    expect(activity.counters).toEqual(counters({ added: 1, errors: 2 }));
    expect(items.filter((i) => i.errorType).map((i) => [i.rowNumber, i.errorType])).toEqual([
      [3, 'MissingExternalIdAttributeValue'],
      [4, 'MissingExternalIdAttributeValue'],
    ]);
    expect(f.objects().map((o) => o.externalId)).toEqual(['u1']);
  });

  it('a row with the wrong number of fields is a MalformedRow error and does not obsolete its object', async () => {
    const f = await fixture([HEADER, ['u1', 'ann', '1', 'a'], ['u2', 'bob', '2', 'b']]);
    await f.run();
    const before = byId(f.objects(), 'u2');
    f.writeText('id,login,employeeNumber,groups\nu1,ann,1,a\nu2,bob\n');
    const { activity, items } = await f.run();
    expect(activity.status).toBe('completeWithError');
    expect(items.map((i) => [i.rowNumber, i.externalId, i.errorType])).toEqual([[3, 'u2', 'MalformedRow']]);
    expect(items[0]?.errorMessage).toMatch(/Row 3 has 2 fields but the header has 4/);
    expect(byId(f.objects(), 'u2')).toEqual(before);
  });

  it('one bad integer among many unchanged rows: completeWithError, old value kept, reported again next run', async () => {
    const rows = people(50);
    const f = await fixture([HEADER, ...rows]);
    await f.run();
    const bad = rows.map((r) => (r[0] === 'u7' ? ['u7', 'renamed7', 'not-a-number', r[3] ?? ''] : r));
    f.write([HEADER, ...bad]);

    const { activity, items } = await f.run();
    expect(activity.status).toBe('completeWithError');
    expect(activity.errorMessage).toBeNull();
    expect(activity.counters).toEqual(counters({ updated: 1, unchanged: 49, errors: 1 }));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      externalId: 'u7',
      rowNumber: 8,
      changeType: 'updated',
      errorType: 'ImportAttributeValueError',
      attributeChanges: [{ name: 'login', kind: 'replace', added: ['renamed7'], removed: ['user7'] }],
    });
    expect(items[0]?.errorMessage).toContain('employeeNumber');
    expect(byId(f.objects(), 'u7').attributes).toMatchObject({ login: 'renamed7', employeeNumber: 1006 });

    const again = await f.run();
    expect(again.activity.status).toBe('completeWithError');
    expect(again.activity.counters.errors).toBe(1);
    expect(again.items.map((i) => [i.externalId, i.errorType, i.attributeChanges])).toEqual([
      ['u7', 'ImportAttributeValueError', []],
    ]);
    expect(byId(f.objects(), 'u7').attributes.employeeNumber).toBe(1006);
  });

  it('multi-valued attributes compare as sets', async () => {
    const f = await fixture([HEADER, ['u1', 'ann', '1', 'b|a'], ['u2', 'bob', '2', 'x']]);
    await f.run();
    expect(byId(f.objects(), 'u1').attributes.groups).toEqual(['a', 'b']);

    f.write([HEADER, ['u1', 'ann', '1', 'a | b|a'], ['u2', 'bob', '2', 'x']]);
    const reordered = await f.run();
    expect(reordered.items).toEqual([]);
    expect(reordered.activity.counters).toEqual(counters({ unchanged: 2 }));

    f.write([HEADER, ['u1', 'ann', '1', 'a|c|b'], ['u2', 'bob', '2', '']]);
    const { items } = await f.run();
    expect(items.map((i) => [i.externalId, i.changeType, i.attributeChanges])).toEqual([
      ['u1', 'updated', [{ name: 'groups', kind: 'add', added: ['c'], removed: [] }]],
      ['u2', 'updated', [{ name: 'groups', kind: 'remove', added: [], removed: ['x'] }]],
    ]);
    expect(byId(f.objects(), 'u1').attributes.groups).toEqual(['a', 'b', 'c']);
    expect(byId(f.objects(), 'u2').attributes).not.toHaveProperty('groups');
  });

  it('a deselected object type is skipped silently and its objects are frozen, not obsoleted', async () => {
    const typed = ['kind', 'id', 'name'];
    const f = await fixture(
      [typed, ['person', 'p1', 'Ann'], ['group', 'g1', 'Admins'], ['group', 'g2', 'Users'], ['person', 'p2', 'Bob']],
      { objectTypeColumn: 'kind' },
    );
    const first = await f.run();
    expect(first.activity.counters).toEqual(counters({ added: 4 }));
    const groupType = f.system.objectTypes.find((t) => t.name === 'group');
    if (!groupType) throw new Error('no group type');
    await f.env.call('systems.updateObjectType', { systemId: f.system.id, objectTypeId: groupType.id, selected: false });
    const groupsBefore = f.objects().filter((o) => o.objectType === 'group');

    // g1 renamed, g2 gone, p2 gone: only the person side may change.
    f.write([typed, ['person', 'p1', 'Ann'], ['GROUP', 'g1', 'Renamed']]);
    const { activity, items } = await f.run();
    expect(activity.status).toBe('complete');
    expect(activity.counters).toEqual(counters({ unchanged: 1, deleted: 1 }));
    expect(items.map((i) => [i.externalId, i.changeType])).toEqual([['p2', 'deleted']]);
    expect(f.objects().filter((o) => o.objectType === 'group')).toEqual(groupsBefore);
  });

  it('an object type the schema does not know is a CouldNotMatchObjectType error', async () => {
    const typed = ['kind', 'id', 'name'];
    const f = await fixture([typed, ['person', 'p1', 'Ann']], { objectTypeColumn: 'kind' });
    f.write([typed, ['Person', 'p1', 'Ann'], ['printer', 'x1', 'Laser'], ['', 'x2', 'untyped']]);
    const { activity, items } = await f.run();
    expect(activity.status).toBe('completeWithError');
    expect(activity.counters).toEqual(counters({ added: 1, errors: 2 }));
    expect(items.filter((i) => i.errorType).map((i) => [i.rowNumber, i.errorType])).toEqual([
      [3, 'CouldNotMatchObjectType'],
      [4, 'CouldNotMatchObjectType'],
    ]);
    expect(f.objects().map((o) => [o.externalId, o.objectType])).toEqual([['p1', 'person']]);
  });

  it('a missing file fails the run with a message naming the file', async () => {
    const f = await fixture([HEADER, ...people(2)]);
    await f.run();
    rmSync(f.system.settings.filePath);
    const { activity, items } = await f.run();
    expect(activity.status).toBe('failedWithError');
    expect(activity.errorMessage).toContain(f.system.settings.filePath);
    expect(activity.endedAt).not.toBeNull();
    expect(items).toEqual([]);
    expect(f.objects().map((o) => o.status)).toEqual(['normal', 'normal']);
  });

  it('a Delta Import of a file without the change-type column fails naming the column (see delta-import.test.ts)', async () => {
    const f = await fixture([HEADER, ...people(2)], { runType: 'deltaImport' });
    const { activity } = await f.run();
    expect(activity.status).toBe('failedWithError');
    expect(activity.errorMessage).toMatch(/change-type column "_changeType" is not in the header/i);
    expect(f.objects()).toEqual([]);
  });

  it('batch size 1 and batch size 1000 give identical results', async () => {
    const rows = people(12);
    const a = [HEADER, ...rows];
    const b = [
      HEADER,
      ...rows
        .filter((r) => r[0] !== 'u4')
        .map((r) => (r[0] === 'u2' ? ['u2', 'x', 'bad', 'all'] : r[0] === 'u5' ? ['u5', 'user5', '5', 'new|all'] : r)),
      ['u8', 'dup', '1', ''],
      ['', 'noid', '1', ''],
      ['u99', 'fresh', '99', 'a|b'],
    ];
    const outcome = async (batchSize: number) => {
      const f = await fixture(a, { batchSize });
      const runs = [await f.run(), await f.run()];
      f.write(b);
      runs.push(await f.run(), await f.run());
      const strip = (i: ExecutionItem) => ({ ...i, id: 0, activityId: 0 });
      return {
        runs: runs.map((r) => ({ status: r.activity.status, counters: r.activity.counters, items: r.items.map(strip) })),
        objects: f.objects().map((o) => ({ ...o, createdAt: '', lastUpdatedAt: '' })),
      };
    };
    const small = await outcome(1);
    const large = await outcome(1000);
    expect(small).toEqual(large);
    expect(small.runs[2]?.counters).toMatchObject({ deleted: 1, errors: 4 });
  });

  it('the content-hash fast path never hides a change: A then B equals B alone (property)', async () => {
    const schemaRows = [
      ['id', 'name', 'level', 'groups'],
      ['s1', 'schema', '1', 'a|b'],
    ];
    const row = fc.record({
      id: fc.constantFrom('u1', 'U1', 'u2', 'u3', 'u4', 'u5'),
      name: fc.constantFrom('ann', 'Ann', 'ann ', 'bob', ''),
      level: fc.constantFrom('1', '01', '2', '-3', ''),
      groups: fc.subarray(['a', 'b', 'A', 'c']).chain((g) => fc.shuffledSubarray(g, { minLength: g.length })),
    });
    const table = (min: number) =>
      fc.uniqueArray(row, { selector: (r) => r.id, minLength: min, maxLength: 5 }).map((rs) => [
        schemaRows[0] ?? [],
        ...rs.map((r) => [r.id, r.name, r.level, r.groups.join('|')]),
      ]);
    const live = (f: Fixture) =>
      f
        .objects()
        .filter((o) => o.status === 'normal')
        .map((o) => ({ externalId: o.externalId, objectType: o.objectType, attributes: o.attributes }))
        .sort((x, y) => (x.externalId < y.externalId ? -1 : 1));

    await fc.assert(
      fc.asyncProperty(table(0), table(1), async (fileA, fileB) => {
        const incremental = await fixture(schemaRows);
        incremental.write(fileA);
        await incremental.run();
        incremental.write(fileB);
        await incremental.run();

        const fresh = await fixture(schemaRows);
        fresh.write(fileB);
        await fresh.run();
        expect(live(fresh)).toHaveLength(fileB.length - 1);
        expect(live(incremental)).toEqual(live(fresh));
        // ...and a third run of B is a no-op.
        const third = await incremental.run();
        expect(third.items).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });
});

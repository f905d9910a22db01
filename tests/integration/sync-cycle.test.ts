import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActivitySummary, RunType } from '../../src/shared/model';
import { resolveWorkerEntry } from '../../src/main/host/paths';
import { createNodeProcessPort } from '../../src/main/runs/node-process-port';
import { RunQueue } from '../../src/main/runs/run-queue';
import { listAllExecutionItems } from '../../src/main/store';
import { createRunProfile, openTestEnv, type TestEnv } from '../support/engine';
import { makeTempDir, onCleanup } from '../support/temp';

// The end-to-end lab, through the real run processes: HR CSV -> metaverse -> a
// bidirectional Directory CSV, and back round the cycle for a change and a leaver.

const HR_HEADER = 'employeeId,firstName,lastName,department,managerId';
const HR_ROWS = [
  'E1,Ada,Lovelace,Engineering,',
  'E2,Alan,Turing,Engineering,E1',
  'E3,Grace,Hopper,Navy,E1',
  'E4,Edsger,Dijkstra,Research,E2',
];

function writeHr(dir: string, rows: string[]): string {
  const path = join(dir, 'hr.csv');
  writeFileSync(path, `${[HR_HEADER, ...rows].join('\n')}\n`);
  return path;
}

interface Lab {
  env: TestEnv;
  dir: string;
  directoryFile: string;
  run(profile: string): Promise<ActivitySummary>;
  pendingExports(): Promise<number>;
}

async function buildLab(): Promise<Lab> {
  const dir = makeTempDir();
  const queue = { current: null as RunQueue | null };
  const env = openTestEnv(dir, {
    enqueue: (id, who) => (queue.current as RunQueue).enqueue(id, who),
    cancel: (id) => (queue.current as RunQueue).cancel(id),
  });
  queue.current = new RunQueue(env.db, createNodeProcessPort(resolveWorkerEntry()), env.dbPath);
  onCleanup(() => queue.current?.stop());
  const hrFile = writeHr(dir, HR_ROWS);
  const directoryFile = join(dir, 'directory.csv');
  writeFileSync(directoryFile, 'id,displayName,mail,department,manager,login\n');

  const hr = await env.call('systems.create', {
    name: 'HR',
    connectorType: 'file',
    settings: { filePath: hrFile, objectType: 'person', externalIdColumn: 'employeeId' },
  });
  const directory = await env.call('systems.create', {
    name: 'Directory',
    connectorType: 'file',
    settings: { filePath: directoryFile, objectType: 'person', externalIdColumn: 'id', mode: 'bidirectional' },
  });
  const schema = await env.call('metaverse.schema', {});
  const person = schema.objectTypes.find((t) => t.name === 'person');
  if (!person) throw new Error('no person type');
  for (const [name, type] of [
    ['employeeId', 'text'],
    ['firstName', 'text'],
    ['lastName', 'text'],
    ['department', 'text'],
    ['email', 'text'],
    ['accountName', 'text'],
    ['manager', 'reference'],
  ] as const) {
    await env.call('metaverse.createAttribute', { name, type, boundTypeIds: [person.id] });
  }
  await env.call('metaverse.updateObjectType', {
    id: person.id,
    deletionRule: 'whenAuthoritativeSourceDisconnected',
    deletionGraceSeconds: 0,
    deletionTriggerSystemIds: [hr.id],
  });
  await env.call('syncRules.create', {
    name: 'HR people in',
    connectedSystemId: hr.id,
    csObjectType: 'person',
    mvObjectType: 'person',
    direction: 'inbound',
    projectToMetaverse: true,
    matching: [{ sources: ['employeeId'], target: 'employeeId' }],
    flows: [
      { target: 'employeeId', source: { kind: 'attribute', attribute: 'employeeId' } },
      { target: 'firstName', source: { kind: 'attribute', attribute: 'firstName' } },
      { target: 'lastName', source: { kind: 'attribute', attribute: 'lastName' } },
      { target: 'department', source: { kind: 'attribute', attribute: 'department' } },
      { target: 'manager', source: { kind: 'attribute', attribute: 'managerId' } },
      { target: 'displayName', source: { kind: 'expression', expression: 'cs["firstName"] + " " + cs["lastName"]' } },
      { target: 'email', source: { kind: 'expression', expression: 'Lower(cs["firstName"] + "." + cs["lastName"]) + "@corp.example"' } },
      { target: 'accountName', source: { kind: 'expression', expression: 'Lower(Left(cs["firstName"], 1) + cs["lastName"])' } },
    ],
  });
  await env.call('syncRules.create', {
    name: 'Directory people out',
    connectedSystemId: directory.id,
    csObjectType: 'person',
    mvObjectType: 'person',
    direction: 'outbound',
    provisionToSystem: true,
    deprovisionAction: 'delete',
    flows: [
      { target: 'id', source: { kind: 'attribute', attribute: 'employeeId' } },
      { target: 'displayName', source: { kind: 'attribute', attribute: 'displayName' } },
      { target: 'mail', source: { kind: 'attribute', attribute: 'email' } },
      { target: 'department', source: { kind: 'attribute', attribute: 'department' } },
      { target: 'manager', source: { kind: 'attribute', attribute: 'manager' } },
      { target: 'login', source: { kind: 'attribute', attribute: 'accountName' } },
    ],
  });
  const profiles = new Map<string, number>();
  const add = async (systemId: number, name: string, runType: RunType): Promise<void> => {
    profiles.set(name, (await createRunProfile(env, systemId, { name, runType, batchSize: 2 })).id);
  };
  await add(hr.id, 'HR import', 'fullImport');
  await add(hr.id, 'HR full sync', 'fullSync');
  await add(hr.id, 'HR delta sync', 'deltaSync');
  await add(directory.id, 'Directory export', 'export');
  await add(directory.id, 'Directory import', 'fullImport');
  await add(directory.id, 'Directory full sync', 'fullSync');

  const finished = new Map<number, (a: ActivitySummary) => void>();
  queue.current.on('finished', (activity) => finished.get(activity.id)?.(activity));
  queue.current.start();
  return {
    env,
    dir,
    directoryFile,
    async run(name) {
      const id = profiles.get(name);
      if (id === undefined) throw new Error(`no profile ${name}`);
      const { activityId } = await env.call('runProfiles.execute', { id });
      return new Promise((resolve) => finished.set(activityId, resolve));
    },
    async pendingExports() {
      return (await env.call('pendingExports.list', { systemId: directory.id, offset: 0, limit: 1000 })).total;
    },
  };
}

function directoryRows(file: string): string[][] {
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => line.split(','));
}

describe('the HR -> metaverse -> Directory cycle, through run processes', () => {
  it('provisions, confirms, settles, flows one change and deprovisions a leaver', { timeout: 120_000 }, async () => {
    const lab = await buildLab();
    expect((await lab.run('HR import')).status).toBe('complete');

    const sync = await lab.run('HR full sync');
    expect(sync.status).toBe('complete');
    expect(sync.counters.projected).toBe(4);
    expect(sync.counters.provisioned).toBe(4);
    const items = listAllExecutionItems(lab.env.db, sync.id);
    expect(items).toHaveLength(4);
    expect(items[0]?.outcome).toMatch(/^projected as person #\d+, 7 attributes flowed, provisioned to Directory/);
    // The manager on a later page (batch size 2) still resolves within the run.
    const e4 = (await lab.env.call('metaverse.search', { objectType: 'person', where: [{ attribute: 'employeeId', value: 'E4' }] })).rows[0];
    const e2 = (await lab.env.call('metaverse.search', { objectType: 'person', where: [{ attribute: 'employeeId', value: 'E2' }] })).rows[0];
    expect(e4?.attributes.manager).toBe(e2?.id);
    expect(e4?.attributes.accountName).toBe('edijkstra');
    expect(await lab.pendingExports()).toBe(4);

    expect((await lab.run('Directory export')).counters.exported).toBe(4);
    const written = directoryRows(lab.directoryFile);
    expect(written[0]).toEqual(['id', 'displayName', 'mail', 'department', 'manager', 'login']);
    expect(written).toContainEqual(['E4', 'Edsger Dijkstra', 'edsger.dijkstra@corp.example', 'Research', 'E2', 'edijkstra']);

    const confirming = await lab.run('Directory import');
    expect(confirming.counters.confirmed).toBe(4);
    expect(await lab.pendingExports()).toBe(0);
    const again = await lab.run('HR full sync');
    expect(listAllExecutionItems(lab.env.db, again.id)).toHaveLength(0);
    const targetSync = await lab.run('Directory full sync');
    expect(listAllExecutionItems(lab.env.db, targetSync.id)).toHaveLength(0);
    expect(await lab.pendingExports()).toBe(0);

    // A mover: one HR cell changes -> exactly one update, one cell in the target.
    writeHr(lab.dir, HR_ROWS.map((r) => (r.startsWith('E2,') ? 'E2,Alan,Turing,Research,E1' : r)));
    expect((await lab.run('HR import')).counters.updated).toBe(1);
    const delta = await lab.run('HR delta sync');
    expect(delta.counters.pendingExports).toBe(1);
    const staged = await lab.env.call('pendingExports.list', { systemId: 2, offset: 0, limit: 10 });
    expect(staged.rows).toHaveLength(1);
    expect(staged.rows[0]?.changeType).toBe('update');
    expect(staged.rows[0]?.changes.map((c) => [c.attribute, c.values, c.previous])).toEqual([['department', ['Research'], ['Engineering']]]);
    const before = directoryRows(lab.directoryFile);
    await lab.run('Directory export');
    const after = directoryRows(lab.directoryFile);
    const differences = after.flatMap((row, r) => row.map((cell, c) => (cell === before[r]?.[c] ? null : [r, c, cell])).filter(Boolean));
    expect(differences).toEqual([[2, 3, 'Research']]);
    await lab.run('Directory import');

    // A leaver: the row leaves HR -> obsolete -> deletion rule -> delete queued -> row gone.
    writeHr(lab.dir, HR_ROWS.filter((r) => !r.startsWith('E3,')).map((r) => (r.startsWith('E2,') ? 'E2,Alan,Turing,Research,E1' : r)));
    expect((await lab.run('HR import')).counters.deleted).toBe(1);
    const leaver = await lab.run('HR delta sync');
    expect(leaver.counters.mvoDeleted).toBe(1);
    expect(leaver.counters.deprovisioned).toBe(1);
    expect((await lab.run('Directory export')).counters.deprovisioned).toBe(1);
    expect(directoryRows(lab.directoryFile).map((r) => r[0])).toEqual(['id', 'E1', 'E2', 'E4']);
    expect(await lab.pendingExports()).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import type { AttributeFlow } from '../../src/shared/model';
import { runFileExport } from '../../src/main/engine/export/file-export';
import { runSync } from '../../src/main/engine/sync/sync-run';
import { createQueuedRun } from '../../src/main/runs/queued-run';
import { getRunProfile, getSystem, listObjectTypes, nowIso } from '../../src/main/store';
import { SyncLab } from '../support/sync-lab';

const flow = (target: string, attribute: string): AttributeFlow => ({
  target,
  source: { kind: 'attribute', attribute },
  nullIsValue: false,
  initialExportOnly: false,
});

/** A progress sink that records how many event-loop turns each step (by its first word) saw. */
function stepTurns(): { progress: { step(name: string): void; advance(): void }; done(): Map<string, number> } {
  const turnsByStep = new Map<string, number>();
  const turns = turnCounter();
  let current = '';
  let mark = 0;
  const enter = (name: string): void => {
    if (current) turnsByStep.set(current, turns.count() - mark);
    current = name.split(' ')[0] ?? name;
    mark = turns.count();
  };
  return {
    progress: { step: enter, advance: () => undefined },
    done: () => {
      enter('end');
      turns.stop();
      return turnsByStep;
    },
  };
}

/** Counts event-loop turns: each one is a moment a heartbeat timer or a cancel message could have run. */
function turnCounter(): { count(): number; stop(): void } {
  let turns = 0;
  let running = true;
  const spin = (): void => {
    if (!running) return;
    turns += 1;
    setImmediate(spin);
  };
  setImmediate(spin);
  return { count: () => turns, stop: () => void (running = false) };
}

describe('a run lets its process breathe', () => {
  it('an export yields to the event loop while it merges, writes and records pages', async () => {
    const people = 3000;
    const batchSize = 100;
    const lab = SyncLab.open();
    await lab.attributes(['employeeId', 'firstName']);
    const rows = Array.from({ length: people }, (_, i) => [`E${i}`, `Name${i}`]);
    const hr = await lab.system('HR', { columns: ['id', 'firstName'], rows, batchSize: 1000 });
    const target = await lab.system('Directory', { columns: ['id', 'name'], mode: 'exportOnly', batchSize });
    await lab.projectPeople(hr, [flow('employeeId', 'id'), flow('firstName', 'firstName')]);
    await lab.provisionPeople(target, [flow('id', 'employeeId'), flow('name', 'firstName')]);
    await lab.importAndSync(hr);

    const db = lab.db;
    const profile = getRunProfile(db, target.profiles.export);
    const system = getSystem(db, target.id);
    if (!profile || !system) throw new Error('no export profile');
    const { activityId } = createQueuedRun(db, profile.id, 'user', process.pid);
    const watch = stepTurns();
    const outcome = await runFileExport({
      db, activityId, system, profile, objectTypes: listObjectTypes(db, system.id), signal: new AbortController().signal, now: nowIso,
      progress: watch.progress,
    });
    const turnsByStep = watch.done();
    expect(outcome.status).toBe('complete');
    expect(lab.fileRows(target)).toHaveLength(people);

    const pages = people / batchSize;
    expect(turnsByStep.get('Merging')).toBeGreaterThanOrEqual(pages - 1);
    expect(turnsByStep.get('Writing')).toBeGreaterThanOrEqual(Math.floor(people / 1000) - 1);
    expect(turnsByStep.get('Recording')).toBeGreaterThanOrEqual(pages - 1);
  });

  it('a sync yields between the batches of its cross-page reference pass', async () => {
    const people = 30;
    const lab = SyncLab.open();
    await lab.attributes(['employeeId', ['manager', 'reference']]);
    // Everyone's manager is on the next page (batch size 1): every reference is carried to the end.
    const rows = Array.from({ length: people }, (_, i) => [`E${i}`, i + 1 < people ? `E${i + 1}` : '']);
    const hr = await lab.system('HR', { columns: ['id', 'managerId'], rows, batchSize: 1 });
    await lab.rule({
      name: 'HR in', connectedSystemId: hr.id, csObjectType: 'person', mvObjectType: 'person', direction: 'inbound',
      projectToMetaverse: true, matching: [{ sources: ['id'], target: 'employeeId' }],
      flows: [flow('employeeId', 'id'), flow('manager', 'managerId')],
    });
    await lab.run(hr, 'import');

    const db = lab.db;
    const profile = getRunProfile(db, hr.profiles.fullSync);
    const system = getSystem(db, hr.id);
    if (!profile || !system) throw new Error('no sync profile');
    const { activityId } = createQueuedRun(db, profile.id, 'user', process.pid);
    const watch = stepTurns();
    const outcome = await runSync(
      { db, activityId, system, profile, objectTypes: listObjectTypes(db, system.id), signal: new AbortController().signal, now: nowIso, progress: watch.progress },
      'full',
    );
    const turnsByStep = watch.done();
    expect(outcome.status).toBe('complete');
    expect(lab.mvoWhere('employeeId', 'E0')?.attributes.manager).toBe(lab.mvoWhere('employeeId', 'E1')?.id);
    expect(turnsByStep.get('Resolving')).toBeGreaterThanOrEqual(people - 2);
  });
});

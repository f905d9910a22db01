import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AttributeFlow } from '../../src/shared/model';
import { runFileExport } from '../../src/main/engine/export/file-export';
import { createQueuedRun } from '../../src/main/runs/queued-run';
import {
  getRunProfile,
  getSystem,
  listObjectTypes,
  nowIso,
  preparePendingExportStatements,
} from '../../src/main/store';
import { SyncLab } from '../support/sync-lab';

const flow = (target: string, attribute: string): AttributeFlow => ({
  target,
  source: { kind: 'attribute', attribute },
  nullIsValue: false,
  initialExportOnly: false,
});

describe('an export settles only what it wrote', () => {
  it('a change merged into a pending export while the file is written is kept and sent next time', async () => {
    const lab = SyncLab.open();
    await lab.attributes(['employeeId', 'firstName']);
    const hr = await lab.system('HR', { columns: ['id', 'firstName'], rows: [['E1', 'Ada']] });
    const target = await lab.system('Directory', { columns: ['id', 'name'], mode: 'exportOnly' });
    await lab.projectPeople(hr, [flow('employeeId', 'id'), flow('firstName', 'firstName')]);
    await lab.provisionPeople(target, [flow('id', 'employeeId'), flow('name', 'firstName')]);
    await lab.importAndSync(hr);

    // Run the export in this process and, between writing the file and recording it, play a
    // sync of HR merging a new value into the same pending export.
    const db = lab.db;
    const profile = getRunProfile(db, target.profiles.export);
    const system = getSystem(db, target.id);
    if (!profile || !system) throw new Error('no profile');
    const { activityId } = createQueuedRun(db, profile.id, 'user', process.pid);
    const statements = preparePendingExportStatements(db);
    const outcome = await runFileExport({
      db, activityId, system, profile, objectTypes: listObjectTypes(db, system.id), signal: new AbortController().signal, now: nowIso,
      progress: {
        step: (name) => {
          if (!name.startsWith('Recording')) return;
          const [pending] = lab.peRows(target);
          const stored = pending && statements.forCso(pending.csoId);
          if (!stored) throw new Error('no pending export');
          const changes = stored.changes.map((c) => (c.attribute === 'name' ? { ...c, values: ['Augusta'] } : c));
          statements.save({ ...stored, changes }, nowIso());
        },
        advance: () => undefined,
      },
    });
    expect(outcome.status).toBe('complete');
    expect(readFileSync(target.file, 'utf8')).toContain('E1,Ada');
    const left = await lab.pendingExports(target);
    expect(left).toHaveLength(1);
    expect(left[0]?.changes.find((c) => c.attribute === 'name')?.values).toEqual(['Augusta']);
    // The next export sends the merged value.
    await lab.run(target, 'export');
    expect(readFileSync(target.file, 'utf8')).toContain('E1,Augusta');
    expect(await lab.pendingExports(target)).toHaveLength(0);
  });
});

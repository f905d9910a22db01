import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunProfile } from '../support/engine';
import { SyncLab, type LabSystem } from '../support/sync-lab';
import { csvText } from '../support/temp';

// Domain §6.3 (OURS): an exported row that is gone before the confirming import is not confirmed.
// A full import proves the absence, so the pending export is re-sent up to the retry limit; a
// delta import proves nothing and leaves it alone.

const { flow } = SyncLab;
const COLUMNS = ['id', 'displayName'];

async function bidirectionalLab(): Promise<{ lab: SyncLab; hr: LabSystem; directory: LabSystem }> {
  const lab = SyncLab.open();
  await lab.attributes(['employeeId']);
  const hr = await lab.system('HR', { columns: COLUMNS, rows: [['E1', 'Ada Lovelace'], ['E2', 'Alan Turing']] });
  await lab.projectPeople(hr, [flow('employeeId', 'id'), flow('displayName', 'displayName')], 'id');
  const directory = await lab.system('Directory', { columns: COLUMNS, mode: 'bidirectional' });
  await lab.provisionPeople(directory, [flow('id', 'employeeId'), flow('displayName', 'displayName')]);
  await lab.importAndSync(hr);
  const exported = await lab.run(directory, 'export');
  expect(exported.activity.status).toBe('complete');
  expect(lab.fileRows(directory).map((r) => r.id)).toEqual(['E1', 'E2']);
  expect(lab.peRows(directory).map((p) => p.status)).toEqual(['exported', 'exported']);
  return { lab, hr, directory };
}

/** Someone removes E1's row from the target file before the confirming import reads it. */
function dropE1(lab: SyncLab, directory: LabSystem): void {
  lab.write(directory, [['E2', 'Alan Turing']]);
}

const e1Pe = (lab: SyncLab, directory: LabSystem) => lab.peRows(directory).find((p) => p.csoId === lab.cso(directory, 'E1')?.id);

describe('an exported object the confirming import never sees', () => {
  it('a full import marks it exportNotConfirmed and the next export writes the row again', async () => {
    const { lab, directory } = await bidirectionalLab();
    dropE1(lab, directory);

    const imported = await lab.run(directory, 'import');
    expect(e1Pe(lab, directory)).toMatchObject({ status: 'exportNotConfirmed', errorCount: 1 });
    // The other object was seen and confirmed as usual.
    expect(lab.peRows(directory)).toHaveLength(1);
    // Never seen, so never deleted: the object is still owed to the target.
    expect(lab.cso(directory, 'E1')?.status).toBe('pendingProvisioning');
    const item = imported.items.find((i) => i.externalId === 'E1');
    expect(item?.outcome ?? '').toMatch(/not confirmed/);

    // A sync in between neither drops nor duplicates what is owed.
    await lab.run(directory, 'fullSync');
    expect(lab.peRows(directory)).toHaveLength(1);
    lab.db.prepare('UPDATE pending_exports SET next_retry_at = NULL').run();
    const resent = await lab.run(directory, 'export');
    expect(resent.activity.status).toBe('complete');
    expect(lab.fileRows(directory).map((r) => r.id).sort()).toEqual(['E1', 'E2']);
    expect(e1Pe(lab, directory)).toMatchObject({ status: 'exported', errorCount: 1 });

    await lab.run(directory, 'import');
    expect(lab.peRows(directory)).toEqual([]);
  });

  it('after the retry limit it is failed, with an execution item saying so', async () => {
    const { lab, directory } = await bidirectionalLab();
    const maxRetries = (await lab.pendingExports(directory))[0]?.maxRetries as number;
    let last;
    for (let attempt = 1; attempt <= maxRetries; attempt += 1) {
      dropE1(lab, directory);
      last = await lab.run(directory, 'import');
      const pe = e1Pe(lab, directory);
      expect(pe?.errorCount).toBe(attempt);
      if (attempt < maxRetries) {
        expect(pe?.status).toBe('exportNotConfirmed');
        lab.db.prepare('UPDATE pending_exports SET next_retry_at = NULL').run();
        await lab.run(directory, 'export');
        expect(lab.fileRows(directory).map((r) => r.id).sort()).toEqual(['E1', 'E2']);
      }
    }
    expect(e1Pe(lab, directory)?.status).toBe('failed');
    const failure = last?.items.find((i) => i.externalId === 'E1');
    expect(failure).toMatchObject({ errorType: 'ExportConfirmationFailed' });
    expect(failure?.errorMessage ?? '').toMatch(/E1/);
    expect(last?.activity.status).toBe('completeWithError');

    lab.db.prepare('UPDATE pending_exports SET next_retry_at = NULL').run();
    const never = await lab.run(directory, 'export');
    expect(never.items.filter((i) => i.externalId === 'E1')).toEqual([]);
  });

  it('a delta import cannot prove absence and leaves it exported', async () => {
    const { lab, directory } = await bidirectionalLab();
    dropE1(lab, directory);
    const changes = join(lab.dir, 'directory-changes.csv');
    writeFileSync(changes, csvText([['id', 'displayName', '_changeType'], ['E2', 'Alan Turing', 'update']]));
    const delta = await createRunProfile(lab.env, directory.id, { name: 'Directory delta', runType: 'deltaImport', filePath: changes });
    const run = await lab.runProfile(delta.id);
    expect(run.activity.status).toBe('complete');
    expect(e1Pe(lab, directory)).toMatchObject({ status: 'exported', errorCount: 0 });
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AttributeFlow } from '../../src/shared/model';
import { isProcessAlive } from '../../src/main/runs/process-liveness';
import { SyncLab } from '../support/sync-lab';

const flow = (target: string, attribute: string): AttributeFlow => ({
  target,
  source: { kind: 'attribute', attribute },
  nullIsValue: false,
  initialExportOnly: false,
});

describe('export temporary files', () => {
  it('a temporary file left by a killed export is removed before the next export writes; live and foreign ones stay', async () => {
    const lab = SyncLab.open();
    await lab.attributes(['employeeId', 'firstName']);
    const hr = await lab.system('HR', { columns: ['id', 'firstName'], rows: [['E1', 'Ada']] });
    const target = await lab.system('Directory', { columns: ['id', 'name'], mode: 'exportOnly' });
    await lab.projectPeople(hr, [flow('employeeId', 'id'), flow('firstName', 'firstName')]);
    await lab.provisionPeople(target, [flow('id', 'employeeId'), flow('name', 'firstName')]);
    await lab.importAndSync(hr);

    const folder = dirname(target.file);
    const name = basename(target.file);
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    expect(isProcessAlive(deadPid)).toBe(false);
    const livePid = process.ppid;
    const stale = join(folder, `.${name}.${deadPid}.tmp`);
    const live = join(folder, `.${name}.${livePid}.tmp`);
    const otherTarget = join(folder, `.hr.csv.${deadPid}.tmp`);
    const notOurs = join(folder, `.${name}.backup.tmp`);
    for (const file of [stale, live, otherTarget, notOurs]) writeFileSync(file, 'half a file');

    const exported = await lab.run(target, 'export');
    expect(exported.activity.status).toBe('complete');
    expect(lab.fileRows(target)).toEqual([{ id: 'E1', name: 'Ada' }]);

    expect(existsSync(stale)).toBe(false);
    // Another process's export may still be writing its own; other files are none of ours.
    expect(existsSync(live)).toBe(true);
    expect(existsSync(otherTarget)).toBe(true);
    expect(existsSync(notOurs)).toBe(true);
    expect(readdirSync(folder).filter((f) => f.endsWith(`.${process.pid}.tmp`))).toEqual([]);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FileEncoding } from '../../src/shared/model';
import { SyncLab, type LabSystem } from '../support/sync-lab';

const { flow } = SyncLab;

/** HR (UTF-8) projects people; Directory, export-only in `encoding`, gets id and name. */
async function lab(encoding: FileEncoding, names: string[]): Promise<{ lab: SyncLab; hr: LabSystem; directory: LabSystem }> {
  const lab = SyncLab.open();
  await lab.attributes(['employeeId']);
  const hr = await lab.system('HR', { columns: ['id', 'name'], rows: names.map((name, i) => [`E${i + 1}`, name]) });
  await lab.projectPeople(hr, [flow('employeeId', 'id'), flow('displayName', 'name')], 'id');
  const directory = await lab.system('Directory', { columns: ['id', 'name'], mode: 'exportOnly', noFile: true });
  const stored = await lab.env.call('systems.get', { id: directory.id });
  const updated = await lab.env.call('systems.update', {
    id: directory.id,
    name: stored.name,
    settings: { ...stored.settings, encoding },
  });
  expect(updated.settings.encoding).toBe(encoding);
  await lab.provisionPeople(directory, [flow('id', 'employeeId'), flow('name', 'displayName')]);
  return { lab, hr, directory };
}

describe('file export writes the target in the system\'s encoding', () => {
  it.each<[FileEncoding, Buffer]>([
    ['utf-8', Buffer.from('id,name\nE1,Müller €\n', 'utf8')],
    ['utf-8-bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,name\nE1,Müller €\n', 'utf8')])],
    ['windows-1252', Buffer.from([...Buffer.from('id,name\nE1,M'), 0xfc, ...Buffer.from('ller '), 0x80, 0x0a])],
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name\nE1,Müller €\n', 'utf16le')])],
    ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('id,name\nE1,Müller €\n', 'utf16le').swap16()])],
  ])('%s', async (encoding, expected) => {
    const { lab: l, hr, directory } = await lab(encoding, ['Müller €']);
    await l.importAndSync(hr);
    const exported = await l.run(directory, 'export');
    expect(exported.activity.status).toBe('complete');
    expect(readFileSync(directory.file)).toEqual(expected);
    // A second export reads the file back in the same encoding and leaves it as it was.
    await l.run(directory, 'export');
    expect(readFileSync(directory.file)).toEqual(expected);
  });

  it('a value the encoding cannot hold fails the export with a clear cause and leaves the file as it was', async () => {
    const { lab: l, hr, directory } = await lab('latin1', ['Łukasz']);
    writeFileSync(directory.file, 'id,name\n');
    await l.importAndSync(hr);
    const exported = await l.run(directory, 'export');
    expect(exported.activity.status).not.toBe('complete');
    expect(exported.activity.errorMessage).toMatch(/"Ł" \(U\+0141\) cannot be written in Latin-1.*utf-8/);
    expect(readFileSync(directory.file, 'utf8')).toBe('id,name\n');
  });
});

describe('file export keeps every column of the target', () => {
  it('a column named __proto__ keeps its values when the file is rewritten', async () => {
    const { lab: l, hr } = await lab('utf-8', ['Ada']);
    const target = await l.system('Target', { columns: ['id', 'name', '__proto__'], mode: 'bidirectional' });
    writeFileSync(target.file, 'id,name,__proto__\nE9,Old,keep\n');
    await l.rule({
      name: 'Target out',
      connectedSystemId: target.id,
      csObjectType: 'person',
      mvObjectType: 'person',
      direction: 'outbound',
      provisionToSystem: true,
      flows: [flow('id', 'employeeId'), flow('name', 'displayName')],
    });
    await l.importAndSync(hr);
    expect((await l.run(target, 'export')).activity.status).toBe('complete');
    expect(readFileSync(target.file, 'utf8')).toBe('id,name,__proto__\nE9,Old,keep\nE1,Ada,\n');
  });
});

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectedSystem, FileEncoding } from '../../src/shared/model';
import { connectorSpace, createRunProfile, openTestEnv, runInProcess, type TestEnv } from '../support/engine';
import { makeTempDir, writeCsv } from '../support/temp';

/** A file system over `path` with its encoding set; every attribute text, so values come back as written. */
async function fileSystem(
  env: TestEnv,
  path: string,
  options: { externalIdColumn?: string; encoding?: FileEncoding } = {},
): Promise<ConnectedSystem> {
  const system = await env.call('systems.create', {
    name: 'HR',
    connectorType: 'file',
    settings: {
      filePath: path,
      objectType: 'person',
      externalIdColumn: options.externalIdColumn ?? 'id',
      ...(options.encoding ? { encoding: options.encoding } : {}),
    },
  });
  let latest = system;
  for (const attribute of system.objectTypes.flatMap((t) => t.attributes)) {
    if (attribute.type !== 'text') {
      latest = await env.call('systems.updateAttribute', { systemId: system.id, attributeId: attribute.id, type: 'text' });
    }
  }
  return latest;
}

async function importOnce(env: TestEnv, system: ConnectedSystem) {
  const profile = await createRunProfile(env, system.id, { name: `Import ${Date.now()}-${Math.random()}` });
  return runInProcess(env.db, profile.id);
}

/** Each object's attributes keyed by external ID. */
function values(env: TestEnv, systemId: number): Record<string, Record<string, unknown>> {
  return Object.fromEntries(connectorSpace(env.db, systemId).map((o) => [o.externalId, { ...o.attributes }]));
}

const SPECTRUM = resolve(import.meta.dirname, '../../node_modules/csv-spectrum');

/**
 * csv-spectrum 2.0.0's location_coordinates.json has a different phone number from its CSV (an
 * upstream slip: the JSON was anonymised, the CSV not). Every other value is checked against the
 * JSON; this one against the CSV, which is what a faithful import must return.
 */
const SPECTRUM_ERRATA: Record<string, Record<string, string>> = {
  location_coordinates: { 'Contact Phone Number': '2095257564' },
};

describe('csv-spectrum through the real import pipeline', () => {
  const cases = readdirSync(join(SPECTRUM, 'csvs')).filter((f) => f.endsWith('.csv')).map((f) => basename(f, '.csv'));

  it('has the cases the suite ships', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  it.each(cases)('%s: every value lands in the connector space as the expected JSON says', async (name) => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const csv = join(SPECTRUM, 'csvs', `${name}.csv`);
    const raw = JSON.parse(readFileSync(join(SPECTRUM, 'json', `${name}.json`), 'utf8')) as
      | Record<string, string>[]
      | Record<string, string>;
    const expected = (Array.isArray(raw) ? raw : [raw]).map((row) => ({ ...row, ...SPECTRUM_ERRATA[name] }));
    const anchor = Object.keys(expected[0] ?? {})[0] ?? '';
    const system = await fileSystem(env, csv, { externalIdColumn: anchor });
    const { activity, items } = await importOnce(env, system);
    expect(items.filter((i) => i.errorType)).toEqual([]);
    expect(activity.status).toBe('complete');
    const stored = values(env, system.id);
    expect(Object.keys(stored).length).toBe(expected.length);
    for (const row of expected) {
      const object = stored[row[anchor] ?? ''];
      expect(object, `object ${JSON.stringify(row[anchor])}`).toBeDefined();
      // An empty cell is an absent value (domain §11.4), so compare with empty strings filled in.
      const withEmpties = Object.fromEntries(Object.keys(row).map((column) => [column, object?.[column] ?? '']));
      expect(withEmpties).toEqual(row);
    }
  });
});

describe('encodings', () => {
  const mueller = (bytes: number[]) => Buffer.concat([Buffer.from('id,name\n1,M'), Buffer.from(bytes), Buffer.from('ller\n2,Ann\n')]);

  it('a file that is not UTF-8 fails the run before anything is written, naming the line and the likely encoding', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const path = writeCsv(dir, 'hr.csv', 'id,name\n1,Müller\n2,Ann\n');
    const system = await fileSystem(env, path);
    expect((await importOnce(env, system)).activity.status).toBe('complete');
    // The same rows saved by a Windows program: ü is one byte, 0xfc.
    writeFileSync(path, Buffer.concat([Buffer.from('id,name\n2,Bob\n'), mueller([0xfc]).subarray(8)]));
    const { activity, items } = await importOnce(env, system);
    expect(activity.status).toBe('failedWithError');
    expect(activity.errorMessage).toMatch(/not valid UTF-8/);
    expect(activity.errorMessage).toMatch(/line 3/);
    expect(activity.errorMessage).toMatch(/windows-1252/);
    expect(items).toEqual([]);
    expect(values(env, system.id)).toEqual({ '1': { id: '1', name: 'Müller' }, '2': { id: '2', name: 'Ann' } });
  });

  it.each<[FileEncoding, Buffer]>([
    ['windows-1252', mueller([0xfc])],
    ['latin1', mueller([0xfc])],
    ['utf-16le', Buffer.from('id,name\n1,Müller\n2,Ann\n', 'utf16le')],
    ['utf-16be', Buffer.from('id,name\n1,Müller\n2,Ann\n', 'utf16le').swap16()],
  ])('reads a %s file with that encoding set, in schema discovery and import', async (encoding, bytes) => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const path = join(dir, 'hr.csv');
    writeFileSync(path, bytes);
    const system = await fileSystem(env, path, { encoding });
    expect(system.settings.encoding).toBe(encoding);
    expect(system.objectTypes[0]?.attributes.map((a) => a.name)).toEqual(['id', 'name']);
    expect((await importOnce(env, system)).activity.status).toBe('complete');
    expect(values(env, system.id)['1']).toEqual({ id: '1', name: 'Müller' });
  });

  it('honours a UTF-16 byte-order mark under the default UTF-8 setting', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const path = join(dir, 'hr.csv');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name\n1,Müller\n', 'utf16le')]));
    const system = await fileSystem(env, path);
    expect((await importOnce(env, system)).activity.status).toBe('complete');
    expect(values(env, system.id)['1']).toEqual({ id: '1', name: 'Müller' });
  });

  it('UTF-16 without a byte-order mark under the UTF-8 setting fails clearly instead of being misread', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const path = writeCsv(dir, 'hr.csv', 'id,name\n1,Ann\n');
    const system = await fileSystem(env, path);
    writeFileSync(path, Buffer.from('id,name\n1,Müller\n', 'utf16le'));
    const { activity } = await importOnce(env, system);
    expect(activity.status).toBe('failedWithError');
    expect(activity.errorMessage).toMatch(/UTF-16 LE without a byte-order mark.*utf-16le/);
    await expect(fileSystemNamed(env, path)).rejects.toThrow(/UTF-16 LE without a byte-order mark/);
  });

  function fileSystemNamed(env: TestEnv, path: string) {
    return env.call('systems.create', {
      name: 'Second',
      connectorType: 'file',
      settings: { filePath: path, objectType: 'person', externalIdColumn: 'id' },
    });
  }
});

describe('malformed input is reported, never hidden behind complete', () => {
  it('a NUL byte in a cell is an execution item naming the row and column; the other rows import', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const path = writeCsv(dir, 'hr.csv', 'id,name\n1,Ann\n2,Bob\n');
    const system = await fileSystem(env, path);
    expect((await importOnce(env, system)).activity.status).toBe('complete');
    writeCsv(dir, 'hr.csv', 'id,name\n1,Ann\n2,B\0b\n');
    const { activity, items } = await importOnce(env, system);
    expect(activity.status).toBe('completeWithError');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ errorType: 'MalformedRow', rowNumber: 3 });
    expect(items[0]?.errorMessage).toMatch(/Row 3, column "name" holds a NUL character/);
    expect(values(env, system.id)).toEqual({ '1': { id: '1', name: 'Ann' }, '2': { id: '2', name: 'Bob' } });
  });

  it('an unterminated quote fails the run naming the line where the quote opened, not the end of the file', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const path = writeCsv(dir, 'hr.csv', 'id,name\n1,Ann\n');
    const system = await fileSystem(env, path);
    const rows = Array.from({ length: 20 }, (_, i) => `${i + 10},Person ${i}`).join('\n');
    writeCsv(dir, 'hr.csv', `id,name\n1,Ann\n\n2,"Bob\n${rows}\n`);
    const { activity } = await importOnce(env, system);
    expect(activity.status).toBe('failedWithError');
    expect(activity.errorMessage).toMatch(/quote opened in the record starting on line 4, column "name" is never closed/);
  });

  it('a stray quote inside an unquoted value is kept literally, as spreadsheets write it', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const path = writeCsv(dir, 'hr.csv', 'id,position\n1,37°36\'37.8"N\n2,"quoted, fine"\n');
    const system = await fileSystem(env, path);
    const { activity } = await importOnce(env, system);
    expect(activity.status).toBe('complete');
    expect(values(env, system.id)).toEqual({
      '1': { id: '1', position: '37°36\'37.8"N' },
      '2': { id: '2', position: 'quoted, fine' },
    });
  });

  it('a record over 1 MB fails the run quickly with a short message, and the stored objects stay', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const path = writeCsv(dir, 'hr.csv', 'id,name\n1,Ann\n');
    const system = await fileSystem(env, path);
    expect((await importOnce(env, system)).activity.status).toBe('complete');
    writeCsv(dir, 'hr.csv', `id,name\n1,Ann\n2,${'x'.repeat(3 * 1024 * 1024)}\n`);
    const { activity } = await importOnce(env, system);
    expect(activity.status).toBe('failedWithError');
    expect(activity.errorMessage).toMatch(/record starting on line 3, column "name" is longer than the 1 MB limit/);
    expect(activity.errorMessage?.length).toBeLessThan(600);
    expect(values(env, system.id)).toEqual({ '1': { id: '1', name: 'Ann' } });
  });

  it('a header over 1 MB is refused at schema discovery with a short message', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const path = writeCsv(dir, 'hr.csv', `id,${'h'.repeat(2 * 1024 * 1024)}\n1,2\n`);
    const error = await env
      .call('systems.create', { name: 'HR', connectorType: 'file', settings: { filePath: path, objectType: 'p', externalIdColumn: 'id' } })
      .catch((e: unknown) => e as Error);
    expect((error as Error).message).toMatch(/the header row.*longer than the 1 MB limit/);
    expect((error as Error).message.length).toBeLessThan(600);
  });

  it('columns named __proto__, constructor and toString import like any other', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const path = writeCsv(dir, 'hr.csv', 'id,__proto__,constructor,toString,hasOwnProperty\n1,a,b,c,d\n2,,,,\n');
    const system = await fileSystem(env, path);
    expect(system.objectTypes[0]?.attributes.map((a) => a.name)).toEqual(['id', '__proto__', 'constructor', 'toString', 'hasOwnProperty']);
    const first = await importOnce(env, system);
    expect(first.items.filter((i) => i.errorType)).toEqual([]);
    expect(first.activity.status).toBe('complete');
    const stored = connectorSpace(env.db, system.id);
    const one = stored.find((o) => o.externalId === '1');
    expect(Object.entries(one?.attributes ?? {})).toEqual([
      ['id', '1'],
      ['__proto__', 'a'],
      ['constructor', 'b'],
      ['toString', 'c'],
      ['hasOwnProperty', 'd'],
    ]);
    expect(Object.entries(stored.find((o) => o.externalId === '2')?.attributes ?? {})).toEqual([['id', '2']]);
    // Unchanged on a second run: the content hash and the stored values agree.
    writeCsv(dir, 'hr.csv', 'id,__proto__,constructor,toString,hasOwnProperty\n1,a,b,c,d\n2,,,,\n');
    const second = await importOnce(env, system);
    expect(second.activity.status).toBe('complete');
    expect(second.items).toEqual([]);
    // A change to one of them is an update of that attribute alone.
    writeCsv(dir, 'hr.csv', 'id,__proto__,constructor,toString,hasOwnProperty\n1,a2,b,c,d\n2,,,,x\n');
    const third = await importOnce(env, system);
    expect(third.items.map((i) => [i.externalId, i.changeType, i.attributeChanges.map((c) => c.name)])).toEqual([
      ['1', 'updated', ['__proto__']],
      ['2', 'updated', ['hasOwnProperty']],
    ]);
  });

  it('an execution item quotes at most 200 characters of a bad value', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const path = writeCsv(dir, 'hr.csv', 'id,level\n1,1\n2,2\n');
    const system = await env.call('systems.create', { name: 'HR', connectorType: 'file', settings: { filePath: path, objectType: 'person', externalIdColumn: 'id' } });
    expect(system.objectTypes[0]?.attributes.find((a) => a.name === 'level')?.type).toBe('integer');
    writeCsv(dir, 'hr.csv', `id,level\n1,1\n2,${'9x'.repeat(200_000)}\n`);
    const { items } = await importOnce(env, system);
    const failed = items.find((i) => i.errorType === 'ImportAttributeValueError');
    expect(failed?.errorMessage).toBe(`level: "${'9x'.repeat(100)}…" is not a whole number`);
  });

  it('a run that fails over a wide header lists its columns briefly', async () => {
    const dir = makeTempDir();
    const env = openTestEnv(dir);
    const columns = ['id', ...Array.from({ length: 3000 }, (_, i) => `attribute${i}`)];
    const path = writeCsv(dir, 'hr.csv', `${columns.join(',')}\n${columns.map(() => '1').join(',')}\n`);
    const system = await env.call('systems.create', { name: 'HR', connectorType: 'file', settings: { filePath: path, objectType: 'person', externalIdColumn: 'id' } });
    const profile = await createRunProfile(env, system.id, { name: 'Delta', runType: 'deltaImport' });
    const { activity } = await runInProcess(env.db, profile.id);
    expect(activity.status).toBe('failedWithError');
    expect(activity.errorMessage).toMatch(/change-type column "_changeType" is not in the header .*"attribute18" and 2981 more/);
    expect(activity.errorMessage?.length).toBeLessThan(1000);
  });
});

import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/main/engine/connectors/file/csv-reader';
import { discoverFileSchema, type SchemaSettings } from '../../src/main/engine/connectors/file/schema-discovery';
import { ConnectorError } from '../../src/main/engine/connectors/types';
import { parseValue, ValueParseError } from '../../src/main/engine/values';
import type { AttributeType } from '../../src/shared/model';
import { csvText, makeTempDir, writeCsv } from '../support/temp';

interface Table {
  header: string[];
  rows: string[][];
}

async function readAll(path: string, delimiter = ',', chunkSize?: number): Promise<Table> {
  const table: Table = { header: [], rows: [] };
  const options = chunkSize === undefined ? { delimiter } : { delimiter, chunkSize };
  for await (const item of readCsv(path, options)) {
    if ('header' in item) table.header = item.header;
    else table.rows.push(...item.records);
  }
  return table;
}

/** Rejects instead of hanging: a read that never settles fails the test quickly and clearly. */
async function settle<T>(promise: Promise<T>, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function readError(path: string, delimiter = ','): Promise<ConnectorError> {
  const error = await settle(readAll(path, delimiter).then(() => undefined, (e: unknown) => e));
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

function settings(filePath: string, overrides: Partial<SchemaSettings> = {}): SchemaSettings {
  return {
    filePath,
    delimiter: ',',
    multiValueDelimiter: '|',
    objectType: 'person',
    objectTypeColumn: null,
    externalIdColumn: 'id',
    ...overrides,
  };
}

describe('readCsv', () => {
  it('reads quoted delimiters, doubled quotes and embedded newlines as cell content', async () => {
    const dir = makeTempDir();
    const path = writeCsv(dir, 'q.csv', 'id,name,note\r\n1,"Smith, John","He said ""hi"""\r\n2,"multi\nline\r\ntext",plain\r\n');
    const table = await readAll(path);
    expect(table).toEqual({
      header: ['id', 'name', 'note'],
      rows: [
        ['1', 'Smith, John', 'He said "hi"'],
        ['2', 'multi\nline\r\ntext', 'plain'],
      ],
    });
  });

  it('drops a UTF-8 byte-order mark instead of making it part of the first column name', async () => {
    const dir = makeTempDir();
    const path = join(dir, 'bom.csv');
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,naïve\n1,é\n', 'utf8')]));
    const table = await readAll(path);
    expect(table.header).toEqual(['id', 'naïve']);
    expect(table.header[0]).toHaveLength(2);
    expect(table.rows).toEqual([['1', 'é']]);
  });

  it.each([
    ['tab', '\t'],
    ['semicolon', ';'],
    ['pipe', '|'],
  ])('splits on a %s delimiter and leaves commas inside cells alone', async (_, delimiter) => {
    const dir = makeTempDir();
    const path = writeCsv(dir, 'd.csv', ['id', 'name', 'city'].join(delimiter) + '\n' + ['1', 'Doe, Jane', `"a${delimiter}b"`].join(delimiter) + '\n');
    expect(await readAll(path, delimiter)).toEqual({ header: ['id', 'name', 'city'], rows: [['1', 'Doe, Jane', `a${delimiter}b`]] });
  });

  it('streams in chunks of the requested size with 1-based row numbers after the header', async () => {
    const dir = makeTempDir();
    const path = writeCsv(dir, 'c.csv', csvText([['id'], ...Array.from({ length: 5 }, (_, i) => [String(i)])]));
    const chunks: { firstRowNumber: number; size: number }[] = [];
    for await (const item of readCsv(path, { delimiter: ',', chunkSize: 2 })) {
      if (!('header' in item)) chunks.push({ firstRowNumber: item.firstRowNumber, size: item.records.length });
    }
    expect(chunks).toEqual([
      { firstRowNumber: 2, size: 2 },
      { firstRowNumber: 4, size: 2 },
      { firstRowNumber: 6, size: 1 },
    ]);
  });

  it('a missing file fails promptly with a ConnectorError naming the file', async () => {
    const path = join(makeTempDir(), 'does-not-exist.csv');
    const error = await readError(path);
    expect(error.message).toContain(path);
    expect(error.field).toBe('filePath');
  });

  it('an empty file is an error, not an empty table', async () => {
    const dir = makeTempDir();
    for (const text of ['', '\n\n']) {
      const path = writeCsv(dir, 'empty.csv', text);
      const error = await readError(path);
      expect(error.message).toMatch(/empty/i);
      expect(error.message).toContain(path);
    }
  });

  it('a quote inside an unquoted value is kept literally instead of rejecting the file', async () => {
    const dir = makeTempDir();
    const path = writeCsv(dir, 'stray.csv', 'a,b\n1,37°36\'37.8"N\n5,"x"y\n');
    expect((await readAll(path)).rows).toEqual([
      ['1', '37°36\'37.8"N'],
      ['5', '"x"y'],
    ]);
  });

  it('an unterminated quote names the line and column where it opened, not the end of the file', async () => {
    const dir = makeTempDir();
    const rest = Array.from({ length: 30 }, (_, i) => `${i},x`).join('\n');
    const unterminated = writeCsv(dir, 'bad2.csv', `a,b\n1,2\n\n3,"never closed\n${rest}\n`);
    const error = await readError(unterminated);
    expect(error.message).toMatch(/quote opened in the record starting on line 4, column "b" is never closed/);
    expect(error.message).toContain(unterminated);
    expect(error.message).not.toMatch(/line 3[0-9]/);
  });

  it('a header line over the record limit fails fast with a bounded message', async () => {
    const dir = makeTempDir();
    const path = writeCsv(dir, 'wide.csv', `id,${'h'.repeat(8 * 1024 * 1024)}\n1,2\n`);
    const started = Date.now();
    const error = await readError(path);
    // csv-parse's record-delimiter discovery rescanned the first record per chunk: seconds per MB.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error.message).toMatch(/the header row is longer than the 1 MB limit/);
    expect(error.message.length).toBeLessThan(400);
  });

  it('a NUL character in the header is a misread file, not a column name', async () => {
    const dir = makeTempDir();
    const path = writeCsv(dir, 'nul.csv', 'id,na\0me\n1,2\n');
    expect((await readError(path)).message).toMatch(/header .* holds a NUL character in column 2/);
  });

  it('round-trips any table written with RFC 4180 quoting (property)', async () => {
    const dir = makeTempDir();
    const path = join(dir, 'prop.csv');
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'B', ' ', ',', '"', '\n', '\r\n', '|', ';', 'é', '😀', '\t') }),
      fc.string({ unit: 'grapheme' }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }).chain((width) =>
          fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 0, maxLength: 8 }).map((rows) => ({
            header: Array.from({ length: width }, (_, i) => `col${i}`),
            rows,
          })),
        ),
        async (table) => {
          // A one-column row holding "" would be an empty line; RFC 4180 writers quote it.
          const text = table.header.join(',') + '\n' + table.rows
            .map((row) => (row.length === 1 && row[0] === '' ? '""' : csvText([row]).slice(0, -1)))
            .map((line) => `${line}\n`)
            .join('');
          writeFileSync(path, text, 'utf8');
          expect(await readAll(path, ',', 3)).toEqual(table);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('schema discovery', () => {
  it('infers each column type from its samples', async () => {
    const dir = makeTempDir();
    const path = writeCsv(
      dir,
      'types.csv',
      csvText([
        ['id', 'count', 'price', 'active', 'uid', 'born', 'name', 'mixed', 'blank'],
        ['u1', '1', '1.5', 'true', '{0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9}', '2020-01-02', 'Ann', '1', ''],
        ['u2', '-20', '2', 'FALSE', '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f0', '2020-01-02T03:04:05Z', 'Bob', 'x', ''],
        ['u3', '300', '3e2', 'True', '0a1b2c3d4e5f60718293a4b5c6d7e8f1', '2021-12-31 23:59', '42', '3', ''],
      ]),
    );
    const [type, ...rest] = await discoverFileSchema(settings(path));
    expect(rest).toEqual([]);
    expect(type?.name).toBe('person');
    const shape = Object.fromEntries((type?.attributes ?? []).map((a) => [a.name, a.type]));
    expect(shape).toEqual({
      id: 'text',
      count: 'integer',
      price: 'decimal',
      active: 'boolean',
      uid: 'guid',
      born: 'dateTime',
      name: 'text',
      mixed: 'text',
      blank: 'text',
    });
    expect(type?.attributes.filter((a) => a.isExternalId).map((a) => a.name)).toEqual(['id']);
    expect(type?.attributes.some((a) => a.multiValued)).toBe(false);
  });

  it('a repeated header name makes one multi-valued attribute', async () => {
    const dir = makeTempDir();
    const path = writeCsv(dir, 'dup.csv', 'id,group,name,Group\n1,a,Ann,b\n');
    const [type] = await discoverFileSchema(settings(path));
    expect(type?.attributes.map((a) => [a.name, a.multiValued])).toEqual([
      ['id', false],
      ['group', true],
      ['name', false],
    ]);
  });

  it('values holding the multi-value delimiter make the attribute multi-valued, typed from the parts', async () => {
    const dir = makeTempDir();
    const path = writeCsv(dir, 'mv.csv', 'id,levels,tags\n1,1|2,x\n2,3,y;z\n');
    const [type] = await discoverFileSchema(settings(path, { multiValueDelimiter: ';' }));
    expect(type?.attributes.map((a) => [a.name, a.type, a.multiValued])).toEqual([
      ['id', 'text', false],
      ['levels', 'text', false],
      ['tags', 'text', true],
    ]);
    const [piped] = await discoverFileSchema(settings(path));
    expect(piped?.attributes.find((a) => a.name === 'levels')).toMatchObject({ type: 'integer', multiValued: true });
  });

  it('an object-type column yields each distinct type once, compared case-insensitively', async () => {
    const dir = makeTempDir();
    const path = writeCsv(dir, 'types.csv', 'kind,id,name\nPerson,1,Ann\ngroup,2,Admins\nperson,3,Bob\nGROUP,4,Users\n\n');
    const types = await discoverFileSchema(settings(path, { objectType: null, objectTypeColumn: 'Kind' }));
    expect(types.map((t) => t.name)).toEqual(['Person', 'group']);
    for (const type of types) expect(type.attributes.map((a) => a.name)).toEqual(['id', 'name']);
  });

  it('a missing external-ID column is a ConnectorError on the externalIdColumn field', async () => {
    const dir = makeTempDir();
    const path = writeCsv(dir, 'noid.csv', 'name,mail\nAnn,a@x\n');
    const error = await discoverFileSchema(settings(path, { externalIdColumn: 'employeeId' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).field).toBe('externalIdColumn');
    expect((error as ConnectorError).message).toContain('employeeId');
  });
});

describe('parseValue', () => {
  it('normalises values so equal values compare equal', () => {
    expect(parseValue('decimal', '5.0')).toBe(parseValue('decimal', '5.00'));
    expect(parseValue('decimal', ' 1e3 ')).toBe(1000);
    expect(parseValue('integer', '+042')).toBe(42);
    expect(parseValue('guid', '{0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9}')).toBe('0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9');
    expect(parseValue('guid', '0A1B2C3D4E5F60718293A4B5C6D7E8F9')).toBe('0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9');
    expect(parseValue('dateTime', '2024-03-01T10:00:00+02:00')).toBe('2024-03-01T08:00:00.000Z');
    expect(parseValue('dateTime', '2024-03-01 10:00')).toBe('2024-03-01T10:00:00.000Z');
    expect(parseValue('dateTime', '2024-03-01')).toBe('2024-03-01T00:00:00.000Z');
    expect(parseValue('boolean', 'Yes')).toBe(true);
    expect(parseValue('boolean', '0')).toBe(false);
    expect(parseValue('text', ' Keep Case ')).toBe(' Keep Case ');
  });

  it.each<[AttributeType, string]>([
    ['integer', '12a'],
    ['integer', '1.5'],
    ['integer', '99999999999999999999'],
    ['decimal', '1,5'],
    ['boolean', 'maybe'],
    ['guid', 'not-a-guid'],
    ['dateTime', '2024-13-45'],
    ['dateTime', 'yesterday'],
  ])('refuses %s "%s" with a ValueParseError', (type, raw) => {
    expect(() => parseValue(type, raw)).toThrow(ValueParseError);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundMessage, quoteList, quoteValue } from '../../src/shared/bounded-text';
import type { FileEncoding } from '../../src/shared/model';
import { readCsv } from '../../src/main/engine/connectors/file/csv-reader';
import { byteOrderMark, encodeText } from '../../src/main/engine/connectors/file/text-encoding';
import { ConnectorError } from '../../src/main/engine/connectors/types';
import { makeTempDir } from '../support/temp';

async function read(bytes: Buffer, encoding?: FileEncoding): Promise<string[][]> {
  const path = join(makeTempDir(), 'file.csv');
  writeFileSync(path, bytes);
  const rows: string[][] = [];
  for await (const item of readCsv(path, { delimiter: ',', ...(encoding ? { encoding } : {}) })) {
    if ('header' in item) rows.push(item.header);
    else rows.push(...item.records);
  }
  return rows;
}

async function failure(bytes: Buffer, encoding?: FileEncoding): Promise<ConnectorError> {
  const error = await read(bytes, encoding).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe('decoding', () => {
  it('characters split across read chunks decode whole (UTF-8 and UTF-16 surrogate pairs)', async () => {
    // Far more than one 64 KiB read chunk, with multi-byte characters at every offset.
    const text = `id,name\n${Array.from({ length: 40_000 }, (_, i) => `${i},ü€😀`).join('\n')}\n`;
    const expected = [['id', 'name'], ...Array.from({ length: 40_000 }, (_, i) => [String(i), 'ü€😀'])];
    expect(await read(Buffer.from(text, 'utf8'))).toEqual(expected);
    expect(await read(Buffer.from(text, 'utf16le'), 'utf-16le')).toEqual(expected);
    expect(await read(Buffer.from(text, 'utf16le').swap16(), 'utf-16be')).toEqual(expected);
  });

  it('invalid UTF-8 deep in a file names its exact line, whatever chunk it falls in', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => `${i},name ${i}`);
    const bytes = Buffer.concat([Buffer.from(`id,name\n${lines.join('\n')}\n`), Buffer.from('x,M'), Buffer.from([0xfc]), Buffer.from('ller\n')]);
    const error = await failure(bytes);
    expect(error.message).toMatch(/not valid UTF-8: line 30002 holds bytes \(fc 6c 6c 65\)/);
    expect(error.message).toMatch(/windows-1252/);
    expect(error.field).toBe('encoding');
  });

  it('a lone continuation byte and a truncated sequence at the end of the file are both refused', async () => {
    expect((await failure(Buffer.from([0x69, 0x64, 0x0a, 0x80, 0x0a]))).message).toMatch(/line 2/);
    expect((await failure(Buffer.from([0x69, 0x64, 0x0a, 0x61, 0xc3]))).message).toMatch(/line 2/);
  });

  it('windows-1252 and latin1 differ where they should (0x80 is € in one, a control in the other)', async () => {
    const bytes = Buffer.from([0x69, 0x64, 0x0a, 0x80, 0xe9, 0x0a]);
    expect(await read(bytes, 'windows-1252')).toEqual([['id'], ['€é']]);
    expect(await read(bytes, 'latin1')).toEqual([['id'], ['\u0080é']]);
  });

  it('a UTF-8 BOM is dropped under every setting; a UTF-16 BOM switches to UTF-16', async () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id\né\n')]);
    expect(await read(utf8)).toEqual([['id'], ['é']]);
    expect(await read(utf8, 'windows-1252')).toEqual([['id'], ['é']]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('id\né\n', 'utf16le').swap16()]);
    expect(await read(be)).toEqual([['id'], ['é']]);
  });

  it('UTF-16 without a BOM is named as such under UTF-8 and Windows-1252, big- and little-endian', async () => {
    const le = Buffer.from('employeeId,name\n1,Ann\n', 'utf16le');
    expect((await failure(le)).message).toMatch(/UTF-16 LE without a byte-order mark.*set the encoding to utf-16le/);
    expect((await failure(Buffer.from(le).swap16(), 'windows-1252')).message).toMatch(/UTF-16 BE .*utf-16be/);
  });
});

describe('encoding for export', () => {
  it.each<FileEncoding>(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252', 'latin1'])(
    '%s: what is written reads back the same',
    async (encoding) => {
      const text = 'id,name\n1,"Müller, Zoë"\n';
      expect(await read(Buffer.concat([byteOrderMark(encoding), encodeText(text, encoding)]), encoding)).toEqual([
        ['id', 'name'],
        ['1', 'Müller, Zoë'],
      ]);
    },
  );

  it('a character the encoding cannot hold is refused, never written as "?"', () => {
    expect(() => encodeText('id\nŁódź\n', 'latin1')).toThrow(/"Ł" \(U\+0141\) cannot be written in Latin-1/);
    expect(() => encodeText('€', 'latin1')).toThrow(ConnectorError);
    expect(encodeText('€', 'windows-1252')).toEqual(Buffer.from([0x80]));
    expect(() => encodeText('😀', 'windows-1252')).toThrow(/U\+1F600/);
  });

  it('only utf-8-bom and UTF-16 write a byte-order mark', () => {
    expect(byteOrderMark('utf-8')).toHaveLength(0);
    expect([...byteOrderMark('utf-8-bom')]).toEqual([0xef, 0xbb, 0xbf]);
    expect([...byteOrderMark('utf-16le')]).toEqual([0xff, 0xfe]);
    expect([...byteOrderMark('utf-16be')]).toEqual([0xfe, 0xff]);
    expect(byteOrderMark('windows-1252')).toHaveLength(0);
  });
});

describe('bounded messages', () => {
  it('quotes at most 200 characters of a value, then …, with control characters visible', () => {
    expect(quoteValue('short')).toBe('"short"');
    expect(quoteValue('a\0b\n')).toBe('"a\\u0000b\\n"');
    const long = quoteValue('x'.repeat(10_000));
    expect(long).toBe(`"${'x'.repeat(200)}…"`);
  });

  it('lists at most 20 names and cuts a whole message', () => {
    const names = Array.from({ length: 1000 }, (_, i) => `column${i}`);
    expect(quoteList(names)).toMatch(/"column19" and 980 more$/);
    expect(quoteList([])).toBe('none');
    expect(boundMessage('y'.repeat(1_000_000))).toHaveLength(2001);
    // Never half a surrogate pair.
    expect(boundMessage(`${'y'.repeat(1999)}😀`)).toBe(`${'y'.repeat(1999)}…`);
  });
});

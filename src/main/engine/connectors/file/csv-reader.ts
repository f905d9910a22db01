import { parse, CsvError } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream';
import { quoteList, quoteValue } from '../../../../shared/bounded-text';
import { DEFAULT_FILE_ENCODING, type FileEncoding } from '../../../../shared/model';
import { ConnectorError } from '../types';
import { DecodingStream } from './text-encoding';

/** Bytes one record (the header included) may hold: a runaway line fails fast instead of filling memory. */
export const MAX_RECORD_BYTES = 1024 * 1024;

export interface CsvReadOptions {
  delimiter: string;
  /** How a file without a byte-order mark is decoded (default UTF-8). */
  encoding?: FileEncoding;
  /** Records handed over at a time; the stream is read lazily so memory stays bounded. */
  chunkSize?: number;
}

/** The header row and the data records after it, streamed in chunks. Row numbers are 1-based file records (header = 1). */
export interface CsvChunk {
  firstRowNumber: number;
  records: string[][];
}

/** Where the parser was when it failed, in the terms of the file: its header and its lines. */
interface ParsePosition {
  header: string[] | null;
  /** The line the last complete record ended on (0 before the header). */
  lastRecordLine: number;
}

/** A column for a message: its header name, else its 1-based position. */
export function columnLabel(header: readonly string[] | null, index: number): string {
  const name = header?.[index];
  return name === undefined ? `column ${index + 1}` : `column ${quoteValue(name, 60)}`;
}

/**
 * Blank lines between records are skipped without a record, so the record that failed starts on
 * the first non-blank line after the last complete one. Only read when an error needs it.
 * Returns that line minus one, so the message's "last record + 1" names it.
 */
async function firstLineAfter(path: string, encoding: FileEncoding, lastRecordLine: number): Promise<number> {
  const source = createReadStream(path);
  const lines = createInterface({ input: source.pipe(new DecodingStream(path, encoding)), crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      if (line > lastRecordLine && text.trim() !== '') return line - 1;
    }
  } catch {
    // The original parse error is the one to report.
  } finally {
    lines.close();
    source.destroy();
  }
  return lastRecordLine;
}

function parseProblem(error: CsvError, position: ParsePosition): string {
  const info = error as CsvError & { lines?: number; column?: number | string | null };
  const recordLine = position.lastRecordLine + 1;
  const where = position.header === null ? 'the header row' : `the record starting on line ${recordLine}`;
  const column = typeof info.column === 'number' && position.header ? `, ${columnLabel(position.header, info.column)}` : '';
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `a quote opened in ${where}${column} is never closed (a value that starts with " must end with ")`;
    case 'CSV_MAX_RECORD_SIZE':
      return `${where}${column} is longer than the ${MAX_RECORD_BYTES / (1024 * 1024)} MB limit for one record (is the delimiter right?)`;
    default:
      // The parser's own wording, bounded: it can quote the value it choked on.
      return `${quoteValue(error.message)} near line ${info.lines ?? recordLine}${column}`;
  }
}

function describe(path: string, error: unknown, position: ParsePosition): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof CsvError) {
    return new ConnectorError(`The file ${path} is not valid CSV: ${parseProblem(error, position)}`, 'filePath');
  }
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return new ConnectorError(`The file ${path} does not exist`, 'filePath');
  if (e.code === 'EACCES' || e.code === 'EPERM') {
    return new ConnectorError(`The file ${path} cannot be read: permission denied`, 'filePath');
  }
  if (e.code === 'EISDIR') return new ConnectorError(`${path} is a folder, not a file`, 'filePath');
  return new ConnectorError(`The file ${path} cannot be read: ${quoteValue(e.message)}`, 'filePath');
}

/** A header cell holding NUL is a misread file (or a binary one), not a column name. */
function checkHeader(path: string, header: string[]): void {
  const index = header.findIndex((name) => name.includes('\0'));
  if (index >= 0) {
    throw new ConnectorError(
      `The header of ${path} holds a NUL character in column ${index + 1} (${quoteValue(header[index] ?? '')}): the file is binary or its encoding is wrong`,
      'encoding',
    );
  }
}

type RecordTracker = (record: string[], context: { lines: number }) => string[];

/** The file's bytes, decoded, into csv-parse. */
function openParser(path: string, options: CsvReadOptions, onRecord?: RecordTracker) {
  const source = createReadStream(path);
  const parser = parse({
    delimiter: options.delimiter,
    // Named, not discovered: csv-parse's discovery rescans the first record per chunk, which
    // made a long header line quadratic (a 200 MB header took minutes).
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
    ...(onRecord ? { on_record: onRecord } : {}),
  });
  // pipeline, not pipe: a source or decoding error (a missing file, bytes that are not UTF-8)
  // must reach the parser, or the read would hang or end early looking complete.
  pipeline(source, new DecodingStream(path, options.encoding ?? DEFAULT_FILE_ENCODING), parser, () => undefined);
  return { source, parser };
}

/**
 * Where a parse failed, found by reading the file again with a per-record callback: on every read
 * that callback would double csv-parse's time, so only a failure pays for it.
 */
async function locateFailure(path: string, options: CsvReadOptions): Promise<ParsePosition> {
  const position: ParsePosition = { header: null, lastRecordLine: 0 };
  const { source, parser } = openParser(path, options, (record, context) => {
    position.header ??= record.map((name) => name.trim());
    position.lastRecordLine = context.lines;
    return record;
  });
  try {
    for await (const record of parser as AsyncIterable<string[]>) void record;
  } catch {
    // The same failure again: the position is what was wanted.
  } finally {
    source.destroy();
  }
  return position;
}

/**
 * Streams a delimited file with csv-parse (RFC 4180 quoting, quoted delimiters/quotes/newlines;
 * a quote inside an unquoted value is kept literally, as spreadsheets write and read it). Bytes
 * are decoded per the encoding setting first, failing on bytes it cannot hold. Yields the header
 * once, then chunks of records.
 */
export async function* readCsv(
  path: string,
  options: CsvReadOptions,
): AsyncGenerator<{ header: string[] } | CsvChunk> {
  const chunkSize = options.chunkSize ?? 1000;
  const { source, parser } = openParser(path, options);
  let chunk: string[][] = [];
  let nextRow = 2;
  let headerSeen = false;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!headerSeen) {
        headerSeen = true;
        const header = record.map((name) => name.trim());
        checkHeader(path, header);
        yield { header };
        continue;
      }
      chunk.push(record);
      if (chunk.length >= chunkSize) {
        yield { firstRowNumber: nextRow, records: chunk };
        nextRow += chunk.length;
        chunk = [];
      }
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw describe(path, error, { header: null, lastRecordLine: 0 });
    const position = await locateFailure(path, options);
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
      position.lastRecordLine = await firstLineAfter(path, options.encoding ?? DEFAULT_FILE_ENCODING, position.lastRecordLine);
    }
    throw describe(path, error, position);
  } finally {
    source.destroy();
  }
  if (!headerSeen) throw new ConnectorError(`The file ${path} is empty: it has no header row`, 'filePath');
  if (chunk.length) yield { firstRowNumber: nextRow, records: chunk };
}

export async function readHeaderAndSamples(
  path: string,
  options: { delimiter: string; encoding?: FileEncoding },
  sampleRows: number,
): Promise<{ header: string[]; rows: string[][] }> {
  let header: string[] = [];
  const rows: string[][] = [];
  for await (const item of readCsv(path, { ...options, chunkSize: Math.max(1, sampleRows) })) {
    if ('header' in item) {
      header = item.header;
      continue;
    }
    rows.push(...item.records.slice(0, sampleRows - rows.length));
    if (rows.length >= sampleRows) break;
  }
  return { header, rows };
}

/** Columns matched case-insensitively, as file headers are (domain §14). */
export function columnIndexes(header: readonly string[], name: string): number[] {
  const wanted = name.trim().toLowerCase();
  const found: number[] = [];
  header.forEach((column, index) => {
    if (column.toLowerCase() === wanted) found.push(index);
  });
  return found;
}

/** A header for a message: its column names quoted, the list bounded. */
export function describeHeader(header: readonly string[]): string {
  return quoteList(header);
}

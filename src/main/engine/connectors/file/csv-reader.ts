import { parse, CsvError } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { ConnectorError } from '../types';

export interface CsvReadOptions {
  delimiter: string;
  /** Records handed over at a time; the stream is read lazily so memory stays bounded. */
  chunkSize?: number;
}

/** The header row and the data records after it, streamed in chunks. Row numbers are 1-based file records (header = 1). */
export interface CsvChunk {
  firstRowNumber: number;
  records: string[][];
}

function describe(path: string, error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof CsvError) {
    const line = (error as CsvError & { lines?: number }).lines;
    return new ConnectorError(
      `The file ${path} is not valid CSV${line ? ` near line ${line}` : ''}: ${error.message}`,
      'filePath',
    );
  }
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return new ConnectorError(`The file ${path} does not exist`, 'filePath');
  if (e.code === 'EACCES' || e.code === 'EPERM') {
    return new ConnectorError(`The file ${path} cannot be read: permission denied`, 'filePath');
  }
  if (e.code === 'EISDIR') return new ConnectorError(`${path} is a folder, not a file`, 'filePath');
  return new ConnectorError(`The file ${path} cannot be read: ${e.message}`, 'filePath');
}

/**
 * Streams a delimited file with csv-parse (RFC 4180 quoting, quoted delimiters/quotes/newlines,
 * UTF-8 BOM dropped). Yields the header once, then chunks of records.
 */
export async function* readCsv(
  path: string,
  options: CsvReadOptions,
): AsyncGenerator<{ header: string[] } | CsvChunk> {
  const chunkSize = options.chunkSize ?? 1000;
  const source = createReadStream(path);
  const parser = parse({ delimiter: options.delimiter, bom: true, relax_column_count: true, skip_empty_lines: true });
  // pipe() does not forward a source error (a missing file) to the parser; without this the read would hang.
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let header: string[] | null = null;
  let chunk: string[][] = [];
  let nextRow = 2;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (header === null) {
        header = record.map((name) => name.trim());
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
    throw describe(path, error);
  } finally {
    source.destroy();
  }
  if (header === null) throw new ConnectorError(`The file ${path} is empty: it has no header row`, 'filePath');
  if (chunk.length) yield { firstRowNumber: nextRow, records: chunk };
}

export async function readHeaderAndSamples(
  path: string,
  delimiter: string,
  sampleRows: number,
): Promise<{ header: string[]; rows: string[][] }> {
  let header: string[] = [];
  const rows: string[][] = [];
  for await (const item of readCsv(path, { delimiter, chunkSize: Math.max(1, sampleRows) })) {
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

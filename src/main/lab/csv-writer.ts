import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stringify, type Stringifier } from 'csv-stringify';

/**
 * A CSV file written row by row through a stream with back-pressure: `write` waits for the
 * buffer to drain, so a million rows never sit in memory.
 */
export class CsvWriter {
  private readonly stringifier: Stringifier;
  private readonly done: Promise<void>;
  rows = 0;

  constructor(
    readonly path: string,
    readonly columns: readonly string[],
  ) {
    const out = createWriteStream(path);
    this.stringifier = stringify({ header: true, columns: [...columns], eof: true });
    this.stringifier.pipe(out);
    this.done = finished(out);
    // Surface errors through `end` (and through a pending `write`) rather than as unhandled events.
    this.done.catch(() => undefined);
  }

  async write(row: Record<string, string>): Promise<void> {
    this.rows += 1;
    if (!this.stringifier.write(row)) await once(this.stringifier, 'drain');
  }

  async end(): Promise<void> {
    this.stringifier.end();
    await this.done;
  }
}

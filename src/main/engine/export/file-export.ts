import { stringify } from 'csv-stringify/sync';
import { hash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { AttributeValues, FileConnectorSettings, PendingAttributeChange, PendingExport, ScalarValue } from '../../../shared/model';
import {
  createExecutionItemWriter,
  executableRange,
  pageExecutablePendingExports,
  prepareCsoSyncStatements,
  type CsoSyncStatements,
  preparePendingExportStatements,
  setActivityProgress,
  type NewExecutionItem,
} from '../../store';
import { EMPTY_COUNTERS } from '../../../shared/model';
import { readCsv } from '../connectors/file/csv-reader';
import { byteOrderMark, encodeText } from '../connectors/file/text-encoding';
import { RunAbortedError, statusFor, type RunContext, type RunOutcome } from '../run-context';
import { isProcessAlive } from '../../runs/process-liveness';

/** Back-off after a failed export: 2^n minutes, at most an hour (domain §15.26). */
export function nextRetryAt(now: string, errorCount: number): string {
  return new Date(Date.parse(now) + Math.min(2 ** errorCount, 60) * 60_000).toISOString();
}

interface TargetFile {
  header: string[];
  /** Rows keyed by the anchor value, in file order. */
  rows: Map<string, Record<string, string>>;
}

/** How the target file is written and read back: the connected system's delimiter and encoding. */
type FileFormat = Pick<FileConnectorSettings, 'delimiter' | 'encoding'>;

async function readTarget(path: string, format: FileFormat, anchor: string): Promise<TargetFile> {
  const target: TargetFile = { header: [], rows: new Map() };
  if (!existsSync(path)) return target;
  let anchorIndex = -1;
  for await (const item of readCsv(path, { ...format, chunkSize: 5000 })) {
    if ('header' in item) {
      target.header = item.header;
      anchorIndex = item.header.findIndex((h) => h.toLowerCase() === anchor.toLowerCase());
      if (anchorIndex < 0) throw new RunAbortedError(`The export file ${path} has no "${anchor}" column (its external ID)`);
      continue;
    }
    for (const record of item.records) {
      // No prototype: a column named __proto__ is a column like any other.
      const row = Object.create(null) as Record<string, string>;
      target.header.forEach((name, i) => (row[name] = record[i] ?? ''));
      target.rows.set(record[anchorIndex] ?? '', row);
    }
  }
  return target;
}

/** Rows handed to the CSV writer at a time while streaming the new file. */
const WRITE_CHUNK = 1000;

const temporaryName = (target: string, pid: number): string => `.${basename(target)}.${pid}.tmp`;

/** A run killed while writing leaves its temporary file behind: remove those whose process is gone. */
function removeStaleTemporaries(path: string): void {
  const prefix = `.${basename(path)}.`;
  for (const name of readdirSync(dirname(path))) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length, -'.tmp'.length));
    if (!Number.isInteger(pid) || pid <= 0 || name !== temporaryName(path, pid)) continue;
    if (pid !== process.pid && !isProcessAlive(pid)) rmSync(join(dirname(path), name), { force: true });
  }
}

/**
 * Streams the new content beside the target and renames it over the old file, so a reader
 * never sees a half-written file and the output is never one giant string in memory. Yields
 * between chunks so the run process's heartbeat and cancel messages are never starved.
 */
async function writeAtomically(path: string, header: string[], rows: Iterable<Record<string, string>>, format: FileFormat): Promise<void> {
  const { delimiter, encoding } = format;
  const write = (fd: number, records: string[][]): void => {
    writeSync(fd, encodeText(stringify(records, { delimiter }), encoding));
  };
  mkdirSync(dirname(path), { recursive: true });
  removeStaleTemporaries(path);
  const temporary = join(dirname(path), temporaryName(path, process.pid));
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, byteOrderMark(encoding));
    write(fd, [header]);
    let chunk: string[][] = [];
    for (const row of rows) {
      chunk.push(header.map((h) => row[h] ?? ''));
      if (chunk.length === WRITE_CHUNK) {
        write(fd, chunk);
        chunk = [];
        await yieldToEventLoop();
      }
    }
    if (chunk.length) write(fd, chunk);
    closeSync(fd);
    renameSync(temporary, path);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(temporary, { force: true });
    throw error;
  }
}

function newRow(anchor: string, externalId: string): Record<string, string> {
  const row = Object.create(null) as Record<string, string>;
  row[anchor] = externalId;
  return row;
}

function cell(values: ScalarValue[], multiValueDelimiter: string): string {
  return values.map(String).join(multiValueDelimiter);
}

/** Resolves a change's values for the file: metaverse ids become the referenced objects' external IDs here. */
function resolveChange(
  change: PendingAttributeChange,
  cso: CsoSyncStatements,
  systemId: number,
): ScalarValue[] | null {
  if (!change.referencesMvoIds) return change.values;
  const anchors = change.values.map((id) => cso.joinedTo(Number(id)).find((c) => c.systemId === systemId)?.externalId);
  // The referenced identity has no object here (yet): the change is owed until it has (domain §5.4).
  return anchors.some((a) => a === undefined) ? null : (anchors as string[]);
}

/** A short fingerprint of what the file gets for one pending export. */
function digest(pending: PendingExport, cso: CsoSyncStatements, systemId: number): string {
  if (pending.changeType === 'delete') return 'delete';
  return hash('sha1', JSON.stringify([...plan(pending, cso, systemId).values]), 'base64');
}

/** The changes this export writes for one pending export, and those it still owes. */
function plan(pending: PendingExport, cso: CsoSyncStatements, systemId: number) {
  const values = new Map<string, ScalarValue[]>();
  const owed: PendingAttributeChange[] = [];
  for (const change of pending.changes) {
    if (change.status === 'exportedPendingConfirmation') continue;
    const resolved = resolveChange(change, cso, systemId);
    if (resolved === null) owed.push(change);
    else values.set(change.attribute, resolved);
  }
  return { values, owed };
}

/**
 * Export for a file connected system (domain §5.5, §11.5): the file is rewritten as the full
 * present state, streamed to a temporary file and renamed over the old one. Pending exports are
 * read a page at a time, twice (merge, then settle), so memory holds the target's rows and one
 * page, not every change. Export-only targets are confirmed at once; a bidirectional target
 * waits for the next import to confirm (domain §6.3).
 */
export async function runFileExport(ctx: RunContext): Promise<RunOutcome> {
  const { db, system, profile } = ctx;
  const settings = system.settings;
  if (settings.mode === 'importOnly') {
    throw new RunAbortedError(`${system.name} is import-only: set its mode to Export only or Bidirectional to export to it`);
  }
  const path = profile.filePath ?? settings.filePath;
  const counters = { ...EMPTY_COUNTERS };
  const now = ctx.now();
  const range = executableRange(db, system.id, now);
  if (range.count === 0) {
    return { status: 'complete', message: 'No exports to process', errorMessage: null, warningMessage: null };
  }
  const pages = function* (): Generator<PendingExport[]> {
    for (let afterId = 0; ; ) {
      const page = pageExecutablePendingExports(db, { systemId: system.id, now, afterId, maxId: range.maxId, limit: profile.batchSize });
      if (page.length === 0) return;
      yield page;
      afterId = page[page.length - 1]?.id ?? range.maxId;
    }
  };
  const anchor = ctx.objectTypes.flatMap((t) => t.attributes).find((a) => a.isExternalId)?.name ?? settings.externalIdColumn;
  ctx.progress.step(`Loading ${path}`, null);
  const target = await readTarget(path, settings, anchor);
  const cso = prepareCsoSyncStatements(db);
  const pe = preparePendingExportStatements(db);
  const write = createExecutionItemWriter(db, ctx.activityId);

  ctx.progress.step('Merging changes into the file', range.count);
  const header = target.header.length ? [...target.header] : [anchor];
  const columnFor = (attribute: string): string => {
    const found = header.find((h) => h.toLowerCase() === attribute.toLowerCase());
    if (found) return found;
    header.push(attribute);
    return attribute;
  };
  // What was written for each pending export, in brief: a sync of another system may merge new
  // changes into it while this export runs, and only what the file really holds may be settled.
  const written = new Map<number, string>();
  let merged = 0;
  for (const page of pages()) {
    for (const pending of page) {
      written.set(pending.id, digest(pending, cso, system.id));
      if (pending.changeType === 'delete') {
        target.rows.delete(pending.externalId);
        continue;
      }
      const row = target.rows.get(pending.externalId) ?? newRow(anchor, pending.externalId);
      for (const [attribute, values] of plan(pending, cso, system.id).values) {
        row[columnFor(attribute)] = cell(values, settings.multiValueDelimiter);
      }
      target.rows.set(pending.externalId, row);
    }
    merged += page.length;
    ctx.progress.advance(merged, counters);
    await yieldToEventLoop();
    // Nothing is written or settled yet: a cancelled export can simply stop here.
    if (ctx.signal.aborted) return { status: 'cancelled', message: null, errorMessage: null, warningMessage: null };
  }

  ctx.progress.step(`Writing ${path}`, null);
  try {
    await writeAtomically(path, header, target.rows.values(), settings);
  } catch (error) {
    const message = `Export failed: ${(error as Error).message}`;
    for (const page of pages()) failAll(ctx, page, message, now, write, counters);
    setActivityProgress(db, ctx.activityId, { objectsToProcess: range.count, objectsProcessed: range.count, counters });
    return { status: statusFor(counters, null, false), message: null, errorMessage: message, warningMessage: null };
  }
  target.rows.clear();

  ctx.progress.step('Recording what was written', range.count);
  let settled = 0;
  for (let afterId = 0; ; ) {
    // Read and settle each page inside one write transaction, so no sync can slip in between.
    const page = db
      .transaction(() => {
        const rows = pageExecutablePendingExports(db, { systemId: system.id, now, afterId, maxId: range.maxId, limit: profile.batchSize });
        for (const pending of rows) {
          if (written.get(pending.id) !== digest(pending, cso, system.id)) continue; // changed since written: sent next time
          const { values, owed } = plan(pending, cso, system.id);
          settle(ctx, pending, values, owed, { cso, pe, write, counters });
        }
        settled += rows.length;
        setActivityProgress(db, ctx.activityId, { objectsToProcess: range.count, objectsProcessed: settled, counters });
        return rows;
      })
      .immediate();
    if (page.length === 0) break;
    afterId = page[page.length - 1]?.id ?? range.maxId;
    ctx.progress.advance(settled, counters);
    await yieldToEventLoop();
  }
  return { status: statusFor(counters, null, false), message: null, errorMessage: null, warningMessage: null };
}

type Settling = {
  cso: CsoSyncStatements;
  pe: ReturnType<typeof preparePendingExportStatements>;
  write: (item: NewExecutionItem) => void;
  counters: typeof EMPTY_COUNTERS;
};

function settle(ctx: RunContext, pending: PendingExport, values: Map<string, ScalarValue[]>, owed: PendingExport['changes'], s: Settling): void {
  const base = { csoId: pending.csoId, externalId: pending.externalId, objectType: pending.objectType, rowNumber: null, errorType: null, errorMessage: null, attributeChanges: [], mvoId: pending.sourceMvoId };
  if (pending.changeType === 'delete') {
    s.pe.remove(pending.id);
    s.cso.remove(pending.csoId);
    s.counters.deprovisioned += 1;
    s.write({ ...base, changeType: 'deprovisioned', outcome: 'row removed from the file' });
    return;
  }
  const exportOnly = ctx.system.settings.mode === 'exportOnly';
  const remaining = owed.map((c) => ({ ...c, status: 'pending' as const }));
  if (exportOnly) {
    // No import will ever read this file back: the written values are the object's state now.
    const object = s.cso.get(pending.csoId);
    const attributes: AttributeValues = { ...(object?.attributes ?? {}) };
    for (const [name, list] of values) {
      if (list.length === 0) delete attributes[name];
      else attributes[name] = list.length === 1 ? (list[0] as ScalarValue) : list;
    }
    s.cso.applyExportedValues(pending.csoId, attributes);
    if (remaining.length === 0) s.pe.remove(pending.id);
    else s.pe.save({ ...pending, changeType: 'update', status: 'pending', changes: remaining }, ctx.now());
  } else {
    const sent = pending.changes
      .filter((c) => values.has(c.attribute))
      .map((c) => ({ ...c, values: values.get(c.attribute) ?? c.values, referencesMvoIds: false, status: 'exportedPendingConfirmation' as const }));
    const kept = pending.changes.filter((c) => c.status === 'exportedPendingConfirmation');
    // Once anything is written the object exists: owed changes go out as an update, never a second create (domain §5.4).
    const changeType = sent.length && pending.changeType === 'create' ? 'update' : pending.changeType;
    s.pe.save({ ...pending, changeType, status: remaining.length ? 'pending' : 'exported', changes: [...kept, ...sent, ...remaining], lastAttemptedAt: ctx.now() }, ctx.now());
  }
  s.counters.exported += 1;
  const partly = remaining.length ? `, ${remaining.length} reference change(s) owed until their targets exist` : '';
  s.write({ ...base, changeType: 'exported', outcome: `${pending.changeType === 'create' ? 'row created' : 'row updated'} (${values.size} attribute(s))${partly}` });
}

function failAll(ctx: RunContext, pendings: PendingExport[], message: string, now: string, write: (item: NewExecutionItem) => void, counters: typeof EMPTY_COUNTERS): void {
  const pe = preparePendingExportStatements(ctx.db);
  ctx.db.transaction(() => {
    for (const pending of pendings) {
      const errorCount = pending.errorCount + 1;
      const failed = errorCount >= pending.maxRetries;
      pe.save({ ...pending, errorCount, lastError: message, lastAttemptedAt: now, nextRetryAt: failed ? null : nextRetryAt(now, errorCount), status: failed ? 'failed' : 'pending' }, now);
      counters.errors += 1;
      write({
        csoId: pending.csoId,
        externalId: pending.externalId,
        objectType: pending.objectType,
        changeType: 'none',
        errorType: 'ExportFailed',
        errorMessage: `${message} (attempt ${errorCount} of ${pending.maxRetries}${failed ? '; no more automatic retries' : ''})`,
        rowNumber: null,
        attributeChanges: [],
        mvoId: pending.sourceMvoId,
      });
    }
  }).immediate();
}

import type { ImportCounters } from '../../../shared/model';
import { EMPTY_COUNTERS } from '../../../shared/model';
import {
  createExecutionItemWriter,
  prepareCsoImportStatements,
  preparePendingExportStatements,
  setActivityProgress,
  type CsoImportStatements,
  type NewExecutionItem,
} from '../../store';
import { FileImportSource, type ImportObject } from '../connectors/file/file-import-source';
import { RunAbortedError, statusFor, type RunContext, type RunOutcome } from '../run-context';
import { importObject, keyOf, planTypes, type ImportMode, type TypePlan } from './object-import';

/** Rows handed over by the key scan at a time: large, since it writes nothing. */
const SCAN_CHUNK = 5000;

/** What the object pass leaves for the steps after it (deletion detection, for a full import). */
export interface ImportPass {
  cancelled: boolean;
  rowsRead: number;
  processed: number;
  plans: Map<string, TypePlan>;
  occurrences: Map<string, number>;
  statements: CsoImportStatements;
  writeItem: (item: NewExecutionItem) => void;
  counters: ImportCounters;
}

/** Every import reads the run profile's file, else the connected system's (domain §11.2). */
export function importPath(ctx: RunContext): string {
  const path = ctx.profile.filePath ?? ctx.system.settings.filePath;
  if (!path) throw new RunAbortedError('No file path: set one on the connected system or on the run profile');
  return path;
}

export function outcome(counters: ImportCounters, cancelled: boolean): RunOutcome {
  return { status: statusFor(counters, null, cancelled), message: null, errorMessage: null, warningMessage: null };
}

/**
 * The pass both imports share: count and key-scan the file (duplicates must be known before
 * anything is written, domain §3.2.4), then process the objects in one IMMEDIATE transaction per
 * batch. Cancellation stops after the current batch.
 */
export async function importObjects(ctx: RunContext, mode: ImportMode): Promise<ImportPass> {
  const { system, profile } = ctx;
  const path = importPath(ctx);
  const plans = planTypes(ctx.objectTypes, system.settings.multiValueDelimiter);
  const knownTypes = new Set(ctx.objectTypes.map((t) => t.name.toLowerCase()));
  const source = new FileImportSource(system.settings, path, ctx.objectTypes, { changeTypes: mode === 'delta' });
  const statements = prepareCsoImportStatements(ctx.db, system.id);
  const writeItem = createExecutionItemWriter(ctx.db, ctx.activityId);
  const counters: ImportCounters = { ...EMPTY_COUNTERS };
  const occurrences = new Map<string, number>();
  const pass: ImportPass = { cancelled: false, rowsRead: 0, processed: 0, plans, occurrences, statements, writeItem, counters };

  // The count comes first so the import step can show a percentage (total unknown until then).
  ctx.progress.step(`Counting rows in ${path}`, null);
  for await (const keys of source.scanKeys(SCAN_CHUNK)) {
    for (const { objectType, externalId } of keys) {
      pass.rowsRead += 1;
      const plan = objectType === null ? undefined : plans.get(objectType.toLowerCase());
      if (!plan || externalId === null) continue;
      const key = keyOf(plan.type.id, externalId);
      occurrences.set(key, (occurrences.get(key) ?? 0) + 1);
    }
    ctx.progress.advance(pass.rowsRead, EMPTY_COUNTERS);
    if (ctx.signal.aborted) return { ...pass, cancelled: true };
  }

  const pendingExports = preparePendingExportStatements(ctx.db);
  const awaiting = pendingExports.awaitingConfirmation(system.id);
  ctx.progress.step(mode === 'delta' ? 'Importing changes' : 'Importing objects', pass.rowsRead);
  const importBatch = ctx.db.transaction((objects: ImportObject[]) => {
    const state = { mode, plans, knownTypes, occurrences, statements, writeItem, counters, now: ctx.now(), awaiting, pendingExports };
    for (const object of objects) importObject(object, state);
    pass.processed += objects.length;
    setActivityProgress(ctx.db, ctx.activityId, { objectsToProcess: pass.rowsRead, objectsProcessed: pass.processed, counters });
  });
  for await (const objects of source.objects(profile.batchSize)) {
    if (ctx.signal.aborted) break;
    // IMMEDIATE: the batch reads before it writes, and a deferred transaction whose snapshot
    // another writer (main, the CLI) moved on would fail with SQLITE_BUSY_SNAPSHOT.
    importBatch.immediate(objects);
    ctx.progress.advance(pass.processed, counters);
  }
  pass.cancelled = ctx.signal.aborted;
  return pass;
}

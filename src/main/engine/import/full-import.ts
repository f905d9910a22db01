import type {
  AttributeValue,
  AttributeValues,
  ImportCounters,
  SchemaAttribute,
  SchemaObjectType,
  ScalarValue,
} from '../../../shared/model';
import { EMPTY_COUNTERS } from '../../../shared/model';
import {
  createExecutionItemWriter,
  prepareCsoImportStatements,
  preparePendingExportStatements,
  type PendingExportStatements,
  setActivityProgress,
  type CsoImportStatements,
  type NewExecutionItem,
  type StoredCso,
} from '../../store';
import { FileImportSource, type ImportObject } from '../connectors/file/file-import-source';
import { RunAbortedError, statusFor, type RunContext, type RunOutcome } from '../run-context';
import { parseValue, sortedUnique, ValueParseError } from '../values';
import { diffAttributes } from './attribute-diff';
import { confirmExport, type Confirmation } from './confirm-exports';
import { contentHash, readAttributeKeys, schemaFingerprint } from './content-hash';

/** Rows handed over by the key scan at a time: large, since it writes nothing. */
const SCAN_CHUNK = 5000;

interface TypePlan {
  type: SchemaObjectType;
  /** lower-cased name -> schema attribute, for every attribute the import reads. */
  readable: Map<string, SchemaAttribute>;
  hashKeys: string[];
  fingerprint: string;
}

const keyOf = (typeId: number, externalId: string): string => `${typeId}\u0000${externalId}`;

/**
 * Full Import of a file connected system (domain §3, §11.4): count and key-scan the file, then
 * create / update / skip-unchanged in one transaction per batch, then obsolete what the file no
 * longer holds. Cancellation stops after the current batch and skips deletion detection.
 */
export async function runFullImport(ctx: RunContext): Promise<RunOutcome> {
  const { system, profile } = ctx;
  const path = profile.filePath ?? system.settings.filePath;
  if (!path) throw new RunAbortedError('No file path: set one on the connected system or on the run profile');
  const plans = planTypes(ctx.objectTypes, system.settings.multiValueDelimiter);
  const knownTypes = new Set(ctx.objectTypes.map((t) => t.name.toLowerCase()));
  const source = new FileImportSource(system.settings, path, ctx.objectTypes);

  // The count comes first so the import step can show a percentage (total unknown until then).
  ctx.progress.step(`Counting rows in ${path}`, null);
  const occurrences = new Map<string, number>();
  let rowsRead = 0;
  for await (const keys of source.scanKeys(SCAN_CHUNK)) {
    for (const { objectType, externalId } of keys) {
      rowsRead += 1;
      const plan = objectType === null ? undefined : plans.get(objectType.toLowerCase());
      if (!plan || externalId === null) continue;
      const key = keyOf(plan.type.id, externalId);
      occurrences.set(key, (occurrences.get(key) ?? 0) + 1);
    }
    ctx.progress.advance(rowsRead, EMPTY_COUNTERS);
    if (ctx.signal.aborted) return outcome({ ...EMPTY_COUNTERS }, true);
  }

  const counters: ImportCounters = { ...EMPTY_COUNTERS };
  const statements = prepareCsoImportStatements(ctx.db, system.id);
  const pendingExports = preparePendingExportStatements(ctx.db);
  const awaiting = pendingExports.awaitingConfirmation(system.id);
  const writeItem = createExecutionItemWriter(ctx.db, ctx.activityId);
  let processed = 0;

  ctx.progress.step('Importing objects', rowsRead);
  const importBatch = ctx.db.transaction((objects: ImportObject[]) => {
    const now = ctx.now();
    for (const object of objects) {
      importObject(object, { plans, knownTypes, occurrences, statements, writeItem, counters, now, awaiting, pendingExports });
    }
    processed += objects.length;
    setActivityProgress(ctx.db, ctx.activityId, { objectsToProcess: rowsRead, objectsProcessed: processed, counters });
  });
  for await (const objects of source.objects(profile.batchSize)) {
    if (ctx.signal.aborted) break;
    // IMMEDIATE: the batch reads before it writes, and a deferred transaction whose snapshot
    // another writer (main, the CLI) moved on would fail with SQLITE_BUSY_SNAPSHOT.
    importBatch.immediate(objects);
    ctx.progress.advance(processed, counters);
  }

  if (ctx.signal.aborted) return outcome(counters, true);
  if (rowsRead === 0) {
    // An empty or truncated file must never mass-obsolete the connector space.
    return { ...outcome(counters, false), message: 'The file holds no rows: deletion detection was skipped' };
  }

  // Once started, deletion detection runs to the end: a half-detected deletion set would be a lie.
  ctx.progress.step('Detecting deletions', null);
  detectDeletions(ctx, plans, occurrences, statements, writeItem, counters, processed);
  return outcome(counters, false);
}

function outcome(counters: ImportCounters, cancelled: boolean): RunOutcome {
  return { status: statusFor(counters, null, cancelled), message: null, errorMessage: null, warningMessage: null };
}

function planTypes(objectTypes: SchemaObjectType[], multiValueDelimiter: string): Map<string, TypePlan> {
  const plans = new Map<string, TypePlan>();
  for (const type of objectTypes) {
    if (!type.selected) continue;
    const readable = new Map<string, SchemaAttribute>();
    for (const a of type.attributes) if (a.selected || a.isExternalId) readable.set(a.name.toLowerCase(), a);
    plans.set(type.name.toLowerCase(), {
      type,
      readable,
      hashKeys: readAttributeKeys(type),
      fingerprint: schemaFingerprint(type, multiValueDelimiter),
    });
  }
  return plans;
}

interface BatchState {
  plans: Map<string, TypePlan>;
  /** Every type in the schema, selected or not (lower-cased). */
  knownTypes: Set<string>;
  occurrences: Map<string, number>;
  statements: CsoImportStatements;
  writeItem: (item: NewExecutionItem) => void;
  counters: ImportCounters;
  now: string;
  /** Objects whose exports wait for this import to confirm them: never skipped by the hash. */
  awaiting: Set<number>;
  pendingExports: PendingExportStatements;
}

/** Confirms the object's exported changes against what the import now holds; describes the result. */
function confirm(state: BatchState, csoId: number, attributes: AttributeValues): string | null {
  if (!state.awaiting.has(csoId)) return null;
  const pe = state.pendingExports.forCso(csoId);
  const result: Confirmation | null = pe ? confirmExport(pe, attributes, state.pendingExports, state.now) : null;
  if (result === 'confirmed') state.counters.confirmed += 1;
  return result ? `export ${result}` : null;
}

function importObject(object: ImportObject, state: BatchState): void {
  const { counters, writeItem } = state;
  const fail = (errorType: NewExecutionItem['errorType'], errorMessage: string, objectType: string | null): void => {
    counters.errors += 1;
    writeItem({
      csoId: null,
      externalId: object.externalId,
      objectType,
      changeType: 'none',
      errorType,
      errorMessage,
      rowNumber: object.rowNumber,
      attributeChanges: [],
    });
  };
  if (object.problem) return fail(object.problem.errorType, object.problem.message, object.objectType);
  if (object.objectType === null) {
    return fail('CouldNotMatchObjectType', `Row ${object.rowNumber} has no object type`, null);
  }
  const plan = state.plans.get(object.objectType.toLowerCase());
  if (!plan) {
    // A type the schema knows but the admin deselected is skipped silently (domain §3.2.2).
    if (state.knownTypes.has(object.objectType.toLowerCase())) return;
    return fail(
      'CouldNotMatchObjectType',
      `Object type "${object.objectType}" is not in the schema of this connected system`,
      object.objectType,
    );
  }
  const typeName = plan.type.name;
  if (object.externalId === null) {
    return fail('MissingExternalIdAttributeValue', `Row ${object.rowNumber} has no external ID value`, typeName);
  }
  const copies = state.occurrences.get(keyOf(plan.type.id, object.externalId)) ?? 0;
  if (copies > 1) {
    return fail(
      'DuplicateObject',
      `External ID "${object.externalId}" appears on ${copies} rows of the file; none of them was imported`,
      typeName,
    );
  }

  const stored = state.statements.find(plan.type.id, object.externalId);
  const hash = contentHash(plan.hashKeys, object.values);
  const mustConfirm = stored !== undefined && state.awaiting.has(stored.id);
  if (stored && !mustConfirm && stored.status === 'normal' && stored.schemaFingerprint === plan.fingerprint && stored.importHash?.equals(hash)) {
    counters.unchanged += 1;
    return;
  }
  const { values, problems, failedAttributes } = parseObjectValues(plan, object.values);
  // A hash is stamped only for a cleanly imported object, so a bad value is reported again next run.
  const importHash = problems.length ? null : hash;
  const errorMessage = problems.length ? problems.join('; ') : null;
  const errorType = problems.length ? ('ImportAttributeValueError' as const) : null;
  if (problems.length) counters.errors += 1;
  const base = { externalId: object.externalId, objectType: typeName, errorType, errorMessage, rowNumber: object.rowNumber };

  if (!stored) {
    const json = JSON.stringify(values);
    const csoId = state.statements.insert({
      objectTypeId: plan.type.id,
      externalId: object.externalId,
      attributes: json,
      importHash,
      fingerprint: plan.fingerprint,
      now: state.now,
    });
    counters.added += 1;
    writeItem({ ...base, csoId, changeType: 'added', attributeChanges: [], addedValuesJson: json });
    return;
  }
  updateObject(stored, plan, values, failedAttributes, importHash, base, state);
}

function updateObject(
  stored: StoredCso,
  plan: TypePlan,
  incoming: AttributeValues,
  failedAttributes: Set<string>,
  importHash: Buffer | null,
  base: Omit<NewExecutionItem, 'csoId' | 'changeType' | 'attributeChanges'>,
  state: BatchState,
): void {
  const before = JSON.parse(stored.attributes) as AttributeValues;
  const after: AttributeValues = {};
  for (const [name, value] of Object.entries(before)) {
    const readable = plan.readable.has(name.toLowerCase());
    // Unselected attributes are not read, so their stored values freeze; a value that failed to
    // parse keeps its previous value (domain §3.2.9).
    if (!readable || failedAttributes.has(name)) after[name] = value;
  }
  Object.assign(after, incoming);
  const changes = diffAttributes(before, after);
  const reappeared = stored.status !== 'normal';
  const outcome = confirm(state, stored.id, after);
  if (changes.length || reappeared) {
    state.statements.update({
      id: stored.id,
      attributes: JSON.stringify(after),
      importHash,
      fingerprint: plan.fingerprint,
      now: state.now,
    });
    state.counters.updated += 1;
    state.writeItem({ ...base, csoId: stored.id, changeType: 'updated', attributeChanges: changes, outcome });
    return;
  }
  state.statements.stamp({ id: stored.id, importHash, fingerprint: plan.fingerprint });
  if (failedAttributes.size || outcome) {
    const changeType = outcome === 'export confirmed' ? 'exportConfirmed' : 'none';
    state.writeItem({ ...base, csoId: stored.id, changeType, attributeChanges: [], outcome });
    if (!failedAttributes.size) state.counters.unchanged += 1;
    return;
  }
  state.counters.unchanged += 1;
}

function parseObjectValues(
  plan: TypePlan,
  raw: ReadonlyMap<string, string[]>,
): { values: AttributeValues; problems: string[]; failedAttributes: Set<string> } {
  const values: AttributeValues = {};
  const problems: string[] = [];
  const failedAttributes = new Set<string>();
  for (const [key, cells] of raw) {
    const attribute = plan.readable.get(key);
    if (!attribute) continue;
    try {
      values[attribute.name] = parseAttribute(attribute, cells);
    } catch (error) {
      if (!(error instanceof ValueParseError)) throw error;
      problems.push(`${attribute.name}: ${error.message}`);
      failedAttributes.add(attribute.name);
    }
  }
  return { values, problems, failedAttributes };
}

function parseAttribute(attribute: SchemaAttribute, cells: string[]): AttributeValue {
  const parsed: ScalarValue[] = cells.map((cell) => parseValue(attribute.type, cell));
  if (attribute.multiValued) return sortedUnique(parsed);
  const distinct = sortedUnique(parsed);
  if (distinct.length > 1) {
    throw new ValueParseError(`has ${distinct.length} values but the attribute is single-valued`);
  }
  return distinct[0] as ScalarValue;
}

function detectDeletions(
  ctx: RunContext,
  plans: Map<string, TypePlan>,
  occurrences: Map<string, number>,
  statements: CsoImportStatements,
  writeItem: (item: NewExecutionItem) => void,
  counters: ImportCounters,
  processed: number,
): void {
  const selectedTypes = new Map([...plans.values()].map((p) => [p.type.id, p.type.name]));
  const obsoleteBatch = ctx.db.transaction((rows: { id: number; objectTypeId: number; externalId: string }[]) => {
    const now = ctx.now();
    for (const row of rows) {
      const typeName = selectedTypes.get(row.objectTypeId);
      // Deselected types freeze: their objects are neither read nor obsoleted (domain §3.3).
      if (typeName === undefined || occurrences.has(keyOf(row.objectTypeId, row.externalId))) continue;
      statements.markObsolete(row.id, now);
      counters.deleted += 1;
      writeItem({
        csoId: row.id,
        externalId: row.externalId,
        objectType: typeName,
        changeType: 'deleted',
        errorType: null,
        errorMessage: null,
        rowNumber: null,
        attributeChanges: [],
      });
    }
    setActivityProgress(ctx.db, ctx.activityId, { objectsToProcess: processed, objectsProcessed: processed, counters });
  });
  let afterId = 0;
  for (;;) {
    const rows = statements.pageLive(afterId, ctx.profile.batchSize);
    if (rows.length === 0) break;
    obsoleteBatch.immediate(rows);
    ctx.progress.advance(processed, counters);
    afterId = rows[rows.length - 1]?.id ?? afterId;
  }
}

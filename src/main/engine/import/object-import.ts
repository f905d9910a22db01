import type {
  AttributeValue,
  AttributeValues,
  ImportCounters,
  SchemaAttribute,
  SchemaObjectType,
  ScalarValue,
} from '../../../shared/model';
import type { CsoImportStatements, NewExecutionItem, PendingExportStatements, StoredCso } from '../../store';
import type { ImportObject } from '../connectors/file/file-import-source';
import { parseValue, sortedUnique, ValueParseError } from '../values';
import { diffAttributes } from './attribute-diff';
import { confirmExport, type Confirmation } from './confirm-exports';
import { contentHash, readAttributeKeys, schemaFingerprint } from './content-hash';
import { quoteValue } from '../../../shared/bounded-text';

export type ImportMode = 'full' | 'delta';

/** What a Delta Import's change file may say about a row (case-insensitive). */
const CHANGE_TYPES = ['add', 'update', 'delete'] as const;
type ChangeType = (typeof CHANGE_TYPES)[number];

export interface TypePlan {
  type: SchemaObjectType;
  /** lower-cased name -> schema attribute, for every attribute the import reads. */
  readable: Map<string, SchemaAttribute>;
  hashKeys: string[];
  fingerprint: string;
}

export const keyOf = (typeId: number, externalId: string): string => `${typeId}\u0000${externalId}`;

export function planTypes(objectTypes: SchemaObjectType[], multiValueDelimiter: string): Map<string, TypePlan> {
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

/** Everything one batch of either import needs to process an object (domain §3.2). */
export interface BatchState {
  mode: ImportMode;
  plans: Map<string, TypePlan>;
  /** Every type in the schema, selected or not (lower-cased). */
  knownTypes: Set<string>;
  /** How often each (type, external ID) occurs in the file: more than once rejects every occurrence. */
  occurrences: Map<string, number>;
  statements: CsoImportStatements;
  writeItem: (item: NewExecutionItem) => void;
  counters: ImportCounters;
  now: string;
  /** Objects whose exports wait for this import to confirm them: never skipped by the hash. */
  awaiting: Set<number>;
  pendingExports: PendingExportStatements;
}

type ItemBase = Omit<NewExecutionItem, 'csoId' | 'changeType' | 'attributeChanges'>;

/** Confirms the object's exported changes against what the import now holds; describes the result. */
function confirm(state: BatchState, csoId: number, attributes: AttributeValues): string | null {
  if (!state.awaiting.has(csoId)) return null;
  const pe = state.pendingExports.forCso(csoId);
  const result: Confirmation | null = pe ? confirmExport(pe, attributes, state.pendingExports, state.now) : null;
  if (result === 'confirmed') state.counters.confirmed += 1;
  return result ? `export ${result}` : null;
}

function changeTypeOf(object: ImportObject): ChangeType | null {
  const value = (object.changeType ?? '').toLowerCase();
  return CHANGE_TYPES.find((c) => c === value) ?? null;
}

/**
 * One object from the source, in order (domain §3.2). A Full Import decides create / update /
 * unchanged itself and may skip an unchanged object by its content hash; a Delta Import follows
 * the row's change type: add and update both create-or-update, delete obsoletes a known object.
 */
export function importObject(object: ImportObject, state: BatchState): void {
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
      `Object type ${quoteValue(object.objectType)} is not in the schema of this connected system`,
      object.objectType,
    );
  }
  const typeName = plan.type.name;
  const changeType = state.mode === 'delta' ? changeTypeOf(object) : null;
  if (state.mode === 'delta' && changeType === null) {
    const what = object.changeType ? `the change type ${quoteValue(object.changeType)}` : 'no change type';
    return fail('UnknownChangeType', `Row ${object.rowNumber} has ${what}: expected add, update or delete`, typeName);
  }
  if (object.externalId === null) {
    return fail('MissingExternalIdAttributeValue', `Row ${object.rowNumber} has no external ID value`, typeName);
  }
  const copies = state.occurrences.get(keyOf(plan.type.id, object.externalId)) ?? 0;
  if (copies > 1) {
    return fail(
      'DuplicateObject',
      `External ID ${quoteValue(object.externalId)} appears on ${copies} rows of the file; none of them was imported`,
      typeName,
    );
  }

  const stored = state.statements.find(plan.type.id, object.externalId);
  if (changeType === 'delete') return deleteObject(stored, object, typeName, state);
  const hash = contentHash(plan.hashKeys, object.values);
  const mustConfirm = stored !== undefined && state.awaiting.has(stored.id);
  if (
    state.mode === 'full' &&
    stored &&
    !mustConfirm &&
    stored.status === 'normal' &&
    stored.schemaFingerprint === plan.fingerprint &&
    stored.importHash === hash
  ) {
    counters.unchanged += 1;
    return;
  }
  const { values, problems, failedAttributes } = parseObjectValues(plan, object.values);
  // A hash is stamped only for a cleanly imported object, so a bad value is reported again next run;
  // a delta change clears it (domain §3.2.8): only a full import vouches for the whole object.
  const importHash = problems.length || state.mode === 'delta' ? null : hash;
  const errorMessage = problems.length ? problems.join('; ') : null;
  const errorType = problems.length ? ('ImportAttributeValueError' as const) : null;
  if (problems.length) counters.errors += 1;
  const base: ItemBase = { externalId: object.externalId, objectType: typeName, errorType, errorMessage, rowNumber: object.rowNumber };

  if (!stored) {
    // A Delta Import's "update" of an object it does not hold creates it, as "add" would.
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
  // ... and an "add" of an object it already holds updates it.
  updateObject(stored, plan, values, failedAttributes, importHash, base, state);
}

/** A delta "delete" (domain §3.2.6): a known object becomes obsolete; an unknown one is ignored silently. */
function deleteObject(stored: StoredCso | undefined, object: ImportObject, typeName: string, state: BatchState): void {
  if (!stored || stored.status === 'obsolete') return;
  state.statements.markObsolete(stored.id, state.now);
  state.counters.deleted += 1;
  state.writeItem({
    csoId: stored.id,
    externalId: object.externalId,
    objectType: typeName,
    changeType: 'deleted',
    errorType: null,
    errorMessage: null,
    rowNumber: object.rowNumber,
    attributeChanges: [],
  });
}

function updateObject(
  stored: StoredCso,
  plan: TypePlan,
  incoming: AttributeValues,
  failedAttributes: Set<string>,
  importHash: string | null,
  base: ItemBase,
  state: BatchState,
): void {
  const before = JSON.parse(stored.attributes) as AttributeValues;
  // No prototype: a column named __proto__ or toString is an attribute like any other.
  const after: AttributeValues = Object.create(null) as AttributeValues;
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
  // Unchanged: a full import stamps the hash so its next run skips the object; a delta leaves it.
  if (state.mode === 'full') state.statements.stamp({ id: stored.id, importHash, fingerprint: plan.fingerprint });
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
  const values: AttributeValues = Object.create(null) as AttributeValues;
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

import type {
  AttributeChange,
  AttributeValues,
  ErrorType,
  ExecutionItem,
  ItemChangeType,
  Page,
} from '../../../shared/model';
import type { ItemCounter } from '../../../shared/model/drill-down';
import type { ReadDb, WriteDb } from '../database';
import { ITEM_COUNTER_PREDICATES } from './item-counters';
import { boundMessage } from '../../../shared/bounded-text';

export interface ExecutionItemRow {
  id: number;
  activity_id: number;
  cso_id: number | null;
  external_id: string | null;
  object_type: string | null;
  change_type: ItemChangeType;
  error_type: ErrorType | null;
  error_message: string | null;
  row_number: number | null;
  attribute_changes: string | null;
  added_values: string | null;
  mvo_id: number | null;
  outcome: string | null;
}

function addedChanges(json: string): AttributeChange[] {
  const values = JSON.parse(json) as AttributeValues;
  return Object.keys(values)
    .sort()
    .map((name) => {
      const value = values[name];
      const added = value === undefined ? [] : Array.isArray(value) ? value : [value];
      return { name, kind: 'add' as const, added, removed: [] };
    });
}

export function executionItemFromRow(row: ExecutionItemRow): ExecutionItem {
  return {
    id: row.id,
    activityId: row.activity_id,
    csoId: row.cso_id,
    externalId: row.external_id,
    objectType: row.object_type,
    changeType: row.change_type,
    errorType: row.error_type,
    errorMessage: row.error_message,
    rowNumber: row.row_number,
    mvoId: row.mvo_id,
    outcome: row.outcome,
    attributeChanges: row.added_values
      ? addedChanges(row.added_values)
      : row.attribute_changes
        ? (JSON.parse(row.attribute_changes) as AttributeChange[])
        : [],
  };
}

export type NewExecutionItem = Omit<ExecutionItem, 'id' | 'activityId' | 'mvoId' | 'outcome'> & {
  mvoId?: number | null;
  outcome?: string | null;
  /** For an added object: its values as stored (JSON), shown as "add" changes when read. */
  addedValuesJson?: string;
};

/** Prepared once per run: the import inserts one row per changed or failed object. */
export function createExecutionItemWriter(db: WriteDb, activityId: number): (item: NewExecutionItem) => void {
  const insert = db.prepare(
    `INSERT INTO execution_items (activity_id, cso_id, external_id, object_type, change_type, error_type,
       error_message, row_number, attribute_changes, added_values, mvo_id, outcome)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (item) => {
    insert.run(
      activityId,
      item.csoId,
      item.externalId,
      item.objectType,
      item.changeType,
      item.errorType,
      // Messages quote file content; bounded here too, whatever built them.
      item.errorMessage === null ? null : boundMessage(item.errorMessage),
      item.rowNumber,
      item.attributeChanges.length ? JSON.stringify(item.attributeChanges) : null,
      item.addedValuesJson ?? null,
      item.mvoId ?? null,
      item.outcome ?? null,
    );
  };
}

export interface ExecutionItemFilter {
  activityId: number;
  changeType?: ItemChangeType | undefined;
  errorsOnly?: boolean | undefined;
  /** The items behind one counter of the run (see item-counters.ts). */
  counter?: ItemCounter | undefined;
  errorType?: ErrorType | undefined;
  search?: string | undefined;
  offset: number;
  limit: number;
}

export function listExecutionItems(db: ReadDb, filter: ExecutionItemFilter): Page<ExecutionItem> {
  const where = ['activity_id = ?'];
  const params: (string | number)[] = [filter.activityId];
  if (filter.changeType) {
    where.push('change_type = ?');
    params.push(filter.changeType);
  }
  if (filter.errorsOnly) where.push('error_type IS NOT NULL');
  if (filter.counter) where.push(ITEM_COUNTER_PREDICATES[filter.counter]);
  if (filter.errorType) {
    where.push('error_type = ?');
    params.push(filter.errorType);
  }
  if (filter.search) {
    where.push("(external_id LIKE ? ESCAPE '\\' OR error_message LIKE ? ESCAPE '\\' OR error_type LIKE ? ESCAPE '\\')");
    const pattern = likePattern(filter.search);
    params.push(pattern, pattern, pattern);
  }
  const clause = where.join(' AND ');
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM execution_items WHERE ${clause}`).get(...params) as { n: number })
    .n;
  const rows = db
    .prepare(`SELECT * FROM execution_items WHERE ${clause} ORDER BY id LIMIT ? OFFSET ?`)
    .all(...params, filter.limit, filter.offset) as ExecutionItemRow[];
  return { rows: rows.map(executionItemFromRow), total };
}

export function listAllExecutionItems(db: ReadDb, activityId: number): ExecutionItem[] {
  return (
    db.prepare('SELECT * FROM execution_items WHERE activity_id = ? ORDER BY id').all(activityId) as ExecutionItemRow[]
  ).map(executionItemFromRow);
}

/** Case-insensitive "contains" for LIKE, with the user's wildcards taken literally. */
export function likePattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** The user's text with LIKE's wildcards and escape character taken literally (ESCAPE '\\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Cross-page reference flows belong to the object's earlier item in the same run (domain §4.2):
 * append to it when there is one, otherwise write a new item.
 */
export function createExecutionItemMerger(db: WriteDb, activityId: number): (item: NewExecutionItem) => void {
  const write = createExecutionItemWriter(db, activityId);
  const find = db.prepare('SELECT id, outcome FROM execution_items WHERE activity_id = ? AND cso_id = ? ORDER BY id LIMIT 1');
  const update = db.prepare('UPDATE execution_items SET outcome = ?, error_type = COALESCE(error_type, ?), error_message = COALESCE(error_message, ?) WHERE id = ?');
  return (item) => {
    const existing = item.csoId === null ? undefined : (find.get(activityId, item.csoId) as { id: number; outcome: string | null } | undefined);
    if (!existing) return write(item);
    const outcome = [existing.outcome, item.outcome].filter(Boolean).join(', ');
    update.run(outcome || null, item.errorType, item.errorMessage, existing.id);
  };
}

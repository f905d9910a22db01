import { ApiError, type FieldErrors } from '../../shared/contract';
import type { MvObjectType } from '../../shared/model';
import { findSystemByName, readMetaverseSchema, type WriteDb } from '../store';
import { invalid } from '../ipc/errors';

export type Path = readonly (string | number)[];

export const lower = (s: string): string => s.toLowerCase();

export const sameSet = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((x) => b.includes(x)) && b.every((x) => a.includes(x));

/** `["syncRules", 2, "flows", 0, "target"]` → `syncRules[2].flows[0].target`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out || '(document)';
}

/** A field path of the handlers ("flows.0.source.expression") as path segments. */
function handlerPath(field: string): (string | number)[] {
  if (field === '_' || field === '') return [];
  return field.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s === 'connectedSystemId' ? 'system' : s));
}

/** Every problem of one apply, keyed by its path in the document, with the line it is on when known. */
export class Problems {
  readonly fields: FieldErrors = {};

  constructor(private readonly locate: (path: Path) => number | null) {}

  add(path: Path, message: string): void {
    const key = formatPath(path);
    if (this.fields[key] !== undefined) return;
    const line = this.locate(path);
    this.fields[key] = line === null ? message : `${message} (line ${line})`;
  }

  get count(): number {
    return Object.keys(this.fields).length;
  }

  /** Records a failure thrown while applying one object; field errors keep their own paths. */
  fromError(path: Path, error: unknown): void {
    if (error instanceof ApiError && error.fields && Object.keys(error.fields).length > 0) {
      for (const [field, message] of Object.entries(error.fields)) this.add([...path, ...handlerPath(field)], message);
      return;
    }
    this.add(path, error instanceof Error ? error.message : String(error));
  }

  toError(): ApiError {
    const entries = Object.entries(this.fields);
    const [firstPath, firstMessage] = entries[0] ?? ['(document)', 'invalid'];
    const n = entries.length;
    return invalid(`${n} problem${n === 1 ? '' : 's'}: ${firstPath}: ${firstMessage}`, this.fields);
  }
}

/** What the sections of one apply share: problems, the change log, and what earlier sections resolved. */
export interface ApplyContext {
  readonly problems: Problems;
  readonly changes: string[];
  /** One object at a time, in a savepoint: a failure undoes only that object and the walk goes on. */
  attempt(path: Path, apply: () => void): boolean;
  /** Lower-cased names of the objects that failed to apply (later sections stay quiet about them). */
  readonly failed: { systems: Set<string>; types: Set<string>; rules: Set<string> };
  /** Lower-cased names of the metaverse object types this apply created. */
  readonly createdTypes: Set<string>;
  /** Ids of the document's connected systems, by lower-cased name. */
  readonly systemIds: Map<string, number>;
  mvTypes(): MvObjectType[];
  mvTypeNamed(name: string): MvObjectType | undefined;
  systemNamed(name: string): number | undefined;
  /** Reports a missing system, unless it is missing because it failed to apply. */
  unknownSystem(path: Path, name: string): void;
}

export function createApplyContext(db: WriteDb, problems: Problems, changes: string[]): ApplyContext {
  const failed = { systems: new Set<string>(), types: new Set<string>(), rules: new Set<string>() };
  const systemIds = new Map<string, number>();
  const mvTypes = (): MvObjectType[] => readMetaverseSchema(db).objectTypes;
  return {
    problems,
    changes,
    attempt: (path, apply) => {
      try {
        db.transaction(apply)();
        return true;
      } catch (error) {
        problems.fromError(path, error);
        return false;
      }
    },
    failed,
    createdTypes: new Set<string>(),
    systemIds,
    mvTypes,
    mvTypeNamed: (name) => mvTypes().find((t) => lower(t.name) === lower(name)),
    systemNamed: (name) => systemIds.get(lower(name)) ?? findSystemByName(db, name)?.id,
    unknownSystem: (path, name) => {
      if (!failed.systems.has(lower(name))) problems.add(path, `There is no connected system named "${name}"`);
    },
  };
}

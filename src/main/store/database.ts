import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LATEST_VERSION, migrate } from './migrations';

declare const readBrand: unique symbol;
declare const writeBrand: unique symbol;

/** A handle that may only be read from. Repo read functions take this. */
export type ReadDb = Database.Database & { readonly [readBrand]: true };
/** A handle that may also write; every WriteDb is a ReadDb. */
export type WriteDb = ReadDb & { readonly [writeBrand]: true };

export interface OpenOptions {
  /** Main/CLI open with migrate: true; run processes refuse a schema they were not built for. */
  migrate: boolean;
  readonly?: boolean;
}

export class SchemaVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaVersionError';
  }
}

function applyPragmas(db: Database.Database): void {
  // WAL lets main read consistently while a run process writes batch transactions.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Two processes share the file; wait for a writer rather than failing with SQLITE_BUSY.
  db.pragma('busy_timeout = 10000');
  db.pragma('cache_size = -32000');
  db.pragma('temp_store = MEMORY');
}

export function openDatabase(path: string, options: OpenOptions): WriteDb {
  if (!options.readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  // Under Electron the native module must be Electron's build (scripts/start.mjs provides it).
  const nativeBinding = process.env.JUNCTION_SQLITE_BINDING;
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  try {
    if (!options.readonly) applyPragmas(db);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_VERSION) {
      throw new SchemaVersionError(
        `The database ${path} has schema version ${version}, newer than this Junction (${LATEST_VERSION}); use a newer Junction`,
      );
    }
    if (options.migrate) {
      migrate(db);
    } else if (version !== LATEST_VERSION) {
      throw new SchemaVersionError(
        `The database ${path} has schema version ${version}, but this run process needs ${LATEST_VERSION}`,
      );
    }
    return db as WriteDb;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}

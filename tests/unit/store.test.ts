import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, openDatabase, SchemaVersionError, type WriteDb } from '../../src/main/store';
import { makeTempDir } from '../support/temp';

const SNAPSHOT = resolve(import.meta.dirname, '../../src/main/store/schema.snapshot.sql');

function userVersion(path: string): number {
  const raw = new Database(path, { readonly: true });
  try {
    return raw.pragma('user_version', { simple: true }) as number;
  } finally {
    raw.close();
  }
}

/** The sql of every table and index, sorted by name: what the snapshot file holds. */
function schemaSql(db: Database.Database): string {
  const rows = db
    .prepare(
      "SELECT sql FROM sqlite_master WHERE type IN ('table', 'index') AND sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all() as { sql: string }[];
  return `${rows.map((r) => r.sql.trim()).join(';\n')};\n`;
}

/** A raw database file at the given user_version, optionally with a marker table. */
function rawDatabase(path: string, version: number): void {
  const raw = new Database(path);
  raw.exec('CREATE TABLE marker (x INTEGER)');
  raw.pragma(`user_version = ${version}`);
  raw.close();
}

describe('database migrations', () => {
  it('migrates a fresh file to LATEST_VERSION with every table', () => {
    const path = join(makeTempDir(), 'fresh.sqlite');
    const db = openDatabase(path, { migrate: true });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]).map((t) => t.name);
    db.close();
    expect(LATEST_VERSION).toBeGreaterThan(0);
    expect(userVersion(path)).toBe(LATEST_VERSION);
    expect(tables).toEqual(
      expect.arrayContaining([
        'activities',
        'connected_systems',
        'connector_space_objects',
        'execution_items',
        'object_types',
        'run_jobs',
        'run_profiles',
        'schema_attributes',
      ]),
    );
  });

  it('reopening a migrated file changes nothing and keeps its data', () => {
    const path = join(makeTempDir(), 'reopen.sqlite');
    const first = openDatabase(path, { migrate: true });
    first
      .prepare(
        "INSERT INTO connected_systems (name, connector_type, settings, created_at) VALUES ('HR', 'file', '{}', 'now')",
      )
      .run();
    const before = schemaSql(first);
    first.close();

    const second = openDatabase(path, { migrate: true });
    const after = schemaSql(second);
    const names = second.prepare('SELECT name FROM connected_systems').all();
    second.close();
    expect(after).toBe(before);
    expect(names).toEqual([{ name: 'HR' }]);
    expect(userVersion(path)).toBe(LATEST_VERSION);
  });

  it('refuses a file from a newer Junction, with or without migrate, and leaves it untouched', () => {
    const path = join(makeTempDir(), 'newer.sqlite');
    rawDatabase(path, LATEST_VERSION + 1);
    for (const migrate of [true, false]) {
      let caught: unknown;
      try {
        openDatabase(path, { migrate });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(SchemaVersionError);
      expect((caught as Error).message).toContain(String(LATEST_VERSION + 1));
    }
    expect(userVersion(path)).toBe(LATEST_VERSION + 1);
    const raw = new Database(path, { readonly: true });
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    raw.close();
    expect(tables).toEqual([{ name: 'marker' }]);
  });

  it('a run process (migrate: false) refuses an older schema instead of migrating it', () => {
    const path = join(makeTempDir(), 'older.sqlite');
    rawDatabase(path, 0);
    expect(() => openDatabase(path, { migrate: false })).toThrow(SchemaVersionError);
    expect(userVersion(path)).toBe(0);

    // ...and accepts the schema it was built for.
    openDatabase(path, { migrate: true }).close();
    const db: WriteDb = openDatabase(path, { migrate: false });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();
  });

  it('matches the committed schema snapshot', () => {
    const db = openDatabase(join(makeTempDir(), 'snapshot.sqlite'), { migrate: true });
    const actual = schemaSql(db);
    db.close();
    if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1') writeFileSync(SNAPSHOT, actual);
    const committed = existsSync(SNAPSHOT) ? readFileSync(SNAPSHOT, 'utf8') : '';
    expect(
      actual,
      'The migrated schema differs from src/main/store/schema.snapshot.sql. If the change is intended (a new migration), ' +
        'regenerate it with: UPDATE_SCHEMA_SNAPSHOT=1 npx vitest run tests/unit/store.test.ts',
    ).toBe(committed);
  });
});

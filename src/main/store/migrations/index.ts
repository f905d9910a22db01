import type Database from 'better-sqlite3';
import { migration0010 } from './0010-initial';
import { migration0020 } from './0020-metaverse-sync';
import { migration0030 } from './0030-schedules';
import { migration0040 } from './0040-settings';
import { migration0050 } from './0050-run-job-owner-start';
import { migration0060 } from './0060-object-history';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** Ordered by version; numbered with gaps so a fix can slot in between. */
export const MIGRATIONS: readonly Migration[] = [migration0010, migration0020, migration0030, migration0040, migration0050, migration0060];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** Applies every migration above the file's user_version, all in one transaction. */
export function migrate(db: Database.Database, target: number = LATEST_VERSION): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = MIGRATIONS.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return current;
  const apply = db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  });
  apply.immediate();
  return pending[pending.length - 1]?.version ?? current;
}

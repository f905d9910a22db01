import type { RunProfile } from '../../../shared/model';
import { findRunProfileByName, findSystemByName, type SystemRecord, type WriteDb } from '../../store';
import { UsageError } from '../output';

/** Systems and profiles are named on the command line; names match case-insensitively. */
export function systemNamed(db: WriteDb, name: string): SystemRecord {
  const system = findSystemByName(db, name);
  if (!system) throw new UsageError(`no connected system named "${name}" (see \`junction systems list\`)`);
  return system;
}

export function profileNamed(db: WriteDb, system: SystemRecord, name: string): RunProfile {
  const profile = findRunProfileByName(db, system.id, name);
  if (!profile) {
    throw new UsageError(`system "${system.name}" has no run profile named "${name}" (see \`junction run-profiles list "${system.name}"\`)`);
  }
  return profile;
}

import type { AttributeFlow, MatchingRule, ScopeGroup, SyncDirection, SyncRule } from '../../../shared/model';
import type { ReadDb, WriteDb } from '../database';
import { nowIso } from '../database';
import { touchConfig } from './mv-schema';

interface SyncRuleRow {
  id: number;
  name: string;
  description: string;
  connected_system_id: number;
  system_name: string;
  cs_object_type: string;
  mv_object_type: string;
  direction: SyncDirection;
  enabled: number;
  project_to_metaverse: number;
  provision_to_system: number;
  out_of_scope_action: SyncRule['outOfScopeAction'];
  deprovision_action: SyncRule['deprovisionAction'];
  scoping: string;
  matching: string;
  flows: string;
  updated_at: string;
}

function fromRow(row: SyncRuleRow): SyncRule {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    connectedSystemId: row.connected_system_id,
    systemName: row.system_name,
    csObjectType: row.cs_object_type,
    mvObjectType: row.mv_object_type,
    direction: row.direction,
    enabled: row.enabled === 1,
    projectToMetaverse: row.project_to_metaverse === 1,
    provisionToSystem: row.provision_to_system === 1,
    outOfScopeAction: row.out_of_scope_action,
    deprovisionAction: row.deprovision_action,
    scoping: JSON.parse(row.scoping) as ScopeGroup[],
    matching: JSON.parse(row.matching) as MatchingRule[],
    flows: JSON.parse(row.flows) as AttributeFlow[],
    updatedAt: row.updated_at,
  };
}

const SELECT = `SELECT r.*, s.name AS system_name, t.name AS mv_object_type FROM sync_rules r
  JOIN connected_systems s ON s.id = r.connected_system_id
  JOIN mv_object_types t ON t.id = r.mv_object_type_id`;

export function listSyncRules(db: ReadDb, systemId?: number): SyncRule[] {
  const rows =
    systemId === undefined
      ? (db.prepare(`${SELECT} ORDER BY r.name`).all() as SyncRuleRow[])
      : (db.prepare(`${SELECT} WHERE r.connected_system_id = ? ORDER BY r.name`).all(systemId) as SyncRuleRow[]);
  return rows.map(fromRow);
}

export function getSyncRule(db: ReadDb, id: number): SyncRule | undefined {
  const row = db.prepare(`${SELECT} WHERE r.id = ?`).get(id) as SyncRuleRow | undefined;
  return row && fromRow(row);
}

export function findSyncRuleByName(db: ReadDb, name: string): SyncRule | undefined {
  const row = db.prepare(`${SELECT} WHERE r.name = ?`).get(name) as SyncRuleRow | undefined;
  return row && fromRow(row);
}

export type SyncRuleRecord = Omit<SyncRule, 'id' | 'systemName' | 'updatedAt' | 'mvObjectType'> & {
  mvObjectTypeId: number;
};

function values(rule: SyncRuleRecord): (string | number)[] {
  return [
    rule.name,
    rule.description,
    rule.connectedSystemId,
    rule.csObjectType,
    rule.mvObjectTypeId,
    rule.direction,
    rule.enabled ? 1 : 0,
    rule.projectToMetaverse ? 1 : 0,
    rule.provisionToSystem ? 1 : 0,
    rule.outOfScopeAction,
    rule.deprovisionAction,
    JSON.stringify(rule.scoping),
    JSON.stringify(rule.matching),
    JSON.stringify(rule.flows),
  ];
}

export function insertSyncRule(db: WriteDb, rule: SyncRuleRecord): number {
  const now = nowIso();
  const id = Number(
    db
      .prepare(
        `INSERT INTO sync_rules (name, description, connected_system_id, cs_object_type, mv_object_type_id, direction,
           enabled, project_to_metaverse, provision_to_system, out_of_scope_action, deprovision_action, scoping,
           matching, flows, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(...values(rule), now, now).lastInsertRowid,
  );
  touchConfig(db);
  return id;
}

export function updateSyncRule(db: WriteDb, id: number, rule: SyncRuleRecord): void {
  db.prepare(
    `UPDATE sync_rules SET name = ?, description = ?, connected_system_id = ?, cs_object_type = ?, mv_object_type_id = ?,
       direction = ?, enabled = ?, project_to_metaverse = ?, provision_to_system = ?, out_of_scope_action = ?,
       deprovision_action = ?, scoping = ?, matching = ?, flows = ?, updated_at = ? WHERE id = ?`,
  ).run(...values(rule), nowIso(), id);
  touchConfig(db);
}

export function deleteSyncRule(db: WriteDb, id: number): void {
  db.prepare('DELETE FROM sync_rules WHERE id = ?').run(id);
  touchConfig(db);
}

export interface StoredPriority {
  mvObjectTypeId: number;
  attribute: string;
  syncRuleIds: number[];
}

export function listPriorities(db: ReadDb): StoredPriority[] {
  return (
    db.prepare('SELECT * FROM attribute_priorities').all() as {
      mv_object_type_id: number;
      attribute: string;
      sync_rule_ids: string;
    }[]
  ).map((r) => ({
    mvObjectTypeId: r.mv_object_type_id,
    attribute: r.attribute,
    syncRuleIds: JSON.parse(r.sync_rule_ids) as number[],
  }));
}

export function setPriority(db: WriteDb, mvObjectTypeId: number, attribute: string, syncRuleIds: number[]): void {
  db.prepare(
    `INSERT INTO attribute_priorities (mv_object_type_id, attribute, sync_rule_ids) VALUES (?, ?, ?)
     ON CONFLICT (mv_object_type_id, attribute) DO UPDATE SET sync_rule_ids = excluded.sync_rule_ids`,
  ).run(mvObjectTypeId, attribute, JSON.stringify(syncRuleIds));
  touchConfig(db);
}

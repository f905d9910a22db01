import type { Migration } from './index';

export const migration0020: Migration = {
  version: 20,
  name: 'metaverse, sync rules, joins, pending exports',
  up(db) {
    db.exec(`
      CREATE TABLE mv_object_types (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        built_in INTEGER NOT NULL DEFAULT 0,
        deletion_rule TEXT NOT NULL DEFAULT 'whenLastConnectorDisconnected',
        deletion_grace_seconds INTEGER NOT NULL DEFAULT 0,
        deletion_trigger_system_ids TEXT NOT NULL DEFAULT '[]'
      );

      CREATE TABLE mv_attributes (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        type TEXT NOT NULL,
        multi_valued INTEGER NOT NULL DEFAULT 0,
        built_in INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE mv_attribute_bindings (
        object_type_id INTEGER NOT NULL REFERENCES mv_object_types(id) ON DELETE CASCADE,
        attribute_id INTEGER NOT NULL REFERENCES mv_attributes(id) ON DELETE CASCADE,
        PRIMARY KEY (object_type_id, attribute_id)
      );

      INSERT INTO mv_object_types (name, built_in) VALUES ('person', 1), ('group', 1);
      INSERT INTO mv_attributes (name, type, multi_valued, built_in) VALUES ('displayName', 'text', 0, 1);
      INSERT INTO mv_attribute_bindings (object_type_id, attribute_id)
        SELECT t.id, a.id FROM mv_object_types t, mv_attributes a WHERE a.name = 'displayName';

      -- Like connector space objects, values are one JSON document per object; matching
      -- (join) lookups go through mv_match_values, which holds only attributes that some
      -- matching rule targets.
      CREATE TABLE metaverse_objects (
        id INTEGER PRIMARY KEY,
        object_type_id INTEGER NOT NULL REFERENCES mv_object_types(id),
        origin TEXT NOT NULL DEFAULT 'projected',
        attributes TEXT NOT NULL DEFAULT '{}',
        contributors TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        last_updated_at TEXT,
        deletion_due_at TEXT,
        deletion_triggered_by TEXT
      );
      CREATE INDEX mvo_by_type ON metaverse_objects(object_type_id, id);
      CREATE INDEX mvo_deletion_due ON metaverse_objects(deletion_due_at) WHERE deletion_due_at IS NOT NULL;

      CREATE TABLE mv_match_values (
        mvo_id INTEGER NOT NULL REFERENCES metaverse_objects(id) ON DELETE CASCADE,
        attribute TEXT NOT NULL COLLATE NOCASE,
        value TEXT NOT NULL
      );
      CREATE INDEX mv_match_exact ON mv_match_values(attribute, value COLLATE BINARY);
      CREATE INDEX mv_match_nocase ON mv_match_values(attribute, value COLLATE NOCASE);
      CREATE INDEX mv_match_by_mvo ON mv_match_values(mvo_id);
      -- Which attributes mv_match_values holds (backfilled when a matching rule first targets one).
      CREATE TABLE mv_match_attributes (attribute TEXT PRIMARY KEY COLLATE NOCASE);

      ALTER TABLE connector_space_objects ADD COLUMN mvo_id INTEGER REFERENCES metaverse_objects(id) ON DELETE SET NULL;
      ALTER TABLE connector_space_objects ADD COLUMN join_type TEXT NOT NULL DEFAULT 'notJoined';
      ALTER TABLE connector_space_objects ADD COLUMN joined_at TEXT;
      CREATE INDEX cso_by_mvo ON connector_space_objects(mvo_id, connected_system_id);
      CREATE INDEX cso_by_change ON connector_space_objects(connected_system_id, last_updated_at);

      ALTER TABLE connected_systems ADD COLUMN last_sync_started_at TEXT;
      ALTER TABLE connected_systems ADD COLUMN config_applied_at TEXT;

      CREATE TABLE sync_rules (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        connected_system_id INTEGER NOT NULL REFERENCES connected_systems(id) ON DELETE CASCADE,
        cs_object_type TEXT NOT NULL COLLATE NOCASE,
        mv_object_type_id INTEGER NOT NULL REFERENCES mv_object_types(id),
        direction TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        project_to_metaverse INTEGER NOT NULL DEFAULT 0,
        provision_to_system INTEGER NOT NULL DEFAULT 0,
        out_of_scope_action TEXT NOT NULL DEFAULT 'disconnect',
        deprovision_action TEXT NOT NULL DEFAULT 'disconnect',
        scoping TEXT NOT NULL DEFAULT '[]',
        matching TEXT NOT NULL DEFAULT '[]',
        flows TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      -- Ordered inbound contributors (sync rule ids) per metaverse type and attribute.
      CREATE TABLE attribute_priorities (
        mv_object_type_id INTEGER NOT NULL REFERENCES mv_object_types(id) ON DELETE CASCADE,
        attribute TEXT NOT NULL COLLATE NOCASE,
        sync_rule_ids TEXT NOT NULL,
        PRIMARY KEY (mv_object_type_id, attribute)
      );

      -- Bumped by every change to rules, priorities or the metaverse schema, so a full sync knows
      -- whether unchanged objects must be re-evaluated.
      CREATE TABLE config_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        changed_at TEXT NOT NULL
      );
      INSERT INTO config_state (id, changed_at) VALUES (1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

      CREATE TABLE pending_exports (
        id INTEGER PRIMARY KEY,
        connected_system_id INTEGER NOT NULL REFERENCES connected_systems(id) ON DELETE CASCADE,
        cso_id INTEGER NOT NULL UNIQUE REFERENCES connector_space_objects(id) ON DELETE CASCADE,
        change_type TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        error_count INTEGER NOT NULL DEFAULT 0,
        max_retries INTEGER NOT NULL DEFAULT 5,
        last_error TEXT,
        last_attempted_at TEXT,
        next_retry_at TEXT,
        source_mvo_id INTEGER,
        sync_rule_id INTEGER,
        changes TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX pending_exports_by_system ON pending_exports(connected_system_id, status, id);

      ALTER TABLE execution_items ADD COLUMN mvo_id INTEGER;
      ALTER TABLE execution_items ADD COLUMN outcome TEXT;
    `);
  },
};

CREATE TABLE activities (
        id INTEGER PRIMARY KEY,
        connected_system_id INTEGER REFERENCES connected_systems(id) ON DELETE SET NULL,
        system_name TEXT NOT NULL,
        run_profile_id INTEGER REFERENCES run_profiles(id) ON DELETE SET NULL,
        run_profile_name TEXT NOT NULL,
        run_type TEXT NOT NULL,
        status TEXT NOT NULL,
        step TEXT NOT NULL,
        message TEXT,
        error_message TEXT,
        warning_message TEXT,
        initiated_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        started_at TEXT,
        ended_at TEXT,
        objects_to_process INTEGER,
        objects_processed INTEGER NOT NULL DEFAULT 0,
        counters TEXT NOT NULL,
        cancel_requested INTEGER NOT NULL DEFAULT 0
      , kind TEXT NOT NULL DEFAULT 'run', parent_activity_id INTEGER REFERENCES activities(id) ON DELETE CASCADE, schedule_id INTEGER REFERENCES schedules(id) ON DELETE SET NULL, schedule_step INTEGER);
CREATE INDEX activities_by_created_at ON activities(created_at);
CREATE INDEX activities_by_parent ON activities(parent_activity_id, id) WHERE parent_activity_id IS NOT NULL;
CREATE INDEX activities_by_profile ON activities(run_profile_id, id);
CREATE INDEX activities_by_schedule ON activities(schedule_id, id) WHERE schedule_id IS NOT NULL;
CREATE INDEX activities_by_status ON activities(status, id);
CREATE INDEX activities_by_system ON activities(connected_system_id, id);
CREATE INDEX activities_top_level ON activities(id) WHERE parent_activity_id IS NULL;
CREATE TABLE app_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
CREATE TABLE attribute_priorities (
        mv_object_type_id INTEGER NOT NULL REFERENCES mv_object_types(id) ON DELETE CASCADE,
        attribute TEXT NOT NULL COLLATE NOCASE,
        sync_rule_ids TEXT NOT NULL,
        PRIMARY KEY (mv_object_type_id, attribute)
      );
CREATE TABLE config_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        changed_at TEXT NOT NULL
      );
CREATE TABLE connected_systems (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        connector_type TEXT NOT NULL,
        settings TEXT NOT NULL,
        created_at TEXT NOT NULL
      , last_sync_started_at TEXT, config_applied_at TEXT);
CREATE TABLE connector_space_objects (
        id INTEGER PRIMARY KEY,
        connected_system_id INTEGER NOT NULL REFERENCES connected_systems(id) ON DELETE CASCADE,
        object_type_id INTEGER NOT NULL REFERENCES object_types(id) ON DELETE CASCADE,
        external_id TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'normal',
        attributes TEXT NOT NULL,
        import_hash BLOB,
        schema_fingerprint TEXT,
        created_at TEXT NOT NULL,
        last_updated_at TEXT, mvo_id INTEGER REFERENCES metaverse_objects(id) ON DELETE SET NULL, join_type TEXT NOT NULL DEFAULT 'notJoined', joined_at TEXT,
        UNIQUE (connected_system_id, object_type_id, external_id)
      );
CREATE INDEX cso_by_change ON connector_space_objects(connected_system_id, last_updated_at);
CREATE INDEX cso_by_mvo ON connector_space_objects(mvo_id, connected_system_id);
CREATE INDEX cso_by_system ON connector_space_objects(connected_system_id, id);
CREATE TABLE execution_items (
        id INTEGER PRIMARY KEY,
        activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
        cso_id INTEGER,
        external_id TEXT,
        object_type TEXT,
        change_type TEXT NOT NULL,
        error_type TEXT,
        error_message TEXT,
        row_number INTEGER,
        attribute_changes TEXT,
        -- An added object's values, stored as the same JSON document as the object itself: the
        -- import writes the string it already has instead of building a change list per add.
        added_values TEXT
      , mvo_id INTEGER, outcome TEXT);
CREATE INDEX execution_items_by_activity ON execution_items(activity_id, id);
CREATE INDEX execution_items_by_cso ON execution_items(cso_id, id) WHERE cso_id IS NOT NULL;
CREATE INDEX execution_items_by_mvo ON execution_items(mvo_id, id) WHERE mvo_id IS NOT NULL;
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
CREATE TABLE mv_attribute_bindings (
        object_type_id INTEGER NOT NULL REFERENCES mv_object_types(id) ON DELETE CASCADE,
        attribute_id INTEGER NOT NULL REFERENCES mv_attributes(id) ON DELETE CASCADE,
        PRIMARY KEY (object_type_id, attribute_id)
      );
CREATE TABLE mv_attributes (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        type TEXT NOT NULL,
        multi_valued INTEGER NOT NULL DEFAULT 0,
        built_in INTEGER NOT NULL DEFAULT 0
      );
CREATE TABLE mv_match_attributes (attribute TEXT PRIMARY KEY COLLATE NOCASE);
CREATE INDEX mv_match_by_mvo ON mv_match_values(mvo_id);
CREATE INDEX mv_match_exact ON mv_match_values(attribute, value COLLATE BINARY);
CREATE INDEX mv_match_nocase ON mv_match_values(attribute, value COLLATE NOCASE);
CREATE TABLE mv_match_values (
        mvo_id INTEGER NOT NULL REFERENCES metaverse_objects(id) ON DELETE CASCADE,
        attribute TEXT NOT NULL COLLATE NOCASE,
        value TEXT NOT NULL
      );
CREATE TABLE mv_object_types (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        built_in INTEGER NOT NULL DEFAULT 0,
        deletion_rule TEXT NOT NULL DEFAULT 'whenLastConnectorDisconnected',
        deletion_grace_seconds INTEGER NOT NULL DEFAULT 0,
        deletion_trigger_system_ids TEXT NOT NULL DEFAULT '[]'
      );
CREATE INDEX mvo_by_type ON metaverse_objects(object_type_id, id);
CREATE INDEX mvo_deletion_due ON metaverse_objects(deletion_due_at) WHERE deletion_due_at IS NOT NULL;
CREATE TABLE object_types (
        id INTEGER PRIMARY KEY,
        connected_system_id INTEGER NOT NULL REFERENCES connected_systems(id) ON DELETE CASCADE,
        name TEXT NOT NULL COLLATE NOCASE,
        selected INTEGER NOT NULL DEFAULT 1,
        UNIQUE (connected_system_id, name)
      );
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
CREATE TABLE run_jobs (
        id INTEGER PRIMARY KEY,
        activity_id INTEGER NOT NULL UNIQUE REFERENCES activities(id) ON DELETE CASCADE,
        connected_system_id INTEGER NOT NULL,
        state TEXT NOT NULL,
        owner_pid INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL,
        created_at TEXT NOT NULL
      , owner_started_at TEXT);
CREATE INDEX run_jobs_by_system ON run_jobs(connected_system_id, state, id);
CREATE TABLE run_profiles (
        id INTEGER PRIMARY KEY,
        connected_system_id INTEGER NOT NULL REFERENCES connected_systems(id) ON DELETE CASCADE,
        name TEXT NOT NULL COLLATE NOCASE,
        run_type TEXT NOT NULL,
        batch_size INTEGER NOT NULL,
        file_path TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (connected_system_id, name)
      );
CREATE TABLE schedule_executions (
        activity_id INTEGER PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,
        schedule_id INTEGER REFERENCES schedules(id) ON DELETE SET NULL,
        plan TEXT NOT NULL,
        owner_pid INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL
      );
CREATE TABLE schedule_steps (
        schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        run_profile_id INTEGER NOT NULL REFERENCES run_profiles(id) ON DELETE CASCADE,
        parallel_with_previous INTEGER NOT NULL DEFAULT 0,
        continue_on_failure INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (schedule_id, position)
      );
CREATE INDEX schedule_steps_by_profile ON schedule_steps(run_profile_id);
CREATE TABLE scheduler_lease (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        owner_pid INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL
      );
CREATE TABLE schedules (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        enabled INTEGER NOT NULL DEFAULT 1,
        -- The trigger as JSON (ScheduleTrigger): manual, times, interval or cron.
        trigger TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        -- Epoch ms up to which the scheduler has looked for due slots: slots after it and up to
        -- now are due (or missed, when the scheduler was not running).
        checked_at INTEGER NOT NULL,
        -- The latest slot that passed while no scheduler was running (ISO), until the schedule runs.
        missed_run_at TEXT
      );
CREATE TABLE schema_attributes (
        id INTEGER PRIMARY KEY,
        object_type_id INTEGER NOT NULL REFERENCES object_types(id) ON DELETE CASCADE,
        name TEXT NOT NULL COLLATE NOCASE,
        position INTEGER NOT NULL,
        type TEXT NOT NULL,
        multi_valued INTEGER NOT NULL DEFAULT 0,
        is_external_id INTEGER NOT NULL DEFAULT 0,
        selected INTEGER NOT NULL DEFAULT 1,
        type_set_by_admin INTEGER NOT NULL DEFAULT 0,
        UNIQUE (object_type_id, name)
      );
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

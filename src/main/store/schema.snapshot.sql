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
      );
CREATE INDEX activities_by_profile ON activities(run_profile_id, id);
CREATE INDEX activities_by_status ON activities(status, id);
CREATE INDEX activities_by_system ON activities(connected_system_id, id);
CREATE TABLE connected_systems (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        connector_type TEXT NOT NULL,
        settings TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
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
        last_updated_at TEXT,
        UNIQUE (connected_system_id, object_type_id, external_id)
      );
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
      );
CREATE INDEX execution_items_by_activity ON execution_items(activity_id, id);
CREATE TABLE object_types (
        id INTEGER PRIMARY KEY,
        connected_system_id INTEGER NOT NULL REFERENCES connected_systems(id) ON DELETE CASCADE,
        name TEXT NOT NULL COLLATE NOCASE,
        selected INTEGER NOT NULL DEFAULT 1,
        UNIQUE (connected_system_id, name)
      );
CREATE TABLE run_jobs (
        id INTEGER PRIMARY KEY,
        activity_id INTEGER NOT NULL UNIQUE REFERENCES activities(id) ON DELETE CASCADE,
        connected_system_id INTEGER NOT NULL,
        state TEXT NOT NULL,
        owner_pid INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );
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

import { parse } from "csv-parse/sync";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SyncRuleInput } from "../../src/shared/contract/sync-rules";
import type {
  AttributeType,
  AttributeValues,
  FileMode,
  MvAttributeType,
  PendingExport,
  RunType,
  SyncRule,
} from "../../src/shared/model";
import {
  createRunProfile,
  openTestEnv,
  runInProcess,
  type RunResult,
  type TestEnv,
} from "./engine";
import { csvText, makeTempDir } from "./temp";

// A small identity lab for sync-engine tests: file systems whose data files the test rewrites,
// one run profile per run type, and read-backs straight from the database (so every assertion
// is about what was stored, not about what a run said it did).

export type RunKind = "import" | "fullSync" | "deltaSync" | "export";

const RUN_TYPES: Record<RunKind, RunType> = {
  import: "fullImport",
  fullSync: "fullSync",
  deltaSync: "deltaSync",
  export: "export",
};

export interface LabSystem {
  id: number;
  name: string;
  file: string;
  columns: string[];
  profiles: Record<RunKind, number>;
}

export interface SystemOptions {
  /** Column names; the first is the external ID unless `externalIdColumn` says otherwise. */
  columns: string[];
  rows?: string[][];
  mode?: FileMode;
  externalIdColumn?: string;
  batchSize?: number;
  objectType?: string;
  /** Create no data file (export-only targets whose columns come from the sync rules). */
  noFile?: boolean;
}

export interface StoredMvoRow {
  id: number;
  objectTypeId: number;
  attributes: AttributeValues;
  contributors: Record<string, { systemId: number; syncRuleId: number }>;
  lastUpdatedAt: string | null;
  deletionDueAt: string | null;
}

export interface StoredCsoRow {
  id: number;
  externalId: string;
  status: string;
  mvoId: number | null;
  joinType: string;
  attributes: AttributeValues;
  lastUpdatedAt: string | null;
}

export interface StoredPeRow {
  id: number;
  csoId: number;
  changeType: string;
  status: string;
  errorCount: number;
  nextRetryAt: string | null;
  updatedAt: string;
  changes: string;
}

export class SyncLab {
  readonly db: TestEnv["db"];

  private constructor(
    readonly env: TestEnv,
    readonly dir: string,
  ) {
    this.db = env.db;
  }

  static open(): SyncLab {
    const dir = makeTempDir("junction-sync-");
    return new SyncLab(openTestEnv(dir), dir);
  }

  /** A file connected system; its file holds only the header when created, so every column is single-valued text. */
  async system(name: string, options: SystemOptions): Promise<LabSystem> {
    const file = join(
      this.dir,
      `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.csv`,
    );
    if (!options.noFile) writeFileSync(file, csvText([options.columns]));
    const created = await this.env.call("systems.create", {
      name,
      connectorType: "file",
      settings: {
        filePath: file,
        objectType: options.objectType ?? "person",
        externalIdColumn:
          options.externalIdColumn ?? (options.columns[0] as string),
        mode: options.mode ?? "importOnly",
      },
    });
    const profiles = {} as Record<RunKind, number>;
    for (const kind of Object.keys(RUN_TYPES) as RunKind[]) {
      profiles[kind] = (
        await createRunProfile(this.env, created.id, {
          name: `${name} ${kind}`,
          runType: RUN_TYPES[kind],
          batchSize: options.batchSize ?? 100,
        })
      ).id;
    }
    const system = {
      id: created.id,
      name,
      file,
      columns: options.columns,
      profiles,
    };
    if (options.rows) this.write(system, options.rows);
    return system;
  }

  /** A further run profile (e.g. an export to another path). */
  async profile(
    system: LabSystem,
    kind: RunKind,
    options: { filePath?: string; batchSize?: number; name?: string },
  ): Promise<number> {
    return (
      await createRunProfile(this.env, system.id, {
        name:
          options.name ??
          `${system.name} ${kind} ${Math.random().toString(36).slice(2, 8)}`,
        runType: RUN_TYPES[kind],
        batchSize: options.batchSize ?? 100,
        filePath: options.filePath ?? null,
      })
    ).id;
  }

  /** Changes the type / plurality of a connector-space attribute of the system's (only) object type. */
  async setColumn(
    system: LabSystem,
    column: string,
    change: { type?: AttributeType; multiValued?: boolean },
  ): Promise<void> {
    const detail = await this.env.call("systems.get", { id: system.id });
    const attribute = detail.objectTypes
      .flatMap((t) => t.attributes)
      .find((a) => a.name.toLowerCase() === column.toLowerCase());
    if (!attribute) throw new Error(`${system.name} has no column ${column}`);
    await this.env.call("systems.updateAttribute", {
      systemId: system.id,
      attributeId: attribute.id,
      ...change,
    });
  }

  /** Rewrites the system's data file with these rows (header = the system's columns). */
  write(system: LabSystem, rows: string[][]): void {
    writeFileSync(system.file, csvText([system.columns, ...rows]));
  }

  run(system: LabSystem, kind: RunKind): Promise<RunResult> {
    return runInProcess(this.db, system.profiles[kind]);
  }

  runProfile(profileId: number): Promise<RunResult> {
    return runInProcess(this.db, profileId);
  }

  /** Import then full sync: the common "pick up the file" step. */
  async importAndSync(
    system: LabSystem,
    sync: "fullSync" | "deltaSync" = "fullSync",
  ): Promise<RunResult> {
    const imported = await this.run(system, "import");
    if (imported.activity.status === "failedWithError")
      throw new Error(`import failed: ${imported.activity.errorMessage}`);
    return this.run(system, sync);
  }

  async typeId(name = "person"): Promise<number> {
    const schema = await this.env.call("metaverse.schema", {});
    const type = schema.objectTypes.find((t) => t.name === name);
    if (!type) throw new Error(`no metaverse type ${name}`);
    return type.id;
  }

  /** Metaverse attributes bound to the person type (text unless said otherwise). */
  async attributes(
    specs: (
      string | [string, MvAttributeType] | [string, MvAttributeType, boolean]
    )[],
    typeName = "person",
  ): Promise<void> {
    const typeId = await this.typeId(typeName);
    for (const spec of specs) {
      const [name, type, multiValued] =
        typeof spec === "string"
          ? [spec, "text" as const, false]
          : [spec[0], spec[1], spec[2] ?? false];
      await this.env.call("metaverse.createAttribute", {
        name,
        type,
        multiValued,
        boundTypeIds: [typeId],
      });
    }
  }

  async deletionRule(
    rule:
      | "manual"
      | "whenLastConnectorDisconnected"
      | "whenAuthoritativeSourceDisconnected",
    graceSeconds = 0,
    triggers: number[] = [],
    typeName = "person",
  ): Promise<void> {
    await this.env.call("metaverse.updateObjectType", {
      id: await this.typeId(typeName),
      deletionRule: rule,
      deletionGraceSeconds: graceSeconds,
      deletionTriggerSystemIds: triggers,
    });
  }

  rule(input: SyncRuleInput): Promise<SyncRule> {
    return this.env.call("syncRules.create", input);
  }

  /** "<system> in": projects the system's people, joined on `joinOn` = employeeId when given. */
  projectPeople(system: LabSystem, flows: SyncRuleInput["flows"], joinOn?: string): Promise<SyncRule> {
    return this.rule({
      name: `${system.name} in`,
      connectedSystemId: system.id,
      csObjectType: "person",
      mvObjectType: "person",
      direction: "inbound",
      projectToMetaverse: true,
      ...(joinOn ? { matching: [{ sources: [joinOn], target: "employeeId" }] } : {}),
      flows,
    });
  }

  /** "<system> out": provisions every person into the system with these flows. */
  provisionPeople(system: LabSystem, flows: SyncRuleInput["flows"]): Promise<SyncRule> {
    return this.rule({
      name: `${system.name} out`,
      connectedSystemId: system.id,
      csObjectType: "person",
      mvObjectType: "person",
      direction: "outbound",
      provisionToSystem: true,
      flows,
    });
  }

  /** Shorthand for an attribute-to-attribute flow. */
  static flow(
    target: string,
    source: string,
    extra: { nullIsValue?: boolean; initialExportOnly?: boolean } = {},
  ) {
    return {
      target,
      source: { kind: "attribute" as const, attribute: source },
      ...extra,
    };
  }

  static expr(
    target: string,
    expression: string,
    missingInput:
      | "evaluateAnyway"
      | "contributeNoValue"
      | "failMapping"
      | "failObject" = "evaluateAnyway",
  ) {
    return {
      target,
      source: { kind: "expression" as const, expression, missingInput },
    };
  }

  // ---- read-backs ----

  mvos(): StoredMvoRow[] {
    return (
      this.db
        .prepare(
          "SELECT id, object_type_id, attributes, contributors, last_updated_at, deletion_due_at FROM metaverse_objects ORDER BY id",
        )
        .all() as {
        id: number;
        object_type_id: number;
        attributes: string;
        contributors: string;
        last_updated_at: string | null;
        deletion_due_at: string | null;
      }[]
    ).map((r) => ({
      id: r.id,
      objectTypeId: r.object_type_id,
      attributes: JSON.parse(r.attributes) as AttributeValues,
      contributors: JSON.parse(r.contributors) as StoredMvoRow["contributors"],
      lastUpdatedAt: r.last_updated_at,
      deletionDueAt: r.deletion_due_at,
    }));
  }

  mvo(id: number): StoredMvoRow | undefined {
    return this.mvos().find((m) => m.id === id);
  }

  /** The one metaverse object whose attribute holds this value (throws when there are several). */
  mvoWhere(attribute: string, value: string): StoredMvoRow | undefined {
    const hits = this.mvos().filter((m) => {
      const v = m.attributes[attribute];
      return Array.isArray(v)
        ? v.map(String).includes(value)
        : v !== undefined && String(v) === value;
    });
    if (hits.length > 1)
      throw new Error(
        `${hits.length} metaverse objects have ${attribute} = ${value}`,
      );
    return hits[0];
  }

  csos(system: LabSystem): StoredCsoRow[] {
    return (
      this.db
        .prepare(
          `SELECT id, external_id, status, mvo_id, join_type, attributes, last_updated_at FROM connector_space_objects
            WHERE connected_system_id = ? ORDER BY id`,
        )
        .all(system.id) as {
        id: number;
        external_id: string;
        status: string;
        mvo_id: number | null;
        join_type: string;
        attributes: string;
        last_updated_at: string | null;
      }[]
    ).map((r) => ({
      id: r.id,
      externalId: r.external_id,
      status: r.status,
      mvoId: r.mvo_id,
      joinType: r.join_type,
      attributes: JSON.parse(r.attributes) as AttributeValues,
      lastUpdatedAt: r.last_updated_at,
    }));
  }

  cso(system: LabSystem, externalId: string): StoredCsoRow | undefined {
    return this.csos(system).find((c) => c.externalId === externalId);
  }

  async pendingExports(system: LabSystem): Promise<PendingExport[]> {
    return (
      await this.env.call("pendingExports.list", {
        systemId: system.id,
        offset: 0,
        limit: 1000,
      })
    ).rows;
  }

  /** Raw pending export rows (incl. updated_at, to prove a row was not rewritten). */
  peRows(system: LabSystem): StoredPeRow[] {
    return (
      this.db
        .prepare(
          `SELECT id, cso_id, change_type, status, error_count, next_retry_at, updated_at, changes FROM pending_exports
            WHERE connected_system_id = ? ORDER BY id`,
        )
        .all(system.id) as {
        id: number;
        cso_id: number;
        change_type: string;
        status: string;
        error_count: number;
        next_retry_at: string | null;
        updated_at: string;
        changes: string;
      }[]
    ).map((r) => ({
      id: r.id,
      csoId: r.cso_id,
      changeType: r.change_type,
      status: r.status,
      errorCount: r.error_count,
      nextRetryAt: r.next_retry_at,
      updatedAt: r.updated_at,
      changes: r.changes,
    }));
  }

  watermark(system: LabSystem): string | null {
    return (
      this.db
        .prepare(
          "SELECT last_sync_started_at AS w FROM connected_systems WHERE id = ?",
        )
        .get(system.id) as { w: string | null }
    ).w;
  }

  /** The data file as records keyed by header (empty when the file does not exist). */
  fileRows(system: LabSystem, path = system.file): Record<string, string>[] {
    if (!existsSync(path)) return [];
    return parse(readFileSync(path, "utf8"), {
      columns: true,
      skip_empty_lines: true,
    }) as Record<string, string>[];
  }
}

/** Milliseconds between two ISO instants. */
export function msBetween(from: string, to: string): number {
  return Date.parse(to) - Date.parse(from);
}

import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/shared/contract";
import type { SyncRuleInput } from "../../src/shared/contract/sync-rules";
import { SyncLab, msBetween, type LabSystem } from "../support/sync-lab";

// Export and pending-export invariants of domain.md §15 (21-31) plus the file modes of §11.5,
// through in-process runs; outcomes are read back from the database and the written file.

const { flow, expr } = SyncLab;

const HR_COLUMNS = ["id", "firstName", "lastName", "department", "managerId"];
const DIRECTORY_COLUMNS = ["id", "displayName", "dept", "login", "manager"];

interface ExportLab {
  lab: SyncLab;
  hr: LabSystem;
  directory: LabSystem;
}

async function exportLab(
  mode: "bidirectional" | "exportOnly",
  rows: string[][],
  outbound: Partial<SyncRuleInput> = {},
): Promise<ExportLab> {
  const lab = SyncLab.open();
  await lab.attributes([
    "employeeId",
    "firstName",
    "lastName",
    "department",
    "accountName",
    ["manager", "reference"],
  ]);
  const hr = await lab.system("HR", { columns: HR_COLUMNS, rows });
  await lab.rule({
    name: "HR in",
    connectedSystemId: hr.id,
    csObjectType: "person",
    mvObjectType: "person",
    direction: "inbound",
    projectToMetaverse: true,
    matching: [{ sources: ["id"], target: "employeeId" }],
    flows: [
      flow("employeeId", "id"),
      flow("firstName", "firstName"),
      flow("lastName", "lastName"),
      flow("department", "department"),
      flow("manager", "managerId"),
      expr("displayName", 'cs["firstName"] + " " + cs["lastName"]'),
      expr("accountName", 'Lower(cs["firstName"])'),
    ],
  });
  await lab.deletionRule("whenAuthoritativeSourceDisconnected", 0, [hr.id]);
  const directory = await lab.system("Directory", {
    columns: DIRECTORY_COLUMNS,
    mode,
    noFile: mode === "exportOnly",
  });
  await lab.rule({
    name: "Directory out",
    connectedSystemId: directory.id,
    csObjectType: "person",
    mvObjectType: "person",
    direction: "outbound",
    provisionToSystem: true,
    deprovisionAction: "delete",
    flows: [
      flow("id", "employeeId"),
      flow("displayName", "displayName"),
      flow("dept", "department"),
      flow("login", "accountName", { initialExportOnly: true }),
      flow("manager", "manager"),
    ],
    ...outbound,
  });
  return { lab, hr, directory };
}

const row = (
  id: string,
  firstName: string,
  lastName: string,
  department = "Eng",
  managerId = "",
): string[] => [id, firstName, lastName, department, managerId];

/** An export profile whose path lies under a regular file, so its directory cannot be created. */
async function brokenProfile(
  lab: SyncLab,
  directory: LabSystem,
): Promise<number> {
  // The folder exists when the profile is saved (saving checks it) and is a file by run time.
  const blocker = join(lab.dir, "blocker");
  mkdirSync(blocker);
  const id = await lab.profile(directory, "export", {
    filePath: join(blocker, "directory.csv"),
    name: "Broken export",
  });
  rmSync(blocker, { recursive: true });
  writeFileSync(blocker, "not a directory");
  return id;
}

describe("pending export contents (invariants 24, 30)", () => {
  it("24: an initialExportOnly flow is in the Create pending export and never in a later Update, even when its value changes", async () => {
    const { lab, hr, directory } = await exportLab("bidirectional", [
      row("E1", "Ada", "Lovelace"),
    ]);
    await lab.importAndSync(hr);
    const [create] = await lab.pendingExports(directory);
    expect(create?.changeType).toBe("create");
    expect(
      create?.changes.find((c) => c.attribute === "login")?.values,
    ).toEqual(["ada"]);
    await lab.run(directory, "export");
    await lab.run(directory, "import");
    expect(await lab.pendingExports(directory)).toEqual([]);

    lab.write(hr, [row("E1", "Augusta", "Lovelace")]);
    await lab.importAndSync(hr, "deltaSync");
    expect(lab.mvoWhere("employeeId", "E1")?.attributes.accountName).toBe(
      "augusta",
    );
    const [update] = await lab.pendingExports(directory);
    expect(update?.changeType).toBe("update");
    expect(update?.changes.map((c) => c.attribute)).toEqual(["displayName"]);

    await lab.run(directory, "export");
    expect(lab.fileRows(directory)).toEqual([
      {
        id: "E1",
        displayName: "Augusta Lovelace",
        dept: "Eng",
        login: "ada",
        manager: "",
      },
    ]);
  });

  it("30: a reference to an identity not yet in the target is held (referencesMvoIds) and written by a later export once it exists", async () => {
    const hidden = [
      {
        match: "all" as const,
        criteria: [
          {
            attribute: "department",
            operator: "notEquals" as const,
            value: "Hidden",
            caseSensitive: true,
          },
        ],
        groups: [],
      },
    ];
    const { lab, hr, directory } = await exportLab(
      "exportOnly",
      [
        row("E1", "Ada", "Lovelace", "Hidden"),
        row("E2", "Alan", "Turing", "Eng", "E1"),
      ],
      {
        scoping: hidden,
      },
    );
    await lab.importAndSync(hr);
    const e1 = lab.mvoWhere("employeeId", "E1");
    const [create] = await lab.pendingExports(directory);
    expect(create?.externalId).toBe("E2");
    const manager = create?.changes.find((c) => c.attribute === "manager");
    expect(manager).toMatchObject({ referencesMvoIds: true, values: [e1?.id] });

    const first = await lab.run(directory, "export");
    expect(first.activity.status).toBe("complete");
    const firstRows = lab.fileRows(directory);
    expect(firstRows.map((r) => r.id)).toEqual(["E2"]);
    expect(firstRows[0]?.manager ?? "").toBe("");
    const owed = await lab.pendingExports(directory);
    expect(owed).toHaveLength(1);
    expect(owed[0]?.changeType).toBe("update");
    expect(owed[0]?.changes.map((c) => c.attribute)).toEqual(["manager"]);

    lab.write(hr, [
      row("E1", "Ada", "Lovelace", "Eng"),
      row("E2", "Alan", "Turing", "Eng", "E1"),
    ]);
    await lab.importAndSync(hr, "deltaSync");
    await lab.run(directory, "export");
    const written = lab.fileRows(directory);
    expect(written.find((r) => r.id === "E2")?.manager).toBe("E1");
    expect(written.find((r) => r.id === "E1")).toBeDefined();
    expect(await lab.pendingExports(directory)).toEqual([]);
  });
});

describe("failed exports (invariants 26, 31)", () => {
  it("26: a failed export keeps its pending export with a back-off; after 5 failures it is failed and not retried; retry resets it", async () => {
    const { lab, hr, directory } = await exportLab("bidirectional", [
      row("E1", "Ada", "Lovelace"),
    ]);
    await lab.importAndSync(hr);
    const broken = await brokenProfile(lab, directory);

    const first = await lab.runProfile(broken);
    expect(first.activity.status).toBe("completeWithError");
    let [pe] = await lab.pendingExports(directory);
    expect(pe?.status).toBe("pending");
    expect(pe?.errorCount).toBe(1);
    expect(pe?.lastError).toMatch(/ENOTDIR|EEXIST/);
    expect(pe?.lastAttemptedAt).not.toBeNull();
    expect(
      msBetween(pe?.lastAttemptedAt as string, pe?.nextRetryAt as string),
    ).toBe(2 * 60_000);
    expect(
      Math.abs(
        msBetween(new Date().toISOString(), pe?.nextRetryAt as string) -
          2 * 60_000,
      ),
    ).toBeLessThan(10_000);

    // Not retried before nextRetryAt.
    const early = await lab.runProfile(broken);
    expect(early.items).toEqual([]);
    expect((await lab.pendingExports(directory))[0]?.errorCount).toBe(1);

    for (let attempt = 2; attempt <= 5; attempt += 1) {
      lab.db.prepare("UPDATE pending_exports SET next_retry_at = NULL").run();
      const run = await lab.runProfile(broken);
      expect(run.items).toHaveLength(1);
      [pe] = await lab.pendingExports(directory);
      expect(pe?.errorCount).toBe(attempt);
      if (attempt < 5)
        expect(
          msBetween(pe?.lastAttemptedAt as string, pe?.nextRetryAt as string),
        ).toBe(2 ** attempt * 60_000);
    }
    expect(pe?.status).toBe("failed");

    lab.db.prepare("UPDATE pending_exports SET next_retry_at = NULL").run();
    const never = await lab.run(directory, "export");
    expect(never.items).toEqual([]);
    expect((await lab.pendingExports(directory))[0]).toMatchObject({
      status: "failed",
      errorCount: 5,
    });
    expect(lab.fileRows(directory)).toEqual([]);

    await lab.env.call("pendingExports.retry", { id: pe?.id as number });
    expect((await lab.pendingExports(directory))[0]).toMatchObject({
      status: "pending",
      errorCount: 0,
      nextRetryAt: null,
    });
    const good = await lab.run(directory, "export");
    expect(good.activity.status).toBe("complete");
    expect(good.activity.counters.exported).toBe(1);
    expect(lab.fileRows(directory).map((r) => r.id)).toEqual(["E1"]);
  });

  it("31: an export failing as a whole gives one failed item per pending export and the activity is completeWithError", async () => {
    const { lab, hr, directory } = await exportLab("bidirectional", [
      row("E1", "Ada", "Lovelace"),
      row("E2", "Alan", "Turing"),
      row("E3", "Grace", "Hopper"),
    ]);
    await lab.importAndSync(hr);
    const pes = await lab.pendingExports(directory);
    expect(pes).toHaveLength(3);
    const broken = await brokenProfile(lab, directory);

    const run = await lab.runProfile(broken);

    expect(run.activity.status).toBe("completeWithError");
    expect(run.items).toHaveLength(3);
    expect(run.items.every((i) => i.errorType === "ExportFailed")).toBe(true);
    expect(run.items.map((i) => i.csoId).sort()).toEqual(
      pes.map((p) => p.csoId).sort(),
    );
    expect(
      (await lab.pendingExports(directory)).every(
        (p) => p.errorCount === 1 && p.status === "pending",
      ),
    ).toBe(true);
  });

  it("§8.3: an export failing as a whole counts its failed items on the activity", async () => {
    const { lab, hr, directory } = await exportLab("bidirectional", [
      row("E1", "Ada", "Lovelace"),
      row("E2", "Alan", "Turing"),
    ]);
    await lab.importAndSync(hr);
    const run = await lab.runProfile(await brokenProfile(lab, directory));
    expect(run.items).toHaveLength(2);
    expect(run.activity.counters.errors).toBe(2);
  });
});

describe("reconciliation and confirmation (invariants 27-29)", () => {
  it("27: create + delete before export cancel out: no row written, no connector space object left", async () => {
    const { lab, hr, directory } = await exportLab("bidirectional", [
      row("E1", "Ada", "Lovelace"),
      row("E2", "Alan", "Turing"),
    ]);
    await lab.importAndSync(hr);
    expect(lab.csos(directory).map((c) => c.externalId)).toEqual(["E1", "E2"]);

    lab.write(hr, [row("E1", "Ada", "Lovelace")]);
    await lab.importAndSync(hr, "deltaSync");

    expect(lab.mvoWhere("employeeId", "E2")).toBeUndefined();
    expect(lab.csos(directory).map((c) => c.externalId)).toEqual(["E1"]);
    const pes = await lab.pendingExports(directory);
    expect(pes.map((p) => [p.externalId, p.changeType])).toEqual([
      ["E1", "create"],
    ]);
    await lab.run(directory, "export");
    expect(lab.fileRows(directory).map((r) => r.id)).toEqual(["E1"]);
  });

  it("27: update + delete keeps the delete", async () => {
    const { lab, hr, directory } = await exportLab("bidirectional", [
      row("E1", "Ada", "Lovelace"),
      row("E2", "Alan", "Turing"),
    ]);
    await lab.importAndSync(hr);
    await lab.run(directory, "export");
    await lab.run(directory, "import");
    expect(await lab.pendingExports(directory)).toEqual([]);

    lab.write(hr, [
      row("E1", "Ada", "Lovelace"),
      row("E2", "Alan", "Turing", "Research"),
    ]);
    await lab.importAndSync(hr, "deltaSync");
    expect(
      (await lab.pendingExports(directory)).map((p) => p.changeType),
    ).toEqual(["update"]);

    lab.write(hr, [row("E1", "Ada", "Lovelace")]);
    await lab.importAndSync(hr, "deltaSync");
    const pes = await lab.pendingExports(directory);
    expect(pes.map((p) => [p.externalId, p.changeType, p.status])).toEqual([
      ["E2", "delete", "pending"],
    ]);

    const run = await lab.run(directory, "export");
    expect(run.activity.counters.deprovisioned).toBe(1);
    expect(lab.fileRows(directory).map((r) => r.id)).toEqual(["E1"]);
    expect(lab.cso(directory, "E2")).toBeUndefined();
    expect(await lab.pendingExports(directory)).toEqual([]);
  });

  it("27: a create that never reached the target (failed) followed by a delete cancels out instead of leaving a stuck delete", async () => {
    const { lab, hr, directory } = await exportLab("bidirectional", [
      row("E1", "Ada", "Lovelace"),
      row("E2", "Alan", "Turing"),
    ]);
    await lab.importAndSync(hr);
    const broken = await brokenProfile(lab, directory);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      lab.db.prepare("UPDATE pending_exports SET next_retry_at = NULL").run();
      await lab.runProfile(broken);
    }
    expect((await lab.pendingExports(directory)).map((p) => p.status)).toEqual([
      "failed",
      "failed",
    ]);

    lab.write(hr, [row("E1", "Ada", "Lovelace")]);
    await lab.importAndSync(hr, "deltaSync");

    expect(lab.mvoWhere("employeeId", "E2")).toBeUndefined();
    const left = (await lab.pendingExports(directory)).filter(
      (p) => p.externalId === "E2",
    );
    // Either cancelled outright, or at least a delete that an export will actually pick up.
    if (left.length > 0) {
      expect(left[0]).toMatchObject({
        changeType: "delete",
        status: "pending",
      });
      expect(left[0]?.errorCount).toBeLessThan(left[0]?.maxRetries as number);
    }
    expect(left).toEqual([]);
    expect(lab.cso(directory, "E2")).toBeUndefined();
  });

  it("27/30: a create already written in part (reference owed) is no longer cancelled by a delete: the written row is deleted", async () => {
    const hidden = [
      {
        match: "all" as const,
        criteria: [
          {
            attribute: "department",
            operator: "notEquals" as const,
            value: "Hidden",
            caseSensitive: true,
          },
        ],
        groups: [],
      },
    ];
    const { lab, hr, directory } = await exportLab(
      "bidirectional",
      [
        row("E1", "Ada", "Lovelace", "Hidden"),
        row("E2", "Alan", "Turing", "Eng", "E1"),
      ],
      {
        scoping: hidden,
      },
    );
    await lab.importAndSync(hr);
    await lab.run(directory, "export");
    expect(lab.fileRows(directory).map((r) => r.id)).toEqual(["E2"]);
    const [owed] = await lab.pendingExports(directory);
    // Domain §5.4: once written in part, a Create flips to Update so the object is never inserted twice.
    expect.soft(owed?.changeType).toBe("update");

    lab.write(hr, [row("E1", "Ada", "Lovelace", "Hidden")]);
    await lab.importAndSync(hr, "deltaSync");
    await lab.run(directory, "export");
    expect(lab.fileRows(directory).map((r) => r.id)).toEqual([]);
  });

  it("28: a successful bidirectional create leaves the object pendingProvisioning until the confirming import sets it normal and retires the export", async () => {
    const { lab, hr, directory } = await exportLab("bidirectional", [
      row("E1", "Ada", "Lovelace"),
      row("E2", "Alan", "Turing", "Eng", "E1"),
    ]);
    await lab.importAndSync(hr);
    const exported = await lab.run(directory, "export");
    expect(exported.activity.counters.exported).toBe(2);
    expect(lab.csos(directory).map((c) => c.status)).toEqual([
      "pendingProvisioning",
      "pendingProvisioning",
    ]);
    const pes = await lab.pendingExports(directory);
    expect(pes.map((p) => p.status)).toEqual(["exported", "exported"]);
    expect(
      pes
        .flatMap((p) => p.changes.map((c) => c.status))
        .every((s) => s === "exportedPendingConfirmation"),
    ).toBe(true);
    expect(lab.fileRows(directory).find((r) => r.id === "E2")?.manager).toBe(
      "E1",
    );

    const confirming = await lab.run(directory, "import");
    expect(confirming.activity.counters.confirmed).toBe(2);
    expect(lab.csos(directory).map((c) => c.status)).toEqual([
      "normal",
      "normal",
    ]);
    expect(await lab.pendingExports(directory)).toEqual([]);
  });

  it("29: a partly confirmed create drops the confirmed values, becomes an update (exportNotConfirmed) and only the rest is sent next", async () => {
    const { lab, hr, directory } = await exportLab("bidirectional", [
      row("E1", "Ada", "Lovelace"),
    ]);
    await lab.importAndSync(hr);
    await lab.run(directory, "export");
    // Someone edits the target between the export and the confirming import.
    lab.write(directory, [["E1", "Wrong Name", "Eng", "ada", ""]]);

    await lab.run(directory, "import");
    expect(lab.cso(directory, "E1")?.status).toBe("normal");
    let [pe] = await lab.pendingExports(directory);
    expect(pe).toMatchObject({
      changeType: "update",
      status: "exportNotConfirmed",
      errorCount: 1,
    });
    expect(pe?.changes.map((c) => [c.attribute, c.values, c.status])).toEqual([
      ["displayName", ["Ada Lovelace"], "exportedNotConfirmed"],
    ]);

    // Someone also changes a confirmed column: the next export must not send it back.
    lab.write(directory, [["E1", "Wrong Name", "Ops", "ada", ""]]);
    lab.db.prepare("UPDATE pending_exports SET next_retry_at = NULL").run();
    const next = await lab.run(directory, "export");
    expect(next.activity.counters.exported).toBe(1);
    expect(lab.fileRows(directory)).toEqual([
      {
        id: "E1",
        displayName: "Ada Lovelace",
        dept: "Ops",
        login: "ada",
        manager: "",
      },
    ]);
    [pe] = await lab.pendingExports(directory);
    expect(pe?.changes.map((c) => [c.attribute, c.status])).toEqual([
      ["displayName", "exportedPendingConfirmation"],
    ]);

    await lab.run(directory, "import");
    expect(await lab.pendingExports(directory)).toEqual([]);
  });
});

describe("file modes (domain §11.5)", () => {
  it("export-only: the export applies the written values to the target objects at once and leaves no pending exports", async () => {
    const { lab, hr, directory } = await exportLab("exportOnly", [
      row("E1", "Ada", "Lovelace"),
      row("E2", "Alan", "Turing", "Research", "E1"),
    ]);
    await lab.importAndSync(hr);
    const run = await lab.run(directory, "export");
    expect(run.activity.status).toBe("complete");
    expect(run.activity.counters.exported).toBe(2);
    expect(await lab.pendingExports(directory)).toEqual([]);
    const e2 = lab.cso(directory, "E2");
    expect(e2?.status).toBe("normal");
    expect(e2?.attributes).toMatchObject({
      id: "E2",
      displayName: "Alan Turing",
      dept: "Research",
      login: "alan",
      manager: "E1",
    });
    expect(lab.fileRows(directory).find((r) => r.id === "E2")).toMatchObject({
      displayName: "Alan Turing",
      dept: "Research",
      manager: "E1",
    });

    // The applied values are what the next change is compared with: one changed value, one change.
    lab.write(hr, [
      row("E1", "Ada", "Lovelace"),
      row("E2", "Alan", "Turing", "Eng", "E1"),
    ]);
    await lab.importAndSync(hr, "deltaSync");
    const [update] = await lab.pendingExports(directory);
    expect(update?.changes.map((c) => [c.attribute, c.values])).toEqual([
      ["dept", ["Eng"]],
    ]);
  });

  it("an import-only system refuses Export with a clear failedWithError message", async () => {
    const { lab, hr } = await exportLab("exportOnly", [
      row("E1", "Ada", "Lovelace"),
    ]);
    await lab.importAndSync(hr);
    const run = await lab.run(hr, "export");
    expect(run.activity.status).toBe("failedWithError");
    expect(run.activity.errorMessage).toMatch(/import-only/i);
  });
});

describe("syncRules.create validation", () => {
  async function refusal(
    lab: SyncLab,
    input: SyncRuleInput,
  ): Promise<ApiError> {
    const before = (await lab.env.call("syncRules.list", {})).length;
    const error = await lab.rule(input).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("validation");
    expect((await lab.env.call("syncRules.list", {})).length).toBe(before);
    return error as ApiError;
  }

  it("refuses bad rules with field paths: unknown flow target, bad expression (with position), provisioning on an inbound rule", async () => {
    const { lab, hr } = await exportLab("exportOnly", []);
    const base = {
      name: "Bad",
      connectedSystemId: hr.id,
      csObjectType: "person",
      mvObjectType: "person",
      direction: "inbound" as const,
    };

    const unknown = await refusal(lab, {
      ...base,
      flows: [
        flow("firstName", "firstName"),
        flow("noSuchAttribute", "lastName"),
      ],
    });
    expect(Object.keys(unknown.fields ?? {})).toEqual(["flows.1.target"]);

    const badExpression = await refusal(lab, {
      ...base,
      flows: [
        flow("firstName", "firstName"),
        expr("lastName", 'Upper(cs["lastName"]'),
      ],
    });
    expect(Object.keys(badExpression.fields ?? {})).toEqual([
      "flows.1.source.expression",
    ]);
    expect(badExpression.fields?.["flows.1.source.expression"]).toMatch(
      /at character \d+/,
    );

    const provisioning = await refusal(lab, {
      ...base,
      provisionToSystem: true,
      flows: [flow("firstName", "firstName")],
    });
    expect(provisioning.fields?.provisionToSystem).toBeDefined();
  });
});

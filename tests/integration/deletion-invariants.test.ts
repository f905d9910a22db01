import { describe, expect, it } from "vitest";
import { SyncLab, msBetween, type LabSystem } from "../support/sync-lab";

// Identity deletion invariants of domain.md §15 (33-35) and §7, through in-process runs.

const { flow } = SyncLab;

const HR_COLUMNS = ["id", "firstName", "department"];

async function deletionLab(
  rows: string[][],
): Promise<{ lab: SyncLab; hr: LabSystem }> {
  const lab = SyncLab.open();
  await lab.attributes([
    "employeeId",
    "firstName",
    "department",
    "badgeColour",
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
      flow("department", "department"),
    ],
  });
  return { lab, hr };
}

/** A file keeps one unrelated row so a full import never sees an empty file (which obsoletes nothing). */
const KEEP = ["K1", "Keeper", "Ops"];

describe("deletion rules (invariants 33, 35)", () => {
  it("33: whenLastConnectorDisconnected, grace 0: the identity is deleted when its last connector leaves, not before", async () => {
    const { lab, hr } = await deletionLab([
      KEEP,
      ["E1", "Ada", "Eng"],
      ["E2", "Alan", "Eng"],
    ]);
    await lab.deletionRule("whenLastConnectorDisconnected", 0);
    await lab.importAndSync(hr);
    const badge = await lab.system("Badge", {
      columns: ["badgeId", "empNo", "colour"],
      rows: [["B2", "E2", "red"]],
    });
    await lab.rule({
      name: "Badge in",
      connectedSystemId: badge.id,
      csObjectType: "person",
      mvObjectType: "person",
      direction: "inbound",
      matching: [{ sources: ["empNo"], target: "employeeId" }],
      flows: [flow("badgeColour", "colour")],
    });
    await lab.importAndSync(badge);
    const e1 = lab.mvoWhere("employeeId", "E1")?.id as number;
    const e2 = lab.mvoWhere("employeeId", "E2")?.id as number;

    lab.write(hr, [KEEP]);
    const sync = await lab.importAndSync(hr, "deltaSync");

    expect(lab.mvo(e1)).toBeUndefined();
    expect(sync.activity.counters.mvoDeleted).toBe(1);
    // E2 still has its Badge connector: kept, with HR's values recalled.
    const kept = lab.mvo(e2);
    expect(kept).toBeDefined();
    expect(kept?.attributes.badgeColour).toBe("red");
    expect(kept?.attributes.firstName).toBeUndefined();
    expect(kept?.deletionDueAt).toBeNull();

    lab.write(badge, [["B9", "X9", "blue"]]);
    const last = await lab.importAndSync(badge, "deltaSync");
    expect(lab.mvo(e2)).toBeUndefined();
    expect(last.activity.counters.mvoDeleted).toBe(1);
    expect(lab.mvos().map((m) => m.attributes.employeeId)).toEqual(["K1"]);
  });

  it("33: deleting an identity queues a Delete only for objects under a delete outbound rule; others are just disconnected", async () => {
    const { lab, hr } = await deletionLab([KEEP, ["E1", "Ada", "Eng"]]);
    await lab.deletionRule("whenAuthoritativeSourceDisconnected", 0, [hr.id]);
    const targets: Record<"delete" | "disconnect", LabSystem> = {
      delete: await lab.system("Directory", {
        columns: ["id"],
        mode: "exportOnly",
        noFile: true,
      }),
      disconnect: await lab.system("Archive", {
        columns: ["id"],
        mode: "exportOnly",
        noFile: true,
      }),
    };
    for (const [action, system] of Object.entries(targets) as [
      "delete" | "disconnect",
      LabSystem,
    ][]) {
      await lab.rule({
        name: `${system.name} out`,
        connectedSystemId: system.id,
        csObjectType: "person",
        mvObjectType: "person",
        direction: "outbound",
        provisionToSystem: true,
        deprovisionAction: action,
        flows: [flow("id", "employeeId"), flow("name", "firstName")],
      });
    }
    await lab.importAndSync(hr);
    for (const system of Object.values(targets))
      await lab.run(system, "export");
    expect(lab.cso(targets.delete, "E1")?.status).toBe("normal");
    expect(lab.cso(targets.disconnect, "E1")?.status).toBe("normal");
    const e1 = lab.mvoWhere("employeeId", "E1")?.id as number;

    lab.write(hr, [KEEP]);
    const sync = await lab.importAndSync(hr, "deltaSync");

    expect(lab.mvo(e1)).toBeUndefined();
    expect(sync.activity.counters.mvoDeleted).toBe(1);
    expect(
      (await lab.pendingExports(targets.delete)).map((p) => [
        p.externalId,
        p.changeType,
      ]),
    ).toEqual([["E1", "delete"]]);
    expect(await lab.pendingExports(targets.disconnect)).toEqual([]);
    const archived = lab.cso(targets.disconnect, "E1");
    expect(archived).toMatchObject({
      status: "normal",
      mvoId: null,
      joinType: "notJoined",
    });

    await lab.run(targets.delete, "export");
    expect(lab.fileRows(targets.delete).map((r) => r.id)).toEqual(["K1"]);
    expect(lab.cso(targets.delete, "E1")).toBeUndefined();
    expect(lab.fileRows(targets.disconnect).map((r) => r.id)).toEqual([
      "K1",
      "E1",
    ]);
  });

  it("35: the manual rule never deletes an identity", async () => {
    const { lab, hr } = await deletionLab([KEEP, ["E1", "Ada", "Eng"]]);
    await lab.deletionRule("manual", 0);
    await lab.importAndSync(hr);
    const e1 = lab.mvoWhere("employeeId", "E1")?.id as number;

    lab.write(hr, [KEEP]);
    const sync = await lab.importAndSync(hr, "deltaSync");

    expect(sync.activity.counters.mvoDeleted).toBe(0);
    const kept = lab.mvo(e1);
    expect(kept).toBeDefined();
    expect(kept?.deletionDueAt).toBeNull();
    expect(lab.cso(hr, "E1")).toBeUndefined();
    // Later syncs do not delete it either.
    await lab.run(hr, "fullSync");
    expect(lab.mvo(e1)).toBeDefined();
  });
});

describe("grace period (invariant 34)", () => {
  it("34: with a grace period the identity is marked, a rejoin cancels the mark, and after the grace period the next sync deletes it", async () => {
    const { lab, hr } = await deletionLab([KEEP, ["E1", "Ada", "Eng"]]);
    await lab.deletionRule("whenLastConnectorDisconnected", 3600);
    await lab.importAndSync(hr);
    const id = lab.mvoWhere("employeeId", "E1")?.id as number;

    lab.write(hr, [KEEP]);
    const leave = await lab.importAndSync(hr, "deltaSync");
    expect(leave.activity.counters.mvoDeleted).toBe(0);
    const marked = await lab.env.call("metaverse.get", { id });
    expect(marked.deletionDueAt).not.toBeNull();
    expect(
      Math.abs(
        msBetween(new Date().toISOString(), marked.deletionDueAt as string) -
          3600_000,
      ),
    ).toBeLessThan(60_000);
    // During the grace period the values freeze.
    expect(marked.attributes).toMatchObject({
      employeeId: "E1",
      firstName: "Ada",
    });

    lab.write(hr, [KEEP, ["E1", "Ada", "Eng"]]);
    const back = await lab.importAndSync(hr, "deltaSync");
    expect(back.activity.counters.projected).toBe(0);
    expect(lab.cso(hr, "E1")?.mvoId).toBe(id);
    expect(
      (await lab.env.call("metaverse.get", { id })).deletionDueAt,
    ).toBeNull();
    expect(lab.mvos()).toHaveLength(2);

    lab.write(hr, [KEEP]);
    await lab.importAndSync(hr, "deltaSync");
    expect(lab.mvo(id)?.deletionDueAt).not.toBeNull();
    // Not yet due: a sync leaves it alone.
    await lab.run(hr, "deltaSync");
    expect(lab.mvo(id)).toBeDefined();

    lab.db
      .prepare("UPDATE metaverse_objects SET deletion_due_at = ? WHERE id = ?")
      .run(new Date(Date.now() - 1000).toISOString(), id);
    const due = await lab.run(hr, "deltaSync");
    expect(lab.mvo(id)).toBeUndefined();
    expect(due.items.filter((i) => i.mvoId === id)).toHaveLength(1);
  });

  it("§8.3: a grace-period deletion made by a sync with no changed objects is counted on its activity", async () => {
    const { lab, hr } = await deletionLab([KEEP, ["E1", "Ada", "Eng"]]);
    await lab.deletionRule("whenLastConnectorDisconnected", 3600);
    await lab.importAndSync(hr);
    const id = lab.mvoWhere("employeeId", "E1")?.id as number;
    lab.write(hr, [KEEP]);
    await lab.importAndSync(hr, "deltaSync");
    lab.db
      .prepare("UPDATE metaverse_objects SET deletion_due_at = ? WHERE id = ?")
      .run(new Date(Date.now() - 1000).toISOString(), id);
    const due = await lab.run(hr, "deltaSync");
    expect(lab.mvo(id)).toBeUndefined();
    expect(due.items).toHaveLength(1);
    expect(due.activity.counters.mvoDeleted).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import type { ExecutionItem } from "../../src/shared/model";
import { SyncLab } from "../support/sync-lab";

// Issue #10 §2 "say what happened": a projected sync item carries the identity's values with the
// rule they came from, and every execution item can be followed along its causality chain.

const { flow, expr } = SyncLab;

async function projectionLab() {
  const lab = SyncLab.open();
  await lab.attributes(["employeeId", "department"]);
  const hr = await lab.system("HR", {
    columns: ["id", "firstName", "lastName", "department"],
    rows: [["E1", "Ada", "Lovelace", "Engineering"]],
  });
  await lab.projectPeople(
    hr,
    [flow("employeeId", "id"), flow("department", "department"), expr("displayName", 'cs["firstName"] + " " + cs["lastName"]')],
    "id",
  );
  const directory = await lab.system("Directory", {
    columns: ["id", "displayName", "dept"],
    mode: "exportOnly",
    noFile: true,
  });
  await lab.provisionPeople(directory, [flow("id", "employeeId"), flow("displayName", "displayName"), flow("dept", "department")]);
  return { lab, hr, directory };
}

async function onlyItem(lab: SyncLab, activityId: number): Promise<ExecutionItem> {
  const page = await lab.env.call("activities.items", { activityId });
  expect(page.rows).toHaveLength(1);
  return page.rows[0] as ExecutionItem;
}

describe("a projected sync item", () => {
  it("shows every value that flowed into the new identity, with its rule", async () => {
    const { lab, hr } = await projectionLab();
    const imported = await lab.run(hr, "import");
    expect(imported.activity.status).toBe("complete");
    const synced = await lab.run(hr, "fullSync");
    const item = await onlyItem(lab, synced.activity.id);
    expect(item.changeType).toBe("projected");
    expect(item.mvoId).not.toBeNull();
    const byName = Object.fromEntries(item.attributeChanges.map((c) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual(["department", "displayName", "employeeId"]);
    expect(byName.displayName).toEqual({ name: "displayName", kind: "add", added: ["Ada Lovelace"], removed: [], syncRule: "HR in" });
    expect(byName.employeeId?.added).toEqual(["E1"]);
  });

  it("records a changed value as a replacement of the old one", async () => {
    const { lab, hr } = await projectionLab();
    await lab.importAndSync(hr);
    lab.write(hr, [["E1", "Ada", "Lovelace", "Research"]]);
    const synced = await lab.importAndSync(hr);
    const item = await onlyItem(lab, synced.activity.id);
    expect(item.attributeChanges).toEqual([
      { name: "department", kind: "replace", added: ["Research"], removed: ["Engineering"], syncRule: "HR in" },
    ]);
  });
});

describe("executionItems.chain", () => {
  it("follows import → sync → pending export → export from any of its items", async () => {
    const { lab, hr, directory } = await projectionLab();
    const imported = await lab.run(hr, "import");
    const synced = await lab.run(hr, "fullSync");
    const importItem = await onlyItem(lab, imported.activity.id);
    const syncItem = await onlyItem(lab, synced.activity.id);

    const beforeExport = await lab.env.call("executionItems.chain", { id: importItem.id });
    expect(beforeExport.importItem?.item.id).toBe(importItem.id);
    expect(beforeExport.syncItem?.item.id).toBe(syncItem.id);
    expect(beforeExport.syncItem?.activity).toMatchObject({ id: synced.activity.id, systemName: "HR", runType: "fullSync" });
    expect(beforeExport.mvoId).toBe(syncItem.mvoId);
    expect(beforeExport.pendingExports).toHaveLength(1);
    expect(beforeExport.pendingExports[0]).toMatchObject({ systemName: "Directory", changeType: "create" });
    expect(beforeExport.exportItems).toEqual([]);

    const exported = await lab.run(directory, "export");
    expect(exported.activity.status).toBe("complete");
    const exportItem = await onlyItem(lab, exported.activity.id);

    for (const start of [importItem, syncItem, exportItem]) {
      const chain = await lab.env.call("executionItems.chain", { id: start.id });
      expect(chain.importItem?.item.id, `from item ${start.id}`).toBe(importItem.id);
      expect(chain.syncItem?.item.id, `from item ${start.id}`).toBe(syncItem.id);
      expect(chain.exportItems.map((e) => e.item.id), `from item ${start.id}`).toEqual([exportItem.id]);
      expect(chain.exportItems[0]?.activity.systemName).toBe("Directory");
    }
  });

  it("a later change's chain starts at its own import, not the first one", async () => {
    const { lab, hr } = await projectionLab();
    await lab.importAndSync(hr);
    lab.write(hr, [["E1", "Ada", "Lovelace", "Research"]]);
    const reimported = await lab.run(hr, "import");
    const resynced = await lab.run(hr, "fullSync");
    const syncItem = await onlyItem(lab, resynced.activity.id);
    const chain = await lab.env.call("executionItems.chain", { id: syncItem.id });
    expect(chain.importItem?.activity.id).toBe(reimported.activity.id);
  });

  it("says an unknown item does not exist", async () => {
    const { lab } = await projectionLab();
    await expect(lab.env.call("executionItems.chain", { id: 999_999 })).rejects.toThrow(/Execution item 999999 does not exist/);
  });
});

import { describe, expect, it } from "vitest";
import { SyncLab } from "../support/sync-lab";

// Issue #10 §4: the Pending Exports tab retries every failed export of a system at once.

const { flow } = SyncLab;

describe("pendingExports.retryFailed", () => {
  it("puts only the system's failed exports back to pending, with their error counts reset", async () => {
    const lab = SyncLab.open();
    await lab.attributes(["employeeId"]);
    const hr = await lab.system("HR", { columns: ["id"], rows: [["E1"], ["E2"], ["E3"]] });
    await lab.projectPeople(hr, [flow("employeeId", "id")]);
    const directory = await lab.system("Directory", { columns: ["id"], mode: "exportOnly", noFile: true });
    await lab.provisionPeople(directory, [flow("id", "employeeId")]);
    await lab.importAndSync(hr);
    const [first, second, third] = lab.peRows(directory);
    if (!first || !second || !third) throw new Error("expected three pending exports");
    const fail = lab.db.prepare("UPDATE pending_exports SET status = 'failed', error_count = 5, last_error = 'disk full' WHERE id = ?");
    fail.run(first.id);
    fail.run(second.id);

    expect(await lab.env.call("pendingExports.retryFailed", { systemId: directory.id })).toEqual({ retried: 2 });
    const rows = lab.peRows(directory);
    expect(rows.map((r) => [r.status, r.errorCount])).toEqual([
      ["pending", 0],
      ["pending", 0],
      ["pending", 0],
    ]);
    expect(rows[2]?.updatedAt).toBe(third.updatedAt);
    expect(await lab.env.call("pendingExports.retryFailed", { systemId: directory.id })).toEqual({ retried: 0 });
    await expect(lab.env.call("pendingExports.retryFailed", { systemId: 999 })).rejects.toThrow(/Connected system 999 does not exist/);
  });
});

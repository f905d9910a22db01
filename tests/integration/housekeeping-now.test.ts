import { describe, expect, it } from "vitest";
import { SyncLab } from "../support/sync-lab";

// Issue #10 §4: housekeeping can be run from the app (Settings), and says what it did.

const DAY = 24 * 60 * 60 * 1000;

describe("settings.runHousekeeping", () => {
  it("purges what is past retention now and reports it; a second pass has nothing to do", async () => {
    const lab = SyncLab.open();
    const hr = await lab.system("HR", { columns: ["id", "name"], rows: [["E1", "Ada"]] });
    const imported = await lab.run(hr, "import");
    lab.db
      .prepare("UPDATE activities SET created_at = ? WHERE id = ?")
      .run(new Date(Date.now() - 100 * DAY).toISOString(), imported.activity.id);

    const first = await lab.env.call("settings.runHousekeeping", {});
    expect(first).toMatchObject({ retentionDays: 90, activitiesPurged: 1, executionItemsPurged: 1, objectsDeleted: 0, deprovisioned: 0 });
    expect(first.activityId).not.toBeNull();
    const pass = await lab.env.call("activities.get", { id: first.activityId as number });
    expect(pass).toMatchObject({ runProfileName: "Housekeeping", status: "complete" });
    await expect(lab.env.call("activities.get", { id: imported.activity.id })).rejects.toThrow(/does not exist/);

    expect(await lab.env.call("settings.runHousekeeping", {})).toMatchObject({ activityId: null, activitiesPurged: 0 });
  });
});

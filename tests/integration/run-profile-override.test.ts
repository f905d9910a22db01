import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createRunProfile } from "../support/engine";
import { SyncLab } from "../support/sync-lab";
import { csvText } from "../support/temp";

// Issue #10 §2: a run profile's file path override is checked when the profile is saved, as
// the system's path is, and a run whose file has gone since fails and says why.

async function hrLab() {
  const lab = SyncLab.open();
  const hr = await lab.system("HR", { columns: ["id", "name"], rows: [["E1", "Ada"]] });
  return { lab, hr };
}

describe("a run profile's file path override", () => {
  it("is refused on save when an import's file does not exist, and nothing is stored", async () => {
    const { lab, hr } = await hrLab();
    const missing = join(lab.dir, "missing.csv");
    const before = await lab.env.call("runProfiles.list", { systemId: hr.id });
    await expect(
      lab.env.call("runProfiles.create", { systemId: hr.id, name: "Override", runType: "fullImport", filePath: missing }),
    ).rejects.toMatchObject({ code: "validation", fields: { filePath: expect.stringMatching(/does not exist/) } });
    expect(await lab.env.call("runProfiles.list", { systemId: hr.id })).toEqual(before);
  });

  it("is refused on update too, leaving the stored profile as it was", async () => {
    const { lab, hr } = await hrLab();
    const stored = (await lab.env.call("runProfiles.list", { systemId: hr.id })).find((p) => p.runType === "fullImport");
    if (!stored) throw new Error("no import profile");
    await expect(
      lab.env.call("runProfiles.update", { id: stored.id, name: stored.name, batchSize: 10, filePath: join(lab.dir, "nope.csv") }),
    ).rejects.toMatchObject({ code: "validation", fields: { filePath: expect.stringMatching(/does not exist/) } });
    const after = (await lab.env.call("runProfiles.list", { systemId: hr.id })).find((p) => p.id === stored.id);
    expect(after).toEqual(stored);
  });

  it("of an export only needs its folder to exist", async () => {
    const { lab, hr } = await hrLab();
    const created = await createRunProfile(lab.env, hr.id, { name: "Out", runType: "export", filePath: join(lab.dir, "new-out.csv") });
    expect(created.filePath).toBe(join(lab.dir, "new-out.csv"));
    await expect(
      lab.env.call("runProfiles.create", { systemId: hr.id, name: "Out 2", runType: "export", filePath: join(lab.dir, "no-such-folder", "out.csv") }),
    ).rejects.toMatchObject({ code: "validation", fields: { filePath: expect.stringMatching(/folder .* does not exist/) } });
  });

  it("whose file is deleted after saving makes the import fail with the cause", async () => {
    const { lab, hr } = await hrLab();
    const override = join(lab.dir, "override.csv");
    writeFileSync(override, csvText([["id", "name"], ["E9", "Grace"]]));
    const profileId = await lab.profile(hr, "import", { filePath: override });
    rmSync(override);
    const result = await lab.runProfile(profileId);
    expect(result.activity.status).toBe("failedWithError");
    expect(result.activity.errorMessage).toMatch(/override\.csv/);
    expect(result.activity.errorMessage).toMatch(/not found|does not exist|no such file/i);
    expect(lab.csos(hr)).toEqual([]);
  });
});

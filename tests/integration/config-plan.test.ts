import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { configChangedAt } from "../../src/main/store";
import { openTestEnv } from "../support/engine";
import { makeTempDir, writeCsv } from "../support/temp";

// Issue #10 §4: config apply shows its plan (created / changed / deleted) before anything is
// applied, in the handlers the app's upload uses and as `junction config apply FILE --plan`.

const CLI = resolve(import.meta.dirname, "../../out/main/cli.js");

function documentFor(hrFile: string, department = "department"): string {
  return `version: 1
metaverse:
  objectTypes:
    - {name: person, deletionRule: manual}
  attributes:
    - {name: displayName, type: text, boundTo: [person]}
    - {name: employeeId, type: text, boundTo: [person]}
    - {name: department, type: text, boundTo: [person]}
connectedSystems:
  - name: HR
    connector: file
    settings: {filePath: ${JSON.stringify(hrFile)}, objectType: person, externalIdColumn: employeeId}
    schema:
      objectTypes:
        - name: person
          attributes:
            - {name: employeeId, type: text, externalId: true}
            - {name: department, type: text}
    runProfiles:
      - {name: Full import, runType: fullImport}
syncRules:
  - name: HR inbound
    system: HR
    csObjectType: person
    mvObjectType: person
    direction: inbound
    projectToMetaverse: true
    flows:
      - {target: employeeId, source: {kind: attribute, attribute: employeeId}}
      - {target: department, source: {kind: attribute, attribute: ${department}}}
`;
}

function lab() {
  const dir = makeTempDir();
  const hrFile = writeCsv(dir, "hr.csv", "employeeId,department\nE1,Sales\n");
  return { dir, hrFile, env: openTestEnv(dir) };
}

describe("config apply plan", () => {
  it("groups what a first apply would create, and changes nothing", async () => {
    const { env, hrFile } = lab();
    const before = configChangedAt(env.db);
    const { plan } = await env.call("config.apply", { text: documentFor(hrFile), dryRun: true });
    expect(plan.create).toEqual(
      expect.arrayContaining(["metaverse attribute employeeId", "connected system HR", "run profile HR/Full import", "sync rule HR inbound"]),
    );
    expect(plan.create.every((line) => !line.endsWith(": created"))).toBe(true);
    expect(plan.delete).toEqual([]);
    expect(configChangedAt(env.db)).toBe(before);
    expect(await env.call("systems.list", {})).toEqual([]);
  });

  it("lists a changed rule under change, and the real apply does what the plan said", async () => {
    const { env, hrFile } = lab();
    await env.call("config.apply", { text: documentFor(hrFile), dryRun: false });
    const edited = documentFor(hrFile, "employeeId");
    const planned = await env.call("config.apply", { text: edited, dryRun: true });
    expect(planned.plan).toEqual({ create: [], change: ["sync rule HR inbound: updated"], delete: [] });
    const applied = await env.call("config.apply", { text: edited, dryRun: false });
    expect(applied.plan).toEqual(planned.plan);
    expect((await env.call("config.apply", { text: edited, dryRun: true })).plan).toEqual({ create: [], change: [], delete: [] });
  });

  it("junction config apply FILE --plan prints the three groups and changes nothing", () => {
    const { dir, hrFile, env } = lab();
    env.db.close();
    const file = join(dir, "lab.yaml");
    writeFileSync(file, documentFor(hrFile));
    const db = join(dir, "cli.sqlite");
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [CLI, "--db", db, ...args], { encoding: "utf8", timeout: 30_000 });
    const planned = run("config", "apply", file, "--plan");
    expect(planned.stderr).toBe("");
    expect(planned.status).toBe(0);
    expect(planned.stdout).toContain("Create (");
    expect(planned.stdout).toContain("  sync rule HR inbound\n");
    expect(planned.stdout).toContain("Change (2):\n  metaverse attribute displayName: object types updated\n");
    expect(planned.stdout).toMatch(/Delete \(0\):\n {2}nothing \(apply never deletes/);
    expect(planned.stdout).toMatch(/Plan only: nothing was changed\n$/);
    expect(run("config", "export", "--format", "json").stdout).not.toContain("HR inbound");
    const json = JSON.parse(run("config", "apply", file, "--plan", "--json").stdout) as { dryRun: boolean; plan: { create: string[] } };
    expect(json.dryRun).toBe(true);
    expect(json.plan.create).toContain("sync rule HR inbound");
  });
});

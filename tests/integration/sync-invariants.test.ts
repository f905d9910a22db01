import { describe, expect, it } from "vitest";
import type { SyncRuleInput } from "../../src/shared/contract/sync-rules";
import { SyncLab, type LabSystem } from "../support/sync-lab";

// Synchronisation invariants of domain.md §15 (11-23) and the expression outcomes of §13.3/§13.4,
// through in-process runs; every assertion reads the stored metaverse / connector space back.

const { flow, expr } = SyncLab;

const HR_COLUMNS = [
  "id",
  "firstName",
  "lastName",
  "department",
  "managerId",
  "status",
];
const BADGE_COLUMNS = ["badgeId", "empNo", "department", "surname"];

/** id, firstName, lastName, department, managerId, status */
const hrRow = (
  id: string,
  firstName: string,
  lastName: string,
  department = "Eng",
  managerId = "",
  status = "active",
): string[] => [id, firstName, lastName, department, managerId, status];

interface HrLab {
  lab: SyncLab;
  hr: LabSystem;
  hrRuleId: number;
}

async function hrLab(
  rows: string[][],
  options: { batchSize?: number; rule?: Partial<SyncRuleInput> } = {},
): Promise<HrLab> {
  const lab = SyncLab.open();
  await lab.attributes([
    "employeeId",
    "firstName",
    "lastName",
    "department",
    ["manager", "reference"],
    "badgeColour",
  ]);
  const hr = await lab.system("HR", {
    columns: HR_COLUMNS,
    rows,
    batchSize: options.batchSize ?? 100,
  });
  const rule = await lab.rule({
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
    ],
    ...options.rule,
  });
  return { lab, hr, hrRuleId: rule.id };
}

async function badgeSystem(
  lab: SyncLab,
  rows: string[][],
  rule: Partial<SyncRuleInput> = {},
): Promise<{ badge: LabSystem; badgeRuleId: number }> {
  const badge = await lab.system("Badge", { columns: BADGE_COLUMNS, rows });
  const created = await lab.rule({
    name: "Badge in",
    connectedSystemId: badge.id,
    csObjectType: "person",
    mvObjectType: "person",
    direction: "inbound",
    matching: [{ sources: ["empNo"], target: "employeeId" }],
    flows: [flow("department", "department")],
    ...rule,
  });
  return { badge, badgeRuleId: created.id };
}

describe("join and projection (domain §4.3, invariants 11-13)", () => {
  it("11: joins an existing matching identity instead of projecting a new one, even with projection on", async () => {
    const { lab, hr } = await hrLab([hrRow("E1", "Ada", "Lovelace")]);
    await lab.importAndSync(hr);
    expect(lab.mvos()).toHaveLength(1);
    const ada = lab.mvoWhere("employeeId", "E1");
    const { badge } = await badgeSystem(
      lab,
      [
        ["B1", "E1", "Sec", ""],
        ["B2", "E9", "Ops", ""],
      ],
      {
        projectToMetaverse: true,
        flows: [flow("department", "department"), flow("employeeId", "empNo")],
      },
    );

    const sync = await lab.importAndSync(badge);

    expect(sync.activity.status).toBe("complete");
    const b1 = lab.cso(badge, "B1");
    expect(b1?.mvoId).toBe(ada?.id);
    expect(b1?.joinType).toBe("joined");
    // Only the unmatched B2 projected: 2 identities in all, not 3.
    expect(lab.mvos()).toHaveLength(2);
    expect(lab.cso(badge, "B2")?.joinType).toBe("projected");
    expect(sync.items.find((i) => i.csoId === b1?.id)?.changeType).toBe(
      "joined",
    );
  });

  it("12: two identities matching under rule 1 is AmbiguousMatch, even when rule 2 would match exactly one; nothing joins or projects", async () => {
    const { lab, hr } = await hrLab([
      hrRow("E1", "John", "Smith"),
      hrRow("E2", "Jane", "Smith"),
      hrRow("E3", "Tim", "Jones"),
    ]);
    await lab.importAndSync(hr);
    const { badge } = await badgeSystem(
      lab,
      [
        ["B1", "E1", "Sec", "Smith"],
        ["B3", "E3", "Sec", "Jones"],
      ],
      {
        projectToMetaverse: true,
        matching: [
          { sources: ["surname"], target: "lastName" },
          { sources: ["empNo"], target: "employeeId" },
        ],
      },
    );

    const sync = await lab.importAndSync(badge);

    const b1 = lab.cso(badge, "B1");
    expect(b1?.mvoId).toBeNull();
    const item = sync.items.find((i) => i.csoId === b1?.id);
    expect(item?.errorType).toBe("AmbiguousMatch");
    expect(lab.mvos()).toHaveLength(3);
    // The control object with one hit under rule 1 joins.
    expect(lab.cso(badge, "B3")?.mvoId).toBe(
      lab.mvoWhere("employeeId", "E3")?.id,
    );
    expect(sync.activity.status).toBe("completeWithError");
  });

  it("13: a second object of the same system matching an already-joined identity gets CouldNotJoinDueToExistingJoin and no link", async () => {
    const { lab, hr } = await hrLab([hrRow("E1", "Ada", "Lovelace")]);
    await lab.importAndSync(hr);
    const ada = lab.mvoWhere("employeeId", "E1");
    const { badge } = await badgeSystem(
      lab,
      [
        ["B1", "E1", "Sec", ""],
        ["B2", "E1", "Ops", ""],
      ],
      { projectToMetaverse: true },
    );

    const sync = await lab.importAndSync(badge);

    const linked = lab.csos(badge).filter((c) => c.mvoId !== null);
    expect(linked.map((c) => c.externalId)).toEqual(["B1"]);
    expect(linked[0]?.mvoId).toBe(ada?.id);
    const b2 = lab.cso(badge, "B2");
    expect(sync.items.find((i) => i.csoId === b2?.id)?.errorType).toBe(
      "CouldNotJoinDueToExistingJoin",
    );
    expect(lab.mvos()).toHaveLength(1);

    // Still refused on the next run (B2 changed, so it is processed again); the first join is untouched.
    lab.write(badge, [
      ["B1", "E1", "Sec", ""],
      ["B2", "E1", "Ops2", ""],
    ]);
    const again = await lab.importAndSync(badge, "deltaSync");
    expect(again.items.find((i) => i.csoId === b2?.id)?.errorType).toBe(
      "CouldNotJoinDueToExistingJoin",
    );
    expect(
      lab
        .csos(badge)
        .filter((c) => c.mvoId !== null)
        .map((c) => c.externalId),
    ).toEqual(["B1"]);
    expect(lab.mvo(ada?.id as number)?.attributes.department).toBe("Eng");
  });
});

describe("idempotence and change selection (invariants 14-16)", () => {
  async function withDirectory(): Promise<HrLab & { directory: LabSystem }> {
    const base = await hrLab(
      [
        hrRow("E1", "Ada", "Lovelace"),
        hrRow("E2", "Alan", "Turing", "Eng", "E1"),
        hrRow("E3", "Grace", "Hopper", "Navy", "E1"),
      ],
      {
        batchSize: 2,
      },
    );
    const directory = await base.lab.system("Directory", {
      columns: ["id", "dept", "manager"],
      mode: "bidirectional",
    });
    await base.lab.rule({
      name: "Directory out",
      connectedSystemId: directory.id,
      csObjectType: "person",
      mvObjectType: "person",
      direction: "outbound",
      provisionToSystem: true,
      flows: [
        flow("id", "employeeId"),
        flow("dept", "department"),
        flow("manager", "manager"),
      ],
    });
    return { ...base, directory };
  }

  it("14: a second full sync with no change writes no items, changes no identity and stages no pending export", async () => {
    const { lab, hr, hrRuleId, directory } = await withDirectory();
    const first = await lab.importAndSync(hr);
    expect(first.activity.counters.projected).toBe(3);
    const mvosBefore = lab.mvos();
    const pesBefore = lab.peRows(directory);
    expect(pesBefore).toHaveLength(3);

    const second = await lab.run(hr, "fullSync");
    expect(second.activity.status).toBe("complete");
    expect(second.items).toEqual([]);
    expect(lab.mvos()).toEqual(mvosBefore);
    expect(lab.peRows(directory)).toEqual(pesBefore);

    // With a configuration change the full sync re-evaluates every object: still no net change.
    const rule = await lab.env.call("syncRules.get", { id: hrRuleId });
    const { id: _id, systemName: _s, updatedAt: _u, ...body } = rule;
    await lab.env.call("syncRules.update", {
      id: hrRuleId,
      ...body,
      description: "touched",
    });
    const third = await lab.run(hr, "fullSync");
    expect(third.items).toEqual([]);
    expect(lab.mvos()).toEqual(mvosBefore);
    expect(lab.peRows(directory)).toEqual(pesBefore);

    // And after the export has been confirmed, syncing both systems again changes nothing either.
    await lab.run(directory, "export");
    await lab.run(directory, "import");
    expect(await lab.pendingExports(directory)).toEqual([]);
    const settled = lab.mvos();
    expect((await lab.run(hr, "fullSync")).items).toEqual([]);
    expect((await lab.run(directory, "fullSync")).items).toEqual([]);
    expect(lab.mvos()).toEqual(settled);
    expect(lab.peRows(directory)).toEqual([]);
  });

  it("15: the first delta behaves like a full sync; later deltas process exactly the objects imported since; an empty delta completes and advances the watermark", async () => {
    const { lab, hr } = await hrLab([
      hrRow("E1", "Ada", "Lovelace"),
      hrRow("E2", "Alan", "Turing"),
      hrRow("E3", "Grace", "Hopper"),
    ]);
    const first = await lab.importAndSync(hr, "deltaSync");
    expect(first.activity.counters.projected).toBe(3);
    expect(lab.mvos()).toHaveLength(3);
    const mark1 = lab.watermark(hr);
    expect(mark1).not.toBeNull();
    const before = lab.mvos();

    lab.write(hr, [
      hrRow("E1", "Ada", "Lovelace"),
      hrRow("E2", "Alan", "Turing", "Research"),
      hrRow("E3", "Grace", "Hopper"),
    ]);
    const delta = await lab.importAndSync(hr, "deltaSync");
    const e2 = lab.cso(hr, "E2");
    expect(delta.items.map((i) => i.csoId)).toEqual([e2?.id]);
    expect(delta.items[0]?.changeType).toBe("attributeFlow");
    expect(delta.activity.objectsToProcess).toBe(1);
    expect(lab.mvoWhere("employeeId", "E2")?.attributes.department).toBe(
      "Research",
    );
    const after = lab.mvos();
    for (const id of ["E1", "E3"]) {
      const mvoId = lab.cso(hr, id)?.mvoId;
      expect(after.find((m) => m.id === mvoId)).toEqual(
        before.find((m) => m.id === mvoId),
      );
    }
    const mark2 = lab.watermark(hr) as string;
    expect(mark2 > (mark1 as string)).toBe(true);

    const empty = await lab.run(hr, "deltaSync");
    expect(empty.activity.status).toBe("complete");
    expect(empty.items).toEqual([]);
    expect(lab.mvos()).toEqual(after);
    expect((lab.watermark(hr) as string) > mark2).toBe(true);
  });

  it("16: a priority reorder is applied to unchanged objects by the next full sync, not by a delta sync", async () => {
    const { lab, hr, hrRuleId } = await hrLab([
      hrRow("E1", "Ada", "Lovelace", "Eng"),
    ]);
    await lab.importAndSync(hr);
    const { badge, badgeRuleId } = await badgeSystem(lab, [
      ["B1", "E1", "Sec", ""],
    ]);
    await lab.importAndSync(badge);
    const ada = () => lab.mvoWhere("employeeId", "E1");
    expect(ada()?.attributes.department).toBe("Eng");
    expect(ada()?.contributors.department?.syncRuleId).toBe(hrRuleId);

    await lab.env.call("syncRules.setPriority", {
      mvObjectType: "person",
      attribute: "department",
      syncRuleIds: [badgeRuleId, hrRuleId],
    });
    const deltaHr = await lab.run(hr, "deltaSync");
    const deltaBadge = await lab.run(badge, "deltaSync");
    expect(deltaHr.items).toEqual([]);
    expect(deltaBadge.items).toEqual([]);
    expect(ada()?.attributes.department).toBe("Eng");

    const full = await lab.run(hr, "fullSync");
    expect(ada()?.attributes.department).toBe("Sec");
    expect(ada()?.contributors.department).toEqual({
      systemId: badge.id,
      syncRuleId: badgeRuleId,
    });
    expect(full.items).toHaveLength(1);
  });
});

describe("disconnection and scope (invariants 17, 18)", () => {
  it("17: an obsolete joined object: its values are removed or re-elected from the next contributor in the same run, and the link is broken", async () => {
    const { lab, hr } = await hrLab([hrRow("E1", "Ada", "Lovelace", "Eng")]);
    await lab.deletionRule("manual");
    await lab.importAndSync(hr);
    const { badge, badgeRuleId } = await badgeSystem(lab, [
      ["B1", "E1", "Sec", ""],
    ]);
    await lab.importAndSync(badge);
    const id = lab.mvoWhere("employeeId", "E1")?.id as number;
    expect(lab.mvo(id)?.attributes.department).toBe("Eng");
    const hrCso = lab.cso(hr, "E1");

    lab.write(hr, []);
    // An empty file obsoletes nothing (domain §15.2): keep one unrelated row.
    lab.write(hr, [hrRow("E7", "Other", "Person")]);
    const sync = await lab.importAndSync(hr, "deltaSync");

    const mvo = lab.mvo(id);
    expect(mvo).toBeDefined();
    expect(mvo?.attributes.department).toBe("Sec");
    expect(mvo?.contributors.department).toEqual({
      systemId: badge.id,
      syncRuleId: badgeRuleId,
    });
    expect(mvo?.attributes.firstName).toBeUndefined();
    expect(mvo?.attributes.lastName).toBeUndefined();
    expect(lab.cso(hr, "E1")).toBeUndefined();
    expect(lab.cso(badge, "B1")?.mvoId).toBe(id);
    expect(sync.items.find((i) => i.csoId === hrCso?.id)?.changeType).toBe(
      "disconnected",
    );
  });

  it("18: remainJoined keeps the link and stops flows when the object leaves scope", async () => {
    const { lab, hr } = await hrLab([hrRow("E1", "Ada", "Lovelace", "Eng")], {
      rule: {
        outOfScopeAction: "remainJoined",
        scoping: [
          {
            match: "all",
            criteria: [
              {
                attribute: "status",
                operator: "equals",
                value: "active",
                caseSensitive: true,
              },
            ],
            groups: [],
          },
        ],
      },
    });
    await lab.importAndSync(hr);
    const id = lab.mvoWhere("employeeId", "E1")?.id as number;

    lab.write(hr, [hrRow("E1", "Augusta", "Lovelace", "Eng", "", "inactive")]);
    await lab.importAndSync(hr, "deltaSync");

    expect(lab.cso(hr, "E1")?.mvoId).toBe(id);
    expect(lab.mvo(id)?.attributes.firstName).toBe("Ada");
  });

  it("18: disconnect breaks the link when the object leaves scope; the object stays in the connector space", async () => {
    const { lab, hr } = await hrLab([hrRow("E1", "Ada", "Lovelace", "Eng")], {
      rule: {
        outOfScopeAction: "disconnect",
        scoping: [
          {
            match: "all",
            criteria: [
              {
                attribute: "status",
                operator: "equals",
                value: "active",
                caseSensitive: true,
              },
            ],
            groups: [],
          },
        ],
      },
    });
    await lab.deletionRule("manual");
    await lab.importAndSync(hr);
    const id = lab.mvoWhere("employeeId", "E1")?.id as number;

    lab.write(hr, [hrRow("E1", "Augusta", "Lovelace", "Eng", "", "inactive")]);
    const sync = await lab.importAndSync(hr, "deltaSync");

    const cso = lab.cso(hr, "E1");
    expect(cso?.status).toBe("normal");
    expect(cso?.mvoId).toBeNull();
    expect(cso?.joinType).toBe("notJoined");
    expect(lab.mvo(id)?.attributes.firstName).toBeUndefined();
    expect(sync.items.find((i) => i.csoId === cso?.id)?.changeType).toBe(
      "disconnected",
    );
  });
});

describe("attribute priority (invariant 19)", () => {
  async function twoSources(
    hrDepartment: string,
    rule: Partial<SyncRuleInput> = {},
    status = "active",
  ) {
    const base = await hrLab(
      [hrRow("E1", "Ada", "Lovelace", hrDepartment, "", status)],
      { rule },
    );
    await base.lab.deletionRule("manual");
    await base.lab.importAndSync(base.hr);
    const { badge, badgeRuleId } = await badgeSystem(base.lab, [
      ["B1", "E1", "Sec", ""],
    ]);
    await base.lab.importAndSync(badge);
    const mvo = () => base.lab.mvoWhere("employeeId", "E1");
    return { ...base, badge, badgeRuleId, mvo };
  }

  it("the higher contributor with a value wins, whichever system syncs last", async () => {
    const { lab, hr, hrRuleId, badge, mvo } = await twoSources("Eng");
    expect(mvo()?.attributes.department).toBe("Eng");
    expect(mvo()?.contributors.department?.syncRuleId).toBe(hrRuleId);
    lab.write(badge, [["B1", "E1", "Sec2", ""]]);
    await lab.importAndSync(badge, "deltaSync");
    expect(mvo()?.attributes.department).toBe("Eng");
    await lab.run(hr, "fullSync");
    expect(mvo()?.attributes.department).toBe("Eng");
  });

  it("a higher contributor without a value falls through to the next one", async () => {
    const { lab, hr, badge, badgeRuleId, mvo } = await twoSources("");
    expect(mvo()?.attributes.department).toBe("Sec");
    expect(mvo()?.contributors.department).toEqual({
      systemId: badge.id,
      syncRuleId: badgeRuleId,
    });
    // The higher one gaining a value takes over; losing it again falls through again, in the same run.
    lab.write(hr, [hrRow("E1", "Ada", "Lovelace", "Eng")]);
    await lab.importAndSync(hr, "deltaSync");
    expect(mvo()?.attributes.department).toBe("Eng");
    lab.write(hr, [hrRow("E1", "Ada", "Lovelace", "")]);
    await lab.importAndSync(hr, "deltaSync");
    expect(mvo()?.attributes.department).toBe("Sec");
  });

  it("null-is-value on the higher contributor clears the attribute and stops the walk", async () => {
    const { lab, badge, mvo } = await twoSources("", {
      flows: [
        flow("employeeId", "id"),
        flow("firstName", "firstName"),
        flow("department", "department", { nullIsValue: true }),
      ],
    });
    expect(mvo()?.attributes.department).toBeUndefined();
    lab.write(badge, [["B1", "E1", "Sec2", ""]]);
    await lab.importAndSync(badge, "deltaSync");
    expect(mvo()?.attributes.department).toBeUndefined();
  });

  it("a disabled rule has no opinion", async () => {
    const { lab, hrRuleId, badge, badgeRuleId, mvo } = await twoSources("Eng");
    expect(mvo()?.attributes.department).toBe("Eng");
    const rule = await lab.env.call("syncRules.get", { id: hrRuleId });
    const { id: _id, systemName: _s, updatedAt: _u, ...body } = rule;
    await lab.env.call("syncRules.update", {
      id: hrRuleId,
      ...body,
      enabled: false,
    });
    await lab.run(badge, "fullSync");
    expect(mvo()?.attributes.department).toBe("Sec");
    expect(mvo()?.contributors.department?.syncRuleId).toBe(badgeRuleId);
  });

  const activeOnly: Partial<SyncRuleInput> = {
    outOfScopeAction: "remainJoined",
    scoping: [
      {
        match: "all",
        criteria: [
          {
            attribute: "status",
            operator: "equals",
            value: "active",
            caseSensitive: true,
          },
        ],
        groups: [],
      },
    ],
  };

  it("an out-of-scope contributor has no opinion", async () => {
    const { lab, hr, badge, badgeRuleId, mvo } = await twoSources(
      "Eng",
      activeOnly,
    );
    expect(mvo()?.attributes.department).toBe("Eng");
    lab.write(hr, [hrRow("E1", "Ada", "Lovelace", "Eng", "", "inactive")]);
    await lab.run(hr, "import");
    lab.write(badge, [["B1", "E1", "Sec2", ""]]);
    await lab.importAndSync(badge, "deltaSync");
    expect(mvo()?.attributes.department).toBe("Sec2");
    expect(mvo()?.contributors.department?.syncRuleId).toBe(badgeRuleId);
  });

  it("when the winner leaves scope (remain joined), the next contributor takes over in the same run (domain §4.7)", async () => {
    const { lab, hr, badgeRuleId, mvo } = await twoSources("Eng", activeOnly);
    expect(mvo()?.attributes.department).toBe("Eng");
    lab.write(hr, [hrRow("E1", "Ada", "Lovelace", "Eng", "", "inactive")]);
    await lab.importAndSync(hr, "deltaSync");
    expect(lab.cso(hr, "E1")?.mvoId).toBe(mvo()?.id);
    expect(mvo()?.attributes.department).toBe("Sec");
    expect(mvo()?.contributors.department?.syncRuleId).toBe(badgeRuleId);
  });
});

describe("flows (invariants 20-23)", () => {
  it("20: a multi-valued source with 2 values into a single-valued target flows nothing for it (MultiValuedToSingleValued); other attributes still flow", async () => {
    const lab = SyncLab.open();
    await lab.attributes(["employeeId", "firstName", "phone"]);
    const hr = await lab.system("HR", {
      columns: ["id", "firstName", "phones"],
    });
    await lab.setColumn(hr, "phones", { multiValued: true });
    await lab.rule({
      name: "HR in",
      connectedSystemId: hr.id,
      csObjectType: "person",
      mvObjectType: "person",
      direction: "inbound",
      projectToMetaverse: true,
      flows: [
        flow("employeeId", "id"),
        flow("phone", "phones"),
        flow("firstName", "firstName"),
      ],
    });
    lab.write(hr, [
      ["E1", "Ada", "111"],
      ["E2", "Alan", "333|444"],
    ]);
    const first = await lab.importAndSync(hr);
    expect(lab.mvoWhere("employeeId", "E1")?.attributes.phone).toBe("111");
    const e2 = lab.mvoWhere("employeeId", "E2");
    expect(e2?.attributes.phone).toBeUndefined();
    expect(e2?.attributes.firstName).toBe("Alan");
    expect(
      first.items.find((i) => i.csoId === lab.cso(hr, "E2")?.id)?.errorType,
    ).toBe("MultiValuedToSingleValued");

    lab.write(hr, [
      ["E1", "Augusta", "111|222"],
      ["E2", "Alan", "333|444"],
    ]);
    const second = await lab.importAndSync(hr, "deltaSync");
    const e1 = lab.mvoWhere("employeeId", "E1");
    expect(e1?.attributes.phone).toBe("111");
    expect(e1?.attributes.firstName).toBe("Augusta");
    const item = second.items.find((i) => i.csoId === lab.cso(hr, "E1")?.id);
    expect(item?.errorType).toBe("MultiValuedToSingleValued");
  });

  it("21: writeback: a value imported from a system and exported back to it unchanged stages no pending export", async () => {
    const { lab, hr } = await hrLab([
      hrRow("E1", "Ada", "Lovelace"),
      hrRow("E2", "Alan", "Turing"),
    ]);
    await lab.attributes(["email"]);
    await lab.importAndSync(hr);
    const directory = await lab.system("Directory", {
      columns: ["id", "mail"],
      mode: "bidirectional",
    });
    await lab.rule({
      name: "Directory in",
      connectedSystemId: directory.id,
      csObjectType: "person",
      mvObjectType: "person",
      direction: "inbound",
      matching: [{ sources: ["id"], target: "employeeId" }],
      flows: [flow("email", "mail")],
    });
    await lab.rule({
      name: "Directory out",
      connectedSystemId: directory.id,
      csObjectType: "person",
      mvObjectType: "person",
      direction: "outbound",
      flows: [flow("mail", "email")],
    });
    lab.write(directory, [
      ["E1", "ada@corp"],
      ["E2", "alan@corp"],
    ]);
    const sync = await lab.importAndSync(directory);
    expect(sync.activity.counters.joined).toBe(2);
    expect(lab.mvoWhere("employeeId", "E1")?.attributes.email).toBe("ada@corp");
    expect(lab.peRows(directory)).toEqual([]);

    lab.write(directory, [
      ["E1", "ada.l@corp"],
      ["E2", "alan@corp"],
    ]);
    const delta = await lab.importAndSync(directory, "deltaSync");
    expect(lab.mvoWhere("employeeId", "E1")?.attributes.email).toBe(
      "ada.l@corp",
    );
    expect(delta.activity.counters.pendingExports).toBe(0);
    expect(lab.peRows(directory)).toEqual([]);
  });

  it("22: a reference to an object on a later page resolves in the same run, with one item for the referencing object", async () => {
    const { lab, hr } = await hrLab(
      [
        hrRow("E1", "Ada", "Lovelace", "Eng", "E2"),
        hrRow("E2", "Alan", "Turing"),
        hrRow("E3", "Grace", "Hopper", "Eng", "E1"),
      ],
      { batchSize: 1 },
    );
    const sync = await lab.importAndSync(hr);
    const [e1, e2, e3] = ["E1", "E2", "E3"].map((id) =>
      lab.mvoWhere("employeeId", id),
    );
    expect(e1?.attributes.manager).toBe(e2?.id);
    expect(e3?.attributes.manager).toBe(e1?.id);
    const e1Cso = lab.cso(hr, "E1")?.id;
    expect(sync.items.filter((i) => i.csoId === e1Cso)).toHaveLength(1);
    expect(sync.items).toHaveLength(3);
    expect(sync.activity.warningMessage).toBeNull();

    // A reference changing to a new object further on: still one item each.
    lab.write(hr, [
      hrRow("E1", "Ada", "Lovelace", "Eng", "E2"),
      hrRow("E2", "Alan", "Turing"),
      hrRow("E3", "Grace", "Hopper", "Eng", "E4"),
      hrRow("E4", "Edsger", "Dijkstra"),
    ]);
    const delta = await lab.importAndSync(hr, "deltaSync");
    const e3Cso = lab.cso(hr, "E3")?.id;
    expect(lab.mvoWhere("employeeId", "E3")?.attributes.manager).toBe(
      lab.mvoWhere("employeeId", "E4")?.id,
    );
    expect(delta.items.filter((i) => i.csoId === e3Cso)).toHaveLength(1);
    expect(delta.items).toHaveLength(2);
  });

  it("§8.3: the activity counters include the reference flows made in the cross-page pass", async () => {
    const { lab, hr } = await hrLab(
      [hrRow("E1", "Ada", "Lovelace"), hrRow("E2", "Alan", "Turing")],
      { batchSize: 1 },
    );
    await lab.importAndSync(hr);
    lab.write(hr, [
      hrRow("E1", "Ada", "Lovelace", "Eng", "E3"),
      hrRow("E2", "Alan", "Turing"),
      hrRow("E3", "Edsger", "Dijkstra"),
    ]);
    const delta = await lab.importAndSync(hr, "deltaSync");
    expect(lab.mvoWhere("employeeId", "E1")?.attributes.manager).toBe(
      lab.mvoWhere("employeeId", "E3")?.id,
    );
    // E3 projected with 4 values on the last page; E1's manager flowed in the cross-page pass.
    expect(delta.activity.counters.attributeFlows).toBe(5);
  });

  it("23: scoping with no criteria includes everything", async () => {
    const { lab, hr } = await hrLab(
      [
        hrRow("E1", "Ada", "Lovelace", "Eng"),
        hrRow("E2", "Alan", "Turing", ""),
        hrRow("E3", "Grace", "Hopper", "Sales"),
      ],
      {
        rule: {
          scoping: [
            {
              match: "all",
              criteria: [],
              groups: [{ match: "any", criteria: [], groups: [] }],
            },
          ],
        },
      },
    );
    await lab.importAndSync(hr);
    expect(lab.mvos()).toHaveLength(3);
    expect(lab.csos(hr).every((c) => c.mvoId !== null)).toBe(true);
  });

  it("23: notEquals X is false for an object lacking the attribute (inbound and outbound scoping)", async () => {
    const { lab, hr } = await hrLab([
      hrRow("E1", "Ada", "Lovelace", "Eng"),
      hrRow("E2", "Alan", "Turing", ""),
      hrRow("E3", "Grace", "Hopper", "Sales"),
    ]);
    const notSales = (attribute: string) => [
      {
        match: "all" as const,
        criteria: [
          {
            attribute,
            operator: "notEquals" as const,
            value: "Sales",
            caseSensitive: true,
          },
        ],
        groups: [],
      },
    ];
    const directory = await lab.system("Directory", {
      columns: ["id", "dept"],
      mode: "bidirectional",
    });
    await lab.rule({
      name: "Directory out",
      connectedSystemId: directory.id,
      csObjectType: "person",
      mvObjectType: "person",
      direction: "outbound",
      provisionToSystem: true,
      scoping: notSales("department"),
      flows: [flow("id", "employeeId"), flow("dept", "department")],
    });
    await lab.importAndSync(hr);
    expect(lab.mvos()).toHaveLength(3);
    expect(lab.csos(directory).map((c) => c.externalId)).toEqual(["E1"]);

    const badge = await lab.system("Badge", {
      columns: BADGE_COLUMNS,
      rows: [
        ["B1", "X1", "Eng", ""],
        ["B2", "X2", "", ""],
        ["B3", "X3", "Sales", ""],
      ],
    });
    await lab.rule({
      name: "Badge in",
      connectedSystemId: badge.id,
      csObjectType: "person",
      mvObjectType: "person",
      direction: "inbound",
      projectToMetaverse: true,
      scoping: notSales("department"),
      flows: [flow("employeeId", "empNo")],
    });
    await lab.importAndSync(badge);
    expect(
      lab
        .csos(badge)
        .filter((c) => c.mvoId !== null)
        .map((c) => c.externalId),
    ).toEqual(["B1"]);
    expect(lab.mvos()).toHaveLength(4);
  });
});

describe("expression flows (domain §13.3, §13.4)", () => {
  async function expressionLab(flows: SyncRuleInput["flows"]) {
    const lab = SyncLab.open();
    await lab.attributes([
      "employeeId",
      "firstName",
      "nickname",
      "title",
      ["score", "integer"],
    ]);
    const hr = await lab.system("HR", {
      columns: ["id", "firstName", "nick", "title", "divisor"],
    });
    await lab.setColumn(hr, "divisor", { type: "integer" });
    await lab.rule({
      name: "HR in",
      connectedSystemId: hr.id,
      csObjectType: "person",
      mvObjectType: "person",
      direction: "inbound",
      projectToMetaverse: true,
      flows,
    });
    return { lab, hr, mvo: () => lab.mvoWhere("employeeId", "E1") };
  }

  it("failMapping keeps the target value (ExpressionMissingInput), contributeNoValue clears, an evaluation error never clears", async () => {
    const { lab, hr, mvo } = await expressionLab([
      flow("employeeId", "id"),
      flow("firstName", "firstName"),
      expr("nickname", 'Upper(cs["nick"])', "failMapping"),
      expr("title", 'cs["title"] + "!"', "contributeNoValue"),
      expr("score", '100 / cs["divisor"]'),
    ]);
    lab.write(hr, [["E1", "Ada", "ada", "Dr", "4"]]);
    const first = await lab.importAndSync(hr);
    expect(first.activity.status).toBe("complete");
    expect(mvo()?.attributes).toMatchObject({
      firstName: "Ada",
      nickname: "ADA",
      title: "Dr!",
      score: 25,
    });

    lab.write(hr, [["E1", "Augusta", "", "", "0"]]);
    const second = await lab.importAndSync(hr, "deltaSync");
    const attributes = mvo()?.attributes;
    expect(attributes?.firstName).toBe("Augusta");
    expect(attributes?.nickname).toBe("ADA");
    expect(attributes?.title).toBeUndefined();
    expect(attributes?.score).toBe(25);
    const item = second.items[0];
    expect(item?.errorType).toBe("ExpressionMissingInput");
    expect(item?.errorMessage).toMatch(/nickname/);
    expect(item?.errorMessage).toMatch(/score/);
    expect(second.activity.status).toBe("completeWithError");
  });

  it("failObject: nothing of the rule flows for the object when an input is missing (ExpressionMissingInput)", async () => {
    const { lab, hr, mvo } = await expressionLab([
      flow("employeeId", "id"),
      flow("firstName", "firstName"),
      expr("nickname", 'Upper(cs["nick"])', "failObject"),
    ]);
    lab.write(hr, [["E1", "Ada", "ada", "", ""]]);
    await lab.importAndSync(hr);
    expect(mvo()?.attributes).toMatchObject({
      firstName: "Ada",
      nickname: "ADA",
    });

    lab.write(hr, [["E1", "Augusta", "", "", ""]]);
    const second = await lab.importAndSync(hr, "deltaSync");
    expect(second.items[0]?.errorType).toBe("ExpressionMissingInput");
    expect(mvo()?.attributes.nickname).toBe("ADA");
    // The rule's other flows must not have flowed either (domain §13.4; flow-values.ts says the same).
    expect(mvo()?.attributes.firstName).toBe("Ada");
  });
});

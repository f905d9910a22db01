import { describe, expect, it } from "vitest";
import { DEFAULT_CHANGE_TYPE_COLUMN, type ConnectedSystem } from "../../src/shared/model";
import { EMPTY_SYSTEM_FORM, formFromSystem, settingsInput } from "../../src/renderer/src/features/systems/system-form-state";

// Issue #10 §2: no form shows an internal name such as `_changeType` as a value the admin typed.

const system = (changeTypeColumn: string): ConnectedSystem =>
  ({
    id: 1,
    name: "HR",
    description: "",
    connectorType: "file",
    createdAt: "2026-01-01T00:00:00.000Z",
    settings: {
      filePath: "/data/hr.csv",
      delimiter: ",",
      multiValueDelimiter: "|",
      encoding: "utf-8",
      objectType: "person",
      objectTypeColumn: null,
      externalIdColumn: "id",
      mode: "importOnly",
      changeTypeColumn,
    },
    objectTypes: [],
  }) as unknown as ConnectedSystem;

describe("the change-type column field", () => {
  it("starts empty on a new system and leaves the default to the server", () => {
    expect(EMPTY_SYSTEM_FORM.changeTypeColumn).toBe("");
    expect(settingsInput(EMPTY_SYSTEM_FORM)).not.toHaveProperty("changeTypeColumn");
  });

  it("is empty for a system on the default column, and keeps a column the admin chose", () => {
    expect(formFromSystem(system(DEFAULT_CHANGE_TYPE_COLUMN)).changeTypeColumn).toBe("");
    expect(formFromSystem(system("action")).changeTypeColumn).toBe("action");
    expect(settingsInput(formFromSystem(system("action"))).changeTypeColumn).toBe("action");
  });
});

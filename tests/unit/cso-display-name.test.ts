import { describe, expect, it } from "vitest";
import { displayNameOf } from "../../src/renderer/src/features/connector-space/cso-format";

// Issue #10 §2: the connector space's "Display name" column was empty for an HR extract.

describe("displayNameOf", () => {
  it("uses the display attribute when there is one", () => {
    expect(displayNameOf({ employeeId: "E1", DisplayName: "Ada L.", firstName: "Ada" })).toBe("Ada L.");
  });

  it("falls back to given name and surname", () => {
    expect(displayNameOf({ employeeId: "E1", firstName: "Ada", lastName: "Lovelace" })).toBe("Ada Lovelace");
    expect(displayNameOf({ givenName: ["Grace"], sn: "Hopper" })).toBe("Grace Hopper");
  });

  it("skips an empty display attribute and is empty when nothing names the object", () => {
    expect(displayNameOf({ displayName: " ", firstName: "Alan", surname: "Turing" })).toBe("Alan Turing");
    expect(displayNameOf({ id: "E9", department: "Sales" })).toBe("");
  });
});

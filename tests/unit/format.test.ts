import { describe, expect, it } from "vitest";
import { formatDateTime, formatNumber, pluralise } from "../../src/renderer/src/components/format";

// Issue #10 §2: "1 attributes" → "1 attribute"; dates and numbers in the user's locale.

describe("pluralise", () => {
  it("uses the singular for one and the plural otherwise", () => {
    expect(pluralise(1, "attribute")).toBe("1 attribute");
    expect(pluralise(0, "attribute")).toBe("0 attributes");
    expect(pluralise(2, "activity", "activities")).toBe("2 activities");
  });

  it("formats the count like every other number", () => {
    expect(pluralise(12345, "object")).toBe(`${formatNumber(12345)} objects`);
  });
});

describe("formatDateTime", () => {
  it("follows the user's locale through Intl, not a fixed format", () => {
    const iso = "2026-03-04T05:06:07.000Z";
    const expected = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" }).format(new Date(iso));
    expect(formatDateTime(iso)).toBe(expected);
    expect(formatDateTime(null)).toBe("—");
    expect(formatDateTime("not a date")).toBe("not a date");
  });
});

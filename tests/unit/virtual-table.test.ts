import { createElement, type ComponentType } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

// Issue #10 §2: no column header is truncated without a tooltip holding the whole text.

interface Row {
  id: number;
}

// The component is TSX, which this test project's typecheck (no JSX) does not compile: load it by a
// path the checker leaves alone, with the props this test uses spelled out.
const TABLE_MODULE = "../../src/renderer/src/components/virtual-table";
interface TableProps {
  testId: string;
  columns: { key: string; header: string; width: number; render(row: Row): string }[];
  fetchPage(offset: number, limit: number): Promise<{ rows: Row[]; total: number }>;
  getRowKey(row: Row): number;
  height: number;
  countNoun: readonly [string, string];
  total?: number;
  emptyText: string;
}

describe("VirtualTable", () => {
  it("gives every column header its full text as a tooltip", async () => {
    const { VirtualTable } = (await import(/* @vite-ignore */ TABLE_MODULE)) as { VirtualTable: ComponentType<TableProps> };
    const html = renderToStaticMarkup(
      createElement(VirtualTable, {
        testId: "t",
        columns: [{ key: "id", header: "External identifier of the object", width: 60, render: (r) => String(r.id) }],
        fetchPage: () => Promise.resolve({ rows: [], total: 0 }),
        getRowKey: (r) => r.id,
        height: 300,
        countNoun: ["row", "rows"],
        emptyText: "none",
      }),
    );
    expect(html).toMatch(/role="columnheader" title="External identifier of the object"/);
  });

  it("says a count in the right number: 1 activity, 2 activities", async () => {
    const { VirtualTable } = (await import(/* @vite-ignore */ TABLE_MODULE)) as { VirtualTable: ComponentType<TableProps> };
    const render = (total: number): string =>
      renderToStaticMarkup(
        createElement(VirtualTable, {
          testId: "t",
          columns: [{ key: "id", header: "ID", width: 60, render: (r) => String(r.id) }],
          fetchPage: () => Promise.resolve({ rows: [], total }),
          getRowKey: (r) => r.id,
          height: 300,
          countNoun: ["activity", "activities"],
          emptyText: "none",
          total,
        }),
      );
    expect(render(1)).toContain("1 activity<");
    expect(render(2)).toContain("2 activities<");
  });
});

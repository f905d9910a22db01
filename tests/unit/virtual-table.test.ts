import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { VirtualTable, type VirtualColumn } from "../../src/renderer/src/components/virtual-table";

// Issue #10 §2: no column header is truncated without a tooltip holding the whole text.

describe("VirtualTable", () => {
  it("gives every column header its full text as a tooltip", () => {
    const columns: VirtualColumn<{ id: number }>[] = [
      { key: "id", header: "External identifier of the object", width: 60, render: (r) => String(r.id) },
    ];
    const html = renderToStaticMarkup(
      createElement(VirtualTable<{ id: number }>, {
        testId: "t",
        columns,
        fetchPage: () => Promise.resolve({ rows: [], total: 0 }),
        getRowKey: (r: { id: number }) => r.id,
        height: 300,
        countNoun: "rows",
        emptyText: "none",
      }),
    );
    expect(html).toMatch(/role="columnheader" title="External identifier of the object"/);
  });
});

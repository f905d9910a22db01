import { stringify } from 'csv-stringify/browser/esm/sync';
import type { InputOf } from '../../../../shared/contract';
import { MV_EXPORT_LIMIT } from '../../../../shared/model/drill-down';
import type { MetaverseObjectSummary } from '../../../../shared/model/index';
import { api } from '../../api/client';
import { valueOf } from './mv-format';

const PAGE = 1000;

export interface ExportResult {
  rows: number;
  /** More objects matched than one export holds. */
  truncated: boolean;
}

/** Every object of the current search (up to MV_EXPORT_LIMIT), fetched page by page. */
async function fetchAll(search: Omit<InputOf<'metaverse.search'>, 'offset' | 'limit'>): Promise<{ rows: MetaverseObjectSummary[]; total: number }> {
  const first = await api.call('metaverse.search', { ...search, offset: 0, limit: PAGE });
  const rows: MetaverseObjectSummary[] = [...first.rows];
  const wanted = Math.min(first.total, MV_EXPORT_LIMIT);
  while (rows.length < wanted) {
    const page = await api.call('metaverse.search', { ...search, offset: rows.length, limit: PAGE });
    // Objects deleted while paging shorten the result: stop rather than ask for pages that are not there.
    if (page.rows.length === 0) break;
    rows.push(...page.rows);
  }
  return { rows: rows.slice(0, MV_EXPORT_LIMIT), total: first.total };
}

/** The search's results as CSV with the columns on screen; multi-valued attributes join their values with "|". */
export async function exportSearchCsv(
  search: Omit<InputOf<'metaverse.search'>, 'offset' | 'limit'>,
  columns: string[],
): Promise<ExportResult> {
  const { rows, total } = await fetchAll(search);
  const cell = (value: unknown): string => (Array.isArray(value) ? value.map(String).join('|') : value === undefined ? '' : String(value));
  const csv = stringify(
    rows.map((o) => [o.id, o.objectType, o.displayName, ...columns.map((name) => cell(valueOf(o.attributes, name)))]),
    { header: true, columns: ['id', 'objectType', 'displayName', ...columns] },
  );
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `metaverse-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.csv`;
  link.click();
  // Revoked later: some browsers start the download only after the click handler returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { rows: rows.length, truncated: total > rows.length };
}

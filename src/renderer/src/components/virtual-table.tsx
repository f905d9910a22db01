import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { SxProps, Theme } from '@mui/material/styles';
import type { Page } from '../../../shared/model/index';
import { errorMessage } from '../api/client';
import { pluralise } from './format';

export interface VirtualColumn<T> {
  key: string;
  header: string;
  /** Fixed width in px; otherwise the column shares the remaining space by `flex`. */
  width?: number;
  flex?: number;
  align?: 'left' | 'right' | 'center';
  render(row: T): ReactNode;
}

export interface VirtualTableProps<T> {
  columns: VirtualColumn<T>[];
  /** Changing the identity of this function (new filters) drops the cache and starts over. */
  fetchPage(offset: number, limit: number): Promise<Page<T>>;
  /** Bump to reload from the server with unchanged filters. */
  refreshKey?: number;
  /** A total known before the first page answers (e.g. from counters), to size the scrollbar early. */
  total?: number;
  getRowKey(row: T): string | number;
  onRowClick?(row: T): void;
  rowTestId?: string;
  testId?: string;
  height?: number | string;
  rowHeight?: number;
  emptyText?: string;
  /** Noun for the row count, singular and plural (["object", "objects"]): "1 object", "2 objects". */
  countNoun?: readonly [one: string, other: string];
  /** Content under a row, such as its child rows; only rows it returns content for grow beyond rowHeight. */
  renderExpansion?(row: T, subRow: SubRowRenderer<T>): ReactNode;
}

/** Renders a row in the table's own grid, for child rows shown inside an expansion. */
export type SubRowRenderer<T> = (
  row: T,
  options: { key: string | number; testId?: string; indentColumn?: string; indent?: number },
) => ReactNode;

const PAGE_SIZE = 200;

export function VirtualTable<T>(props: VirtualTableProps<T>) {
  const {
    columns,
    fetchPage,
    refreshKey,
    getRowKey,
    onRowClick,
    rowTestId,
    testId,
    emptyText,
    countNoun = ['row', 'rows'],
    renderExpansion,
  } = props;
  const rowHeight = props.rowHeight ?? 36;
  const scrollRef = useRef<HTMLDivElement>(null);
  const pagesRef = useRef(new Map<number, T[]>());
  const inflightRef = useRef(new Set<number>());
  const generationRef = useRef(0);
  const totalHintRef = useRef(props.total);
  const [total, setTotal] = useState<number | null>(props.total ?? null);
  const [, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const loadPage = useCallback(
    (index: number) => {
      if (pagesRef.current.has(index) || inflightRef.current.has(index)) return;
      const generation = generationRef.current;
      inflightRef.current.add(index);
      fetchPage(index * PAGE_SIZE, PAGE_SIZE).then(
        (page) => {
          if (generation !== generationRef.current) return;
          inflightRef.current.delete(index);
          pagesRef.current.set(index, page.rows);
          setTotal(page.total);
          setVersion((v) => v + 1);
        },
        (err: unknown) => {
          if (generation !== generationRef.current) return;
          inflightRef.current.delete(index);
          setError(errorMessage(err));
        },
      );
    },
    [fetchPage],
  );

  useEffect(() => {
    generationRef.current += 1;
    pagesRef.current = new Map();
    inflightRef.current = new Set();
    setTotal(totalHintRef.current ?? null);
    setError(null);
    scrollRef.current?.scrollTo({ top: 0 });
    loadPage(0);
  }, [loadPage, refreshKey]);

  // TanStack Virtual re-renders through its own state; this component opts out of memoisation.
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 15,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    const lastPage = Math.floor(lastIndex / PAGE_SIZE);
    for (let page = Math.floor(firstIndex / PAGE_SIZE); page <= lastPage; page++) loadPage(page);
  }, [firstIndex, lastIndex, loadPage]);

  const template = columns
    .map((c) => (c.width !== undefined ? `${c.width}px` : `minmax(80px, ${c.flex ?? 1}fr)`))
    .join(' ');
  // Below this width the columns stop shrinking and the table scrolls sideways instead.
  const minWidth = columns.reduce((sum, c) => sum + (c.width ?? 80), 0);
  const rowAt = (index: number): T | undefined =>
    pagesRef.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  const cellSx = { px: 1.5, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;
  const rowSx = {
    height: rowHeight,
    display: 'grid',
    gridTemplateColumns: template,
    alignItems: 'center',
    borderBottom: 1,
    borderColor: 'divider',
    fontSize: '0.8125rem',
    cursor: onRowClick ? 'pointer' : 'default',
    '&:hover': onRowClick ? { bgcolor: 'action.hover' } : undefined,
  } as const;
  const subRow: SubRowRenderer<T> = (child, { key, testId: childTestId, indentColumn, indent = 0 }) => (
    <Box
      key={key}
      role="row"
      data-testid={childTestId}
      onClick={onRowClick ? () => onRowClick(child) : undefined}
      sx={{ ...rowSx, bgcolor: 'action.selected' }}
    >
      {columns.map((c) => (
        <TextCell key={c.key} sx={{ ...cellSx, textAlign: c.align ?? 'left', pl: c.key === indentColumn ? 1.5 + indent : 1.5 }}>
          {c.render(child)}
        </TextCell>
      ))}
    </Box>
  );

  return (
    <Box data-testid={testId} sx={{ display: 'flex', flexDirection: 'column', minHeight: 0 }}>
      {error && (
        <Alert severity="error" sx={{ mb: 1 }}>
          {error}
        </Alert>
      )}
      <Box
        ref={scrollRef}
        role="table"
        sx={{
          height: props.height ?? 480,
          overflow: 'auto',
          border: 1,
          borderColor: 'divider',
          borderRadius: 1,
          bgcolor: 'background.paper',
        }}
      >
        <Box
          role="row"
          sx={{
            display: 'grid',
            gridTemplateColumns: template,
            position: 'sticky',
            top: 0,
            minWidth,
            zIndex: 1,
            height: rowHeight,
            alignItems: 'center',
            bgcolor: 'background.paper',
            borderBottom: 1,
            borderColor: 'divider',
            fontWeight: 600,
            fontSize: '0.8125rem',
          }}
        >
          {columns.map((c) => (
            <Box key={c.key} role="columnheader" title={c.header} sx={{ ...cellSx, textAlign: c.align ?? 'left' }}>
              {c.header}
            </Box>
          ))}
        </Box>
        {total === null && !error && <LinearProgress />}
        {total === 0 && (
          <Typography color="text.secondary" sx={{ p: 4, textAlign: 'center' }} data-testid="table-empty">
            {emptyText ?? 'Nothing to show'}
          </Typography>
        )}
        <Box sx={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            const expansion = row !== undefined && renderExpansion ? renderExpansion(row, subRow) : null;
            return (
              <Box
                key={row === undefined ? `loading-${item.index}` : getRowKey(row)}
                data-index={item.index}
                // Only expandable tables are measured; fixed rows keep the cheaper estimate.
                ref={renderExpansion ? virtualizer.measureElement : undefined}
                sx={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}
              >
                <Box
                  role="row"
                  data-testid={row === undefined ? 'table-loading-row' : rowTestId}
                  data-index={item.index}
                  onClick={row !== undefined && onRowClick ? () => onRowClick(row) : undefined}
                  sx={row === undefined ? { ...rowSx, cursor: 'default', '&:hover': undefined } : rowSx}
                >
                  {columns.map((c) => (
                    <TextCell key={c.key} sx={{ ...cellSx, textAlign: c.align ?? 'left' }}>
                      {row === undefined ? <Skeleton width="70%" /> : c.render(row)}
                    </TextCell>
                  ))}
                </Box>
                {expansion}
              </Box>
            );
          })}
        </Box>
      </Box>
      <Typography
        variant="caption"
        color="text.secondary"
        sx={{ mt: 0.5 }}
        data-testid={testId ? `${testId}-count` : undefined}
      >
        {total === null ? 'Loading…' : pluralise(total, ...countNoun)}
      </Typography>
    </Box>
  );
}

/** A cell clipped with an ellipsis keeps its whole text as a tooltip (plain text content only; rich cells set their own). */
function TextCell({ sx, children }: { sx: SxProps<Theme>; children: ReactNode }) {
  const title = typeof children === 'string' || typeof children === 'number' ? String(children) : undefined;
  return (
    <Box role="cell" title={title} sx={sx}>
      {children}
    </Box>
  );
}

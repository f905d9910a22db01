import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { CHANGE_TYPES, COUNTER_LABELS, ERROR_TYPES } from '../../../../shared/model/index';
import type { ActivitySummary, ErrorType, ExecutionItem } from '../../../../shared/model/index';
import { isItemCounter } from '../../../../shared/model/drill-down';
import type { ItemCounter } from '../../../../shared/model/drill-down';
import { api } from '../../api/client';
import { NativeSelectField } from '../../components/native-select';
import { testIdAttr } from '../../components/test-id';
import { useDebounced } from '../../components/use-debounced';
import { VirtualTable } from '../../components/virtual-table';
import type { VirtualColumn } from '../../components/virtual-table';
import { CHANGE_TYPE_LABELS, ChangeTypeChip } from './change-type-chip';
import { ErrorTypeCounts } from './error-type-counts';
import { ExecutionItemDetail } from './execution-item-detail';

type ChangeFilter = 'all' | (typeof CHANGE_TYPES)[number];

const CHANGE_FILTER_LABELS: Record<ChangeFilter, string> = { ...CHANGE_TYPE_LABELS, all: 'All changes' };

const COLUMNS: VirtualColumn<ExecutionItem>[] = [
  { key: 'row', header: 'Row', width: 80, align: 'right', render: (i) => (i.rowNumber === null ? '' : i.rowNumber) },
  { key: 'externalId', header: 'External ID', flex: 1.5, render: (i) => i.externalId ?? '—' },
  { key: 'objectType', header: 'Object type', flex: 1, render: (i) => i.objectType ?? '—' },
  { key: 'change', header: 'Change', width: 140, render: (i) => <ChangeTypeChip changeType={i.changeType} /> },
  {
    key: 'outcome',
    header: 'Outcome',
    flex: 2.5,
    render: (i) => <span title={i.outcome ?? undefined}>{i.outcome ?? ''}</span>,
  },
  {
    key: 'attributes',
    header: 'Attributes',
    flex: 1.5,
    render: (i) => i.attributeChanges.map((c) => c.name).join(', '),
  },
  {
    key: 'error',
    header: 'Error',
    flex: 2,
    render: (i) =>
      i.errorType ? (
        <Typography variant="body2" color="error" component="span" title={i.errorMessage ?? undefined}>
          {i.errorType}
        </Typography>
      ) : (
        ''
      ),
  },
];

/** The list's filters as the URL holds them; anything unknown there is ignored rather than sent. */
interface ItemFilters {
  counter: ItemCounter | null;
  errorType: ErrorType | null;
  changeType: ChangeFilter;
  errorsOnly: boolean;
  search: string;
}

function readFilters(params: URLSearchParams): ItemFilters {
  const counter = params.get('counter') ?? '';
  const errorType = params.get('errorType') ?? '';
  const change = params.get('change') ?? 'all';
  return {
    counter: isItemCounter(counter) ? counter : null,
    errorType: (ERROR_TYPES as readonly string[]).includes(errorType) ? (errorType as ErrorType) : null,
    changeType: (CHANGE_TYPES as readonly string[]).includes(change) ? (change as ChangeFilter) : 'all',
    errorsOnly: params.get('errors') === '1',
    search: params.get('q') ?? '',
  };
}

export function ExecutionItems({ activity }: { activity: ActivitySummary }) {
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const { counter, errorType } = filters;
  // The router applies URL changes in a transition, so a controlled switch or select bound to the
  // URL alone would snap back for a moment after each click: they show local state, which follows
  // the URL whenever the URL changes (back, a link).
  const [changeType, setChangeType] = useState(filters.changeType);
  const [errorsOnly, setErrorsOnly] = useState(filters.errorsOnly);
  const [seen, setSeen] = useState({ changeType: filters.changeType, errorsOnly: filters.errorsOnly });
  if (seen.changeType !== filters.changeType || seen.errorsOnly !== filters.errorsOnly) {
    setSeen({ changeType: filters.changeType, errorsOnly: filters.errorsOnly });
    setChangeType(filters.changeType);
    setErrorsOnly(filters.errorsOnly);
  }
  const [searchText, setSearchText] = useState(filters.search);
  const search = useDebounced(searchText.trim(), 300);
  const [selected, setSelected] = useState<ExecutionItem | null>(null);
  const heading = useRef<HTMLDivElement>(null);

  // Tweaking a filter replaces the URL's entry; arriving from a counter pushed one, so "back" returns.
  const setParam = useCallback(
    (name: string, value: string | null) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (value === null) next.delete(name);
          else next.set(name, value);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  useEffect(() => {
    if (search !== (params.get('q') ?? '')) setParam('q', search || null);
  }, [search, params, setParam]);
  // A counter or error type opened from elsewhere lands on the list, not on the panel's top.
  useEffect(() => {
    if (counter || errorType) heading.current?.scrollIntoView?.({ block: 'start' });
  }, [counter, errorType]);

  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      api.call('activities.items', {
        activityId: activity.id,
        offset,
        limit,
        ...(changeType === 'all' ? {} : { changeType }),
        ...(errorsOnly ? { errorsOnly } : {}),
        ...(counter ? { counter } : {}),
        ...(errorType ? { errorType } : {}),
        ...(search ? { search } : {}),
      }),
    [activity.id, changeType, errorsOnly, counter, errorType, search],
  );
  const filtered = changeType !== 'all' || errorsOnly || counter !== null || errorType !== null || search !== '';

  return (
    <Stack spacing={1.5}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }} ref={heading}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600, flexGrow: 1 }}>
          Execution items
        </Typography>
        {counter && (
          <Chip
            label={`Counter: ${COUNTER_LABELS[counter]}`}
            onDelete={() => setParam('counter', null)}
            color="primary"
            variant="outlined"
            data-testid="items-filter-counter"
          />
        )}
        {errorType && (
          <Chip
            label={`Error type: ${errorType}`}
            onDelete={() => setParam('errorType', null)}
            color="error"
            variant="outlined"
            data-testid="items-filter-error-type"
          />
        )}
        <NativeSelectField
          label="Change"
          value={changeType}
          onChange={(v) => {
            setChangeType(v as ChangeFilter);
            setParam('change', v === 'all' ? null : v);
          }}
          testId="items-filter-change"
          minWidth={170}
        >
          {(['all', ...CHANGE_TYPES] as const).map((c) => (
            <option key={c} value={c}>
              {CHANGE_FILTER_LABELS[c]}
            </option>
          ))}
        </NativeSelectField>
        <FormControlLabel
          label="Errors only"
          control={
            <Switch
              checked={errorsOnly}
              onChange={(e) => {
                setErrorsOnly(e.target.checked);
                setParam('errors', e.target.checked ? '1' : null);
              }}
              slotProps={{ input: { 'aria-label': 'Errors only', ...testIdAttr('items-errors-only') } }}
            />
          }
        />
        <TextField
          label="Search"
          placeholder="External ID or value"
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'items-search', maxLength: 200 } }}
          sx={{ width: 240 }}
        />
      </Stack>
      {activity.counters.errors > 0 && <ErrorTypeCounts activityId={activity.id} active={errorType} />}
      <VirtualTable
        testId="execution-items"
        columns={COLUMNS}
        fetchPage={fetchPage}
        getRowKey={(i) => i.id}
        onRowClick={(row) => setSelected(row)}
        rowTestId="execution-item-row"
        height={420}
        countNoun={['item', 'items']}
        emptyText={filtered ? 'No items match these filters.' : 'This run recorded no changes or errors.'}
      />
      <ExecutionItemDetail item={selected} systemId={activity.connectedSystemId} onClose={() => setSelected(null)} />
    </Stack>
  );
}

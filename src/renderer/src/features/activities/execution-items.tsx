import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCallback, useState } from 'react';
import { CHANGE_TYPES } from '../../../../shared/model/index';
import type { ActivitySummary, ExecutionItem } from '../../../../shared/model/index';
import { api } from '../../api/client';
import { NativeSelectField } from '../../components/native-select';
import { testIdAttr } from '../../components/test-id';
import { useDebounced } from '../../components/use-debounced';
import { VirtualTable } from '../../components/virtual-table';
import type { VirtualColumn } from '../../components/virtual-table';
import { CHANGE_TYPE_LABELS, ChangeTypeChip } from './change-type-chip';
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

export function ExecutionItems({ activity }: { activity: ActivitySummary }) {
  const [changeType, setChangeType] = useState<ChangeFilter>('all');
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText.trim(), 300);
  const [selected, setSelected] = useState<ExecutionItem | null>(null);

  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      api.call('activities.items', {
        activityId: activity.id,
        offset,
        limit,
        ...(changeType === 'all' ? {} : { changeType }),
        ...(errorsOnly ? { errorsOnly } : {}),
        ...(search ? { search } : {}),
      }),
    [activity.id, changeType, errorsOnly, search],
  );

  return (
    <Stack spacing={1.5}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600, flexGrow: 1 }}>
          Execution items
        </Typography>
        <NativeSelectField
          label="Change"
          value={changeType}
          onChange={(v) => setChangeType(v as ChangeFilter)}
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
              onChange={(e) => setErrorsOnly(e.target.checked)}
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
      <VirtualTable
        testId="execution-items"
        columns={COLUMNS}
        fetchPage={fetchPage}
        getRowKey={(i) => i.id}
        onRowClick={(row) => setSelected(row)}
        rowTestId="execution-item-row"
        height={420}
        countNoun="items"
        emptyText={
          changeType === 'all' && !errorsOnly && !search
            ? 'This run recorded no changes or errors.'
            : 'No items match these filters.'
        }
      />
      <ExecutionItemDetail item={selected} systemId={activity.connectedSystemId} onClose={() => setSelected(null)} />
    </Stack>
  );
}

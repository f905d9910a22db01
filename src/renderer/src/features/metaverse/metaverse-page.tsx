import AddIcon from '@mui/icons-material/Add';
import DownloadIcon from '@mui/icons-material/Download';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCallback, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import type { MetaverseObjectSummary } from '../../../../shared/model/index';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { formatDateTime, formatNumber } from '../../components/format';
import { NativeSelectField } from '../../components/native-select';
import { useDebounced } from '../../components/use-debounced';
import { summariseValue } from '../../components/value-view';
import { VirtualTable } from '../../components/virtual-table';
import type { VirtualColumn } from '../../components/virtual-table';
import { ColumnChooser } from './mv-column-chooser';
import { useChosenColumns } from './mv-columns';
import { ConditionFields } from './mv-conditions';
import { exportSearchCsv } from './mv-export';
import { attributesFor, keyAttributes, valueOf } from './mv-format';
import { isComplete, useMvSearchStore } from './mv-search-store';
import type { WhereRow } from './mv-search-store';

const MAX_WHERE = 20;

function columnsFor(keys: string[]): VirtualColumn<MetaverseObjectSummary>[] {
  return [
    {
      key: 'displayName',
      header: 'Display name',
      flex: 2,
      render: (o) => (
        <Typography variant="body2" component="span" sx={{ fontWeight: 600 }}>
          {o.displayName || `#${o.id}`}
        </Typography>
      ),
    },
    { key: 'type', header: 'Type', width: 110, render: (o) => o.objectType },
    ...keys.map((name): VirtualColumn<MetaverseObjectSummary> => ({
      key: `attr-${name}`,
      header: name,
      flex: 1.5,
      render: (o) => summariseValue(valueOf(o.attributes, name)),
    })),
    {
      key: 'updated',
      header: 'Last updated',
      width: 190,
      render: (o) => formatDateTime(o.lastUpdatedAt ?? o.createdAt),
    },
    {
      key: 'deletionDue',
      header: 'Deletion due',
      width: 190,
      render: (o) =>
        o.deletionDueAt ? (
          <Typography variant="body2" component="span" color="warning.main" data-testid="mv-row-deletion-due">
            {formatDateTime(o.deletionDueAt)}
          </Typography>
        ) : (
          ''
        ),
    },
  ];
}

export function MetaversePage() {
  const navigate = useNavigate();
  const schema = useQuery(() => api.call('metaverse.schema', {}), 'mv-schema');
  const { objectType, where, text, set } = useMvSearchStore();
  const [chosenColumns, chooseColumns] = useChosenColumns();
  const [exporting, setExporting] = useState(false);
  const [exportNote, setExportNote] = useState<{ severity: 'success' | 'warning' | 'error'; text: string } | null>(null);
  // Debounce a serialised key, so that a half-filled row (ignored anyway) does not reload the table.
  const searchKey = useDebounced(
    JSON.stringify({
      text: text.trim(),
      where: where.filter(isComplete).map(({ attribute, operator, value }) => ({ attribute, operator, value })),
    }),
    300,
  );
  const search = useMemo(() => JSON.parse(searchKey) as { text: string; where: WhereRow[] }, [searchKey]);
  const searchInput = useMemo(
    () => ({ where: search.where, ...(objectType ? { objectType } : {}), ...(search.text ? { text: search.text } : {}) }),
    [objectType, search],
  );

  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      api.call('metaverse.search', { ...searchInput, offset, limit }),
    [searchInput],
  );

  const keys = useMemo(
    () =>
      chosenColumns ??
      (schema.data
        ? keyAttributes(
            schema.data,
            objectType || null,
            search.where.map((w) => w.attribute),
          )
        : []),
    [chosenColumns, schema.data, objectType, search.where],
  );
  const columns = useMemo(() => columnsFor(keys), [keys]);

  const updateRow = (index: number, patch: Partial<WhereRow>): void =>
    set({ where: where.map((w, i) => (i === index ? { ...w, ...patch } : w)) });

  const filtering = Boolean(objectType || search.text || search.where.length);

  const exportCsv = async (): Promise<void> => {
    setExporting(true);
    setExportNote(null);
    try {
      const result = await exportSearchCsv(searchInput, keys);
      setExportNote(
        result.truncated
          ? { severity: 'warning', text: `Exported the first ${formatNumber(result.rows)} objects: narrow the search to export the rest.` }
          : { severity: 'success', text: `Exported ${formatNumber(result.rows)} objects.` },
      );
    } catch (err) {
      setExportNote({ severity: 'error', text: errorMessage(err) });
    } finally {
      setExporting(false);
    }
  };

  return (
    <Box>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h5" sx={{ flexGrow: 1 }}>
          Metaverse
        </Typography>
      </Stack>
      {schema.error && <Alert severity="error">{schema.error}</Alert>}
      <Paper sx={{ p: 2, mb: 2 }}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start', flexWrap: 'wrap', rowGap: 2 }}>
          <NativeSelectField
            label="Object type"
            value={objectType}
            onChange={(v) => set({ objectType: v })}
            testId="mv-type"
            minWidth={180}
          >
            <option value="">All types</option>
            {(schema.data?.objectTypes ?? []).map((t) => (
              <option key={t.id} value={t.name}>
                {t.name}
              </option>
            ))}
          </NativeSelectField>
          <TextField
            label="Search"
            placeholder="Display name or any value"
            value={text}
            onChange={(e) => set({ text: e.target.value })}
            sx={{ width: 300 }}
            slotProps={{ htmlInput: { 'data-testid': 'mv-search', maxLength: 200 } }}
          />
          <Button
            startIcon={<AddIcon />}
            onClick={() => set({ where: [...where, { attribute: '', operator: 'equals', value: '' }] })}
            disabled={where.length >= MAX_WHERE}
            data-testid="mv-where-add"
            sx={{ mt: 0.5 }}
          >
            Condition
          </Button>
          <Box sx={{ flexGrow: 1 }} />
          <ColumnChooser attributes={schema.data ? attributesFor(schema.data, objectType || null) : []} shown={keys} onChange={chooseColumns} />
          <Button
            startIcon={<DownloadIcon />}
            onClick={() => void exportCsv()}
            disabled={exporting}
            data-testid="mv-export-csv"
            sx={{ mt: 0.5 }}
          >
            {exporting ? 'Exporting…' : 'Export CSV'}
          </Button>
        </Stack>
        {where.length > 0 && (
          <Stack spacing={1.5} sx={{ mt: 2 }} data-testid="mv-where">
            {where.map((row, i) => (
              <ConditionFields
                key={i}
                index={i}
                row={row}
                schema={schema.data}
                objectType={objectType}
                onChange={(patch) => updateRow(i, patch)}
                onRemove={() => set({ where: where.filter((_, j) => j !== i) })}
              />
            ))}
            <Typography variant="caption" color="text.secondary">
              Every condition must hold. Values compare without regard to case; a multi-valued attribute matches when one
              of its values does.
            </Typography>
          </Stack>
        )}
      </Paper>
      {exportNote && (
        <Alert severity={exportNote.severity} onClose={() => setExportNote(null)} sx={{ mb: 2 }} data-testid="mv-export-note">
          {exportNote.text}
        </Alert>
      )}
      <VirtualTable
        testId="mv-table"
        columns={columns}
        fetchPage={fetchPage}
        getRowKey={(o) => o.id}
        onRowClick={(o) => void navigate(`/metaverse/${o.id}`)}
        rowTestId="mv-row"
        height="max(320px, calc(100vh - 330px))"
        countNoun={['object', 'objects']}
        emptyText={
          filtering
            ? 'No metaverse objects match.'
            : 'The metaverse is empty. Objects appear when an inbound sync rule projects them during a synchronisation.'
        }
      />
    </Box>
  );
}

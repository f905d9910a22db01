import AddIcon from '@mui/icons-material/Add';
import CloseIcon from '@mui/icons-material/Close';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCallback, useMemo } from 'react';
import { useNavigate } from 'react-router';
import type { MetaverseObjectSummary, MetaverseSchema } from '../../../../shared/model/index';
import { api } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { formatDateTime } from '../../components/format';
import { NativeSelectField } from '../../components/native-select';
import { useDebounced } from '../../components/use-debounced';
import { summariseValue } from '../../components/value-view';
import { VirtualTable } from '../../components/virtual-table';
import type { VirtualColumn } from '../../components/virtual-table';
import { attributesFor, keyAttributes, valueOf } from './mv-format';
import { useMvSearchStore } from './mv-search-store';
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
  // Debounce a serialised key, so that a half-filled row (ignored anyway) does not reload the table.
  const searchKey = useDebounced(
    JSON.stringify({
      text: text.trim(),
      // A row is a filter once it names an attribute and a value; half-filled rows are ignored.
      where: where.filter((w) => w.attribute && w.value !== ''),
    }),
    300,
  );
  const search = useMemo(() => JSON.parse(searchKey) as { text: string; where: WhereRow[] }, [searchKey]);

  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      api.call('metaverse.search', {
        offset,
        limit,
        where: search.where,
        ...(objectType ? { objectType } : {}),
        ...(search.text ? { text: search.text } : {}),
      }),
    [objectType, search],
  );

  const keys = useMemo(
    () =>
      schema.data
        ? keyAttributes(
            schema.data,
            objectType || null,
            search.where.map((w) => w.attribute),
          )
        : [],
    [schema.data, objectType, search.where],
  );
  const columns = useMemo(() => columnsFor(keys), [keys]);

  const updateRow = (index: number, patch: Partial<WhereRow>): void =>
    set({ where: where.map((w, i) => (i === index ? { ...w, ...patch } : w)) });

  const filtering = Boolean(objectType || search.text || search.where.length);

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
            onClick={() => set({ where: [...where, { attribute: '', value: '' }] })}
            disabled={where.length >= MAX_WHERE}
            data-testid="mv-where-add"
            sx={{ mt: 0.5 }}
          >
            Attribute filter
          </Button>
        </Stack>
        {where.length > 0 && (
          <Stack spacing={1.5} sx={{ mt: 2 }} data-testid="mv-where">
            {where.map((row, i) => (
              <WhereRowFields
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
              Every filter must hold: the attribute has exactly this value (one of its values, when multi-valued).
            </Typography>
          </Stack>
        )}
      </Paper>
      <VirtualTable
        testId="mv-table"
        columns={columns}
        fetchPage={fetchPage}
        getRowKey={(o) => o.id}
        onRowClick={(o) => void navigate(`/metaverse/${o.id}`)}
        rowTestId="mv-row"
        height="max(320px, calc(100vh - 330px))"
        countNoun="objects"
        emptyText={
          filtering
            ? 'No metaverse objects match.'
            : 'The metaverse is empty. Objects appear when an inbound sync rule projects them during a synchronisation.'
        }
      />
    </Box>
  );
}

interface WhereRowFieldsProps {
  index: number;
  row: WhereRow;
  schema: MetaverseSchema | undefined;
  objectType: string;
  onChange(patch: Partial<WhereRow>): void;
  onRemove(): void;
}

function WhereRowFields({ index, row, schema, objectType, onChange, onRemove }: WhereRowFieldsProps) {
  const attributes = schema ? attributesFor(schema, objectType || null) : [];
  const known = attributes.some((a) => a.name === row.attribute);
  return (
    <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
      <NativeSelectField
        label="Attribute"
        value={row.attribute}
        onChange={(attribute) => onChange({ attribute })}
        testId={`mv-where-attribute-${index}`}
        minWidth={220}
      >
        <option value="">Choose an attribute…</option>
        {/* Keep a choice visible after switching to a type it is not bound to. */}
        {row.attribute && !known && <option value={row.attribute}>{row.attribute}</option>}
        {attributes.map((a) => (
          <option key={a.id} value={a.name}>
            {a.name}
          </option>
        ))}
      </NativeSelectField>
      <Typography variant="body2" color="text.secondary">
        equals
      </Typography>
      <TextField
        label="Value"
        value={row.value}
        onChange={(e) => onChange({ value: e.target.value })}
        sx={{ width: 280 }}
        slotProps={{ htmlInput: { 'data-testid': `mv-where-value-${index}` } }}
      />
      <IconButton onClick={onRemove} aria-label="Remove filter" size="small" data-testid={`mv-where-remove-${index}`}>
        <CloseIcon fontSize="small" />
      </IconButton>
    </Stack>
  );
}

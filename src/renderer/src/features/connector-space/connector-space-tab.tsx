import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';
import { CSO_STATUSES } from '../../../../shared/model/index';
import { CS_SCOPES, CS_SCOPE_LABELS } from '../../../../shared/model/drill-down';
import type { CsScope } from '../../../../shared/model/drill-down';
import type { ConnectorSpaceObject, CsoStatus } from '../../../../shared/model/index';
import { api } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { formatDateTime } from '../../components/format';
import { NativeSelectField } from '../../components/native-select';
import { useDebounced } from '../../components/use-debounced';
import { VirtualTable } from '../../components/virtual-table';
import type { VirtualColumn } from '../../components/virtual-table';
import { CSO_STATUS_LABELS, JOIN_TYPE_LABELS, displayNameOf } from './cso-format';
import { CsoDetail } from './cso-detail';

const COLUMNS: VirtualColumn<ConnectorSpaceObject>[] = [
  { key: 'externalId', header: 'External ID', flex: 1.5, render: (o) => o.externalId },
  { key: 'objectType', header: 'Object type', flex: 1, render: (o) => o.objectType },
  { key: 'displayName', header: 'Display name', flex: 2, render: (o) => displayNameOf(o.attributes) },
  {
    key: 'status',
    header: 'Status',
    width: 170,
    render: (o) => (
      <Chip
        size="small"
        variant="outlined"
        label={CSO_STATUS_LABELS[o.status]}
        color={o.status === 'normal' ? 'success' : o.status === 'obsolete' ? 'default' : 'info'}
      />
    ),
  },
  {
    key: 'join',
    header: 'Join',
    width: 120,
    render: (o) => (o.joinType === 'notJoined' ? '—' : (JOIN_TYPE_LABELS[o.joinType] ?? o.joinType)),
  },
  { key: 'updated', header: 'Last updated', width: 180, render: (o) => formatDateTime(o.lastUpdatedAt ?? o.createdAt) },
];

function isCsScope(value: string): value is CsScope {
  return (CS_SCOPES as readonly string[]).includes(value);
}

export function ConnectorSpaceTab({ systemId }: { systemId: number }) {
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText.trim(), 300);
  const [status, setStatus] = useState<CsoStatus | ''>('');
  // The open object lives in the URL (?cso=ID) so lineage and execution items can link straight to it.
  const [searchParams, setSearchParams] = useSearchParams();
  const csoParam = Number(searchParams.get('cso'));
  // A pending view (?scope=…) narrows the list; it comes from the system's Pending Views tab.
  const scopeParam = searchParams.get('scope') ?? '';
  const scope = isCsScope(scopeParam) ? scopeParam : null;
  const openId = Number.isInteger(csoParam) && csoParam > 0 ? csoParam : null;
  const [clicked, setClicked] = useState<ConnectorSpaceObject | null>(null);
  const fetched = useQuery(
    () =>
      openId === null || clicked?.id === openId
        ? Promise.resolve(null)
        : api.call('connectorSpace.get', { id: openId }),
    `cso-${openId ?? 'none'}`,
  );
  const selected = openId === null ? null : clicked?.id === openId ? clicked : (fetched.data ?? null);
  const linkError = openId !== null && fetched.error;

  const open = (row: ConnectorSpaceObject | null): void => {
    setClicked(row);
    setSearchParams(
      (params) => {
        const next = new URLSearchParams(params);
        if (row) next.set('cso', String(row.id));
        else next.delete('cso');
        return next;
      },
      { replace: true },
    );
  };

  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      api.call('connectorSpace.list', {
        systemId,
        offset,
        limit,
        ...(search ? { search } : {}),
        ...(status ? { status } : {}),
        ...(scope ? { scope } : {}),
      }),
    [systemId, search, status, scope],
  );

  return (
    <Stack spacing={1.5}>
      {linkError && (
        <Alert severity="error" onClose={() => open(null)} data-testid="cs-open-error">
          Connector space object #{openId}: {fetched.error}
        </Alert>
      )}
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        {scope && (
          <Chip
            label={`Pending view: ${CS_SCOPE_LABELS[scope]}`}
            color="primary"
            variant="outlined"
            onDelete={() =>
              setSearchParams((params) => {
                const next = new URLSearchParams(params);
                next.delete('scope');
                return next;
              })
            }
            data-testid="cs-filter-scope"
          />
        )}
        <TextField
          label="Search"
          placeholder="External ID or attribute value"
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          sx={{ width: 320 }}
          slotProps={{ htmlInput: { 'data-testid': 'cs-search', maxLength: 200 } }}
        />
        <NativeSelectField
          label="Status"
          value={status}
          onChange={(v) => setStatus(v as CsoStatus | '')}
          testId="cs-filter-status"
          minWidth={200}
        >
          <option value="">All statuses</option>
          {CSO_STATUSES.map((s) => (
            <option key={s} value={s}>
              {CSO_STATUS_LABELS[s]}
            </option>
          ))}
        </NativeSelectField>
      </Stack>
      <VirtualTable
        testId="cs-table"
        columns={COLUMNS}
        fetchPage={fetchPage}
        getRowKey={(o) => o.id}
        onRowClick={(row) => open(row)}
        rowTestId="cs-row"
        height="max(320px, calc(100vh - 400px))"
        countNoun={['object', 'objects']}
        emptyText={
          search || status || scope ? 'No objects match.' : 'The connector space is empty. Run a Full Import to fill it.'
        }
      />
      <CsoDetail object={selected} onClose={() => open(null)} />
    </Stack>
  );
}

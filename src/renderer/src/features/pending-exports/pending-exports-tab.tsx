import RefreshIcon from '@mui/icons-material/Refresh';
import Button from '@mui/material/Button';
import Snackbar from '@mui/material/Snackbar';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useState } from 'react';
import { PENDING_EXPORT_STATUSES } from '../../../../shared/model/index';
import type { PendingExport, PendingExportStatus } from '../../../../shared/model/index';
import { api, errorMessage } from '../../api/client';
import { formatDateTime, formatNumber, pluralise } from '../../components/format';
import { NativeSelectField } from '../../components/native-select';
import { VirtualTable } from '../../components/virtual-table';
import type { VirtualColumn } from '../../components/virtual-table';
import { PendingExportDetail } from './pending-export-detail';
import { PE_STATUS_LABELS, PeChangeTypeChip, PeStatusChip } from './pe-format';

const COLUMNS: VirtualColumn<PendingExport>[] = [
  { key: 'externalId', header: 'External ID', flex: 1.5, render: (p) => p.externalId },
  { key: 'objectType', header: 'Object type', flex: 1, render: (p) => p.objectType },
  { key: 'change', header: 'Change', width: 100, render: (p) => <PeChangeTypeChip changeType={p.changeType} /> },
  { key: 'status', header: 'Status', width: 230, render: (p) => <PeStatusChip status={p.status} /> },
  {
    key: 'errors',
    header: 'Errors',
    width: 80,
    align: 'right',
    render: (p) => (p.errorCount > 0 ? `${formatNumber(p.errorCount)} / ${formatNumber(p.maxRetries)}` : '0'),
  },
  {
    key: 'lastError',
    header: 'Last error',
    flex: 2,
    render: (p) =>
      p.lastError ? (
        <Typography variant="body2" component="span" color="error" title={p.lastError}>
          {p.lastError}
        </Typography>
      ) : (
        ''
      ),
  },
  {
    key: 'nextRetry',
    header: 'Next retry',
    width: 170,
    render: (p) => (p.nextRetryAt ? formatDateTime(p.nextRetryAt) : ''),
  },
  { key: 'created', header: 'Created', width: 170, render: (p) => formatDateTime(p.createdAt) },
];

export function PendingExportsTab({ systemId }: { systemId: number }) {
  const [status, setStatus] = useState<PendingExportStatus | ''>('');
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<PendingExport | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [retrying, setRetrying] = useState(false);

  const retryFailed = async (): Promise<void> => {
    setRetrying(true);
    try {
      const { retried } = await api.call('pendingExports.retryFailed', { systemId });
      setVersion((v) => v + 1);
      setNotice(retried === 0 ? 'No failed exports to retry' : `${pluralise(retried, 'failed export')} queued for the next export run`);
    } catch (err) {
      setNotice(errorMessage(err));
    } finally {
      setRetrying(false);
    }
  };

  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      api.call('pendingExports.list', { systemId, offset, limit, ...(status ? { status } : {}) }),
    [systemId, status],
  );

  // Syncs stage exports here, exports and confirming imports retire them.
  useEffect(
    () =>
      api.on('activities.onFinished', (activity) => {
        if (activity.connectedSystemId === systemId) setVersion((v) => v + 1);
      }),
    [systemId],
  );

  return (
    <Stack spacing={1.5}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="body2" color="text.secondary" sx={{ flexGrow: 1 }}>
          Changes staged by synchronisation for the next Export run. A confirming import retires an exported change once
          it sees the value in the system.
        </Typography>
        <NativeSelectField
          label="Status"
          value={status}
          onChange={(v) => setStatus(v as PendingExportStatus | '')}
          testId="pe-filter-status"
          minWidth={230}
        >
          <option value="">All statuses</option>
          {PENDING_EXPORT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {PE_STATUS_LABELS[s]}
            </option>
          ))}
        </NativeSelectField>
        <Button
          variant="outlined"
          onClick={() => void retryFailed()}
          disabled={retrying}
          title="Put every failed export of this system back to pending, with its error count reset"
          data-testid="pe-retry-failed"
        >
          Retry all failed
        </Button>
        <Button startIcon={<RefreshIcon />} onClick={() => setVersion((v) => v + 1)} data-testid="pe-refresh">
          Refresh
        </Button>
      </Stack>
      <VirtualTable
        testId="pending-exports"
        columns={COLUMNS}
        fetchPage={fetchPage}
        refreshKey={version}
        getRowKey={(p) => p.id}
        onRowClick={(row) => setSelected(row)}
        rowTestId="pe-row"
        height="max(320px, calc(100vh - 400px))"
        countNoun={['pending export', 'pending exports']}
        emptyText={
          status
            ? 'No pending exports with this status.'
            : 'Nothing is waiting to be exported to this system. Outbound sync rules stage changes here.'
        }
      />
      <PendingExportDetail
        pendingExport={selected}
        onClose={() => setSelected(null)}
        onRetried={() => {
          setSelected(null);
          setVersion((v) => v + 1);
          setNotice('Queued for the next export run');
        }}
      />
      <Snackbar
        open={notice !== null}
        autoHideDuration={3000}
        onClose={() => setNotice(null)}
        message={notice}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      />
    </Stack>
  );
}

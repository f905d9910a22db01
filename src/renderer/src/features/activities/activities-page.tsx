import RefreshIcon from '@mui/icons-material/Refresh';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  ACTIVITY_STATUSES,
  ACTIVITY_STATUS_LABELS,
  COUNTERS_BY_RUN_TYPE,
  COUNTER_LABELS,
  RUN_TYPE_LABELS,
} from '../../../../shared/model/index';
import type { ActivityStatus, ActivitySummary } from '../../../../shared/model/index';
import { useActivityStore } from '../../api/activity-store';
import { api } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { durationMs, formatDateTime, formatDuration, formatNumber } from '../../components/format';
import { NativeSelectField } from '../../components/native-select';
import { StatusChip } from '../../components/status-chip';
import { VirtualTable } from '../../components/virtual-table';
import type { VirtualColumn } from '../../components/virtual-table';

/** Rows are a snapshot; running ones are overlaid with the live state pushed by events. */
function useLive(row: ActivitySummary): ActivitySummary {
  const base = useActivityStore((s) => s.summaries[row.id]) ?? row;
  const progress = useActivityStore((s) => s.progress[row.id]);
  if (!progress || base.status !== 'inProgress') return base;
  return { ...base, status: progress.status, counters: progress.counters };
}

function LiveStatus({ row }: { row: ActivitySummary }) {
  return <StatusChip status={useLive(row).status} />;
}

function LiveCounter({ row, counter }: { row: ActivitySummary; counter: keyof ActivitySummary['counters'] }) {
  return <>{useLive(row).counters[counter]}</>;
}

/** The non-zero counters of the row's run type (errors have their own column), e.g. "12 projected · 40 attribute flows". */
function LiveResults({ row }: { row: ActivitySummary }) {
  const live = useLive(row);
  const parts = COUNTERS_BY_RUN_TYPE[live.runType]
    .filter((name) => name !== 'errors' && (live.counters[name] ?? 0) > 0)
    .map((name) => `${formatNumber(live.counters[name])} ${COUNTER_LABELS[name].toLowerCase()}`);
  const text = parts.join(' · ');
  return <span title={text}>{text || '—'}</span>;
}

function LiveDuration({ row }: { row: ActivitySummary }) {
  const live = useLive(row);
  return <>{live.endedAt ? formatDuration(durationMs(live.startedAt ?? live.createdAt, live.endedAt)) : '—'}</>;
}

const counterColumn = (counter: keyof ActivitySummary['counters'], header: string): VirtualColumn<ActivitySummary> => ({
  key: counter,
  header,
  width: 90,
  align: 'right',
  render: (row) => <LiveCounter row={row} counter={counter} />,
});

const COLUMNS: VirtualColumn<ActivitySummary>[] = [
  { key: 'id', header: '#', width: 70, align: 'right', render: (r) => r.id },
  { key: 'system', header: 'System', flex: 1.5, render: (r) => r.systemName },
  { key: 'profile', header: 'Run profile', flex: 1.5, render: (r) => r.runProfileName },
  { key: 'runType', header: 'Run type', width: 160, render: (r) => RUN_TYPE_LABELS[r.runType] },
  { key: 'status', header: 'Status', width: 190, render: (r) => <LiveStatus row={r} /> },
  { key: 'started', header: 'Started', width: 170, render: (r) => formatDateTime(r.startedAt ?? r.createdAt) },
  { key: 'duration', header: 'Duration', width: 100, align: 'right', render: (r) => <LiveDuration row={r} /> },
  { key: 'results', header: 'Results', flex: 2.5, render: (r) => <LiveResults row={r} /> },
  counterColumn('errors', 'Errors'),
];

export function ActivitiesPage() {
  const navigate = useNavigate();
  const [systemId, setSystemId] = useState('');
  const [status, setStatus] = useState<ActivityStatus | ''>('');
  const [version, setVersion] = useState(0);
  const newestSeen = useRef(0);
  const systems = useQuery(() => api.call('systems.list', {}), 'systems');

  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const page = await api.call('activities.list', {
        offset,
        limit,
        ...(systemId ? { systemId: Number(systemId) } : {}),
        ...(status ? { status } : {}),
      });
      for (const row of page.rows) newestSeen.current = Math.max(newestSeen.current, row.id);
      return page;
    },
    [systemId, status],
  );

  // A run we have never listed has started, or one has finished: the list is stale.
  useEffect(() => {
    const offProgress = api.on('activities.onProgress', (p) => {
      if (p.activityId > newestSeen.current) {
        newestSeen.current = p.activityId;
        setVersion((v) => v + 1);
      }
    });
    const offFinished = api.on('activities.onFinished', () => {
      if (status) setVersion((v) => v + 1);
    });
    return () => {
      offProgress();
      offFinished();
    };
  }, [status]);

  return (
    <Box>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h5" sx={{ flexGrow: 1 }}>
          Activities
        </Typography>
        <NativeSelectField
          label="System"
          value={systemId}
          onChange={setSystemId}
          testId="activities-filter-system"
          minWidth={200}
        >
          <option value="">All systems</option>
          {(systems.data ?? []).map((s) => (
            <option key={s.id} value={String(s.id)}>
              {s.name}
            </option>
          ))}
        </NativeSelectField>
        <NativeSelectField
          label="Status"
          value={status}
          onChange={(v) => setStatus(v as ActivityStatus | '')}
          testId="activities-filter-status"
          minWidth={190}
        >
          <option value="">All statuses</option>
          {ACTIVITY_STATUSES.map((s) => (
            <option key={s} value={s}>
              {ACTIVITY_STATUS_LABELS[s]}
            </option>
          ))}
        </NativeSelectField>
        <Button startIcon={<RefreshIcon />} onClick={() => setVersion((v) => v + 1)} data-testid="activities-refresh">
          Refresh
        </Button>
      </Stack>
      <VirtualTable
        testId="activities-table"
        columns={COLUMNS}
        fetchPage={fetchPage}
        refreshKey={version}
        getRowKey={(r) => r.id}
        onRowClick={(r) => void navigate(`/activities/${r.id}`)}
        rowTestId="activity-row"
        height="calc(100vh - 190px)"
        countNoun="activities"
        emptyText={systemId || status ? 'No activities match these filters.' : 'No run profile has been run yet.'}
      />
    </Box>
  );
}

import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@mui/icons-material/KeyboardArrowRight';
import RefreshIcon from '@mui/icons-material/Refresh';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { COUNTERS_BY_RUN_TYPE, COUNTER_LABELS, RUN_TYPE_LABELS } from '../../../../shared/model/index';
import type { ActivitySummary, CounterName } from '../../../../shared/model/index';
import { useActivityStore } from '../../api/activity-store';
import { api } from '../../api/client';
import { useExecutionStore } from '../../api/execution-store';
import { useQuery } from '../../api/use-query';
import { durationMs, formatDateTime, formatDuration, formatNumber } from '../../components/format';
import { RouterLink } from '../../components/router-link';
import { StatusChip } from '../../components/status-chip';
import { VirtualTable } from '../../components/virtual-table';
import type { SubRowRenderer, VirtualColumn } from '../../components/virtual-table';
import { counterItemsPath } from '../drill-down/links';
import { describeProgress } from '../schedules/schedule-format';
import { ActivityFilterBar, INITIATOR_LABELS, NO_FILTERS, hasFilters, listQuery } from './activity-filters';
import type { ActivityFilters } from './activity-filters';

/** Rows are a snapshot; running ones are overlaid with the live state pushed by events. */
function useLive(row: ActivitySummary): ActivitySummary {
  const base = useActivityStore((s) => s.summaries[row.id]) ?? row;
  const progress = useActivityStore((s) => s.progress[row.id]);
  // A schedule execution's state arrives as execution events, not activity progress.
  const execution = useExecutionStore((s) => (row.kind === 'schedule' ? s.executions[row.id] : undefined));
  if (execution && base.status === 'inProgress')
    return { ...base, status: execution.status, endedAt: execution.endedAt ?? base.endedAt };
  if (!progress || base.status !== 'inProgress') return base;
  return { ...base, status: progress.status, counters: progress.counters };
}

function LiveStatus({ row }: { row: ActivitySummary }) {
  return <StatusChip status={useLive(row).status} />;
}

function LiveCounter({ row, counter }: { row: ActivitySummary; counter: keyof ActivitySummary['counters'] }) {
  const live = useLive(row);
  if (live.kind === 'schedule') return null;
  const value = live.counters[counter] ?? 0;
  const to = live.status !== 'inProgress' && value > 0 ? counterItemsPath(live.id, counter) : null;
  return to ? (
    <RouterLink to={to} testId={`activity-row-${counter}`}>
      {formatNumber(value)}
    </RouterLink>
  ) : (
    <>{formatNumber(value)}</>
  );
}

/** The non-zero counters of the row's run type (errors have their own column), e.g. "12 projected · 40 attribute flows". */
function LiveResults({ row }: { row: ActivitySummary }) {
  const live = useLive(row);
  const execution = useExecutionStore((s) => (row.kind === 'schedule' ? s.executions[row.id] : undefined));
  if (live.kind === 'schedule') {
    // Without live state, the parent's own outcome says most: its error, warning or summary.
    const text = execution
      ? describeProgress(execution)
      : (live.errorMessage ?? live.warningMessage ?? live.message ?? live.step);
    return <span title={text}>{text}</span>;
  }
  const names = (live.runType ? COUNTERS_BY_RUN_TYPE[live.runType] : []).filter(
    (name) => name !== 'errors' && (live.counters[name] ?? 0) > 0,
  );
  const describe = (name: CounterName) => `${formatNumber(live.counters[name])} ${COUNTER_LABELS[name].toLowerCase()}`;
  const text = names.map(describe).join(' · ');
  if (!text) return <span>—</span>;
  // Each part opens the run's items behind that counter, as the activity panel's counters do.
  return (
    <span title={text}>
      {names.map((name, index) => {
        const to = live.status === 'inProgress' ? null : counterItemsPath(live.id, name);
        return (
          <span key={name}>
            {index > 0 && ' · '}
            {to ? (
              <RouterLink to={to} testId={`activity-row-${name}`}>
                {describe(name)}
              </RouterLink>
            ) : (
              describe(name)
            )}
          </span>
        );
      })}
    </span>
  );
}

function LiveDuration({ row }: { row: ActivitySummary }) {
  const live = useLive(row);
  return <>{live.endedAt ? formatDuration(durationMs(live.startedAt ?? live.createdAt, live.endedAt)) : '—'}</>;
}

const counterColumn = (counter: keyof ActivitySummary['counters'], header: string): VirtualColumn<ActivitySummary> => ({
  key: counter,
  header,
  width: 80,
  align: 'right',
  render: (row) => <LiveCounter row={row} counter={counter} />,
});

function runTypeLabel(row: ActivitySummary): string {
  if (row.runType) return RUN_TYPE_LABELS[row.runType];
  return row.kind === 'schedule' ? 'Schedule' : row.runProfileName;
}

const DATA_COLUMNS: VirtualColumn<ActivitySummary>[] = [
  { key: 'id', header: '#', width: 70, align: 'right', render: (r) => r.id },
  { key: 'system', header: 'System', flex: 1.2, render: (r) => r.systemName || '—' },
  {
    key: 'profile',
    header: 'Run profile',
    flex: 2.2,
    render: (r) => (r.kind === 'schedule' ? <strong title="Schedule">{r.runProfileName}</strong> : r.runProfileName),
  },
  { key: 'runType', header: 'Run type', width: 145, render: runTypeLabel },
  { key: 'status', header: 'Status', width: 160, render: (r) => <LiveStatus row={r} /> },
  { key: 'by', header: 'By', width: 80, render: (r) => INITIATOR_LABELS[r.initiatedBy] ?? r.initiatedBy },
  { key: 'started', header: 'Started', width: 180, render: (r) => formatDateTime(r.startedAt ?? r.createdAt) },
  { key: 'duration', header: 'Duration', width: 100, align: 'right', render: (r) => <LiveDuration row={r} /> },
  { key: 'results', header: 'Results', flex: 2, render: (r) => <LiveResults row={r} /> },
  counterColumn('errors', 'Errors'),
];

export function ActivitiesPage() {
  const navigate = useNavigate();
  const [filters, setFilters] = useState<ActivityFilters>(NO_FILTERS);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [version, setVersion] = useState(0);
  const newestSeen = useRef(0);
  const query = useMemo(() => listQuery(filters), [filters]);

  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const page = await api.call('activities.list', { ...query, offset, limit });
      for (const row of page.rows) newestSeen.current = Math.max(newestSeen.current, row.id);
      return page;
    },
    [query],
  );

  // A run or execution we have never listed has started, or one has finished: the list is stale.
  const filtered = hasFilters(filters);
  useEffect(() => {
    const onStarted = (id: number): void => {
      if (id > newestSeen.current) {
        newestSeen.current = id;
        setVersion((v) => v + 1);
      }
    };
    const offProgress = api.on('activities.onProgress', (p) => onStarted(p.activityId));
    const offExecution = api.on('schedules.onExecutionChanged', (e) => onStarted(e.id));
    const offFinished = api.on('activities.onFinished', () => {
      // Only a filter (status, date…) can make a finished row enter or leave the list.
      if (filtered) setVersion((v) => v + 1);
    });
    return () => {
      offProgress();
      offExecution();
      offFinished();
    };
  }, [filtered]);

  const toggle = useCallback(
    (id: number) =>
      setExpanded((set) => {
        const next = new Set(set);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );

  const columns = useMemo<VirtualColumn<ActivitySummary>[]>(
    () => [
      {
        key: 'expand',
        header: '',
        width: 56,
        align: 'center',
        render: (r) =>
          r.kind === 'schedule' ? (
            <IconButton
              size="small"
              aria-label={expanded.has(r.id) ? 'Hide steps' : 'Show steps'}
              aria-expanded={expanded.has(r.id)}
              onClick={(e) => {
                e.stopPropagation();
                toggle(r.id);
              }}
              data-testid="activity-expand"
              sx={{ p: 0.25 }}
            >
              {expanded.has(r.id) ? (
                <KeyboardArrowDownIcon fontSize="small" />
              ) : (
                <KeyboardArrowRightIcon fontSize="small" />
              )}
            </IconButton>
          ) : r.parentActivityId !== null ? (
            <Typography variant="caption" color="text.secondary" title={`Step of schedule execution #${r.parentActivityId}`}>
              ↳
            </Typography>
          ) : null,
      },
      ...DATA_COLUMNS,
    ],
    [expanded, toggle],
  );

  const renderExpansion = useCallback(
    (row: ActivitySummary, subRow: SubRowRenderer<ActivitySummary>) =>
      row.kind === 'schedule' && expanded.has(row.id) ? <ChildRows parentId={row.id} subRow={subRow} /> : null,
    [expanded],
  );

  return (
    <Box>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h5" sx={{ flexGrow: 1 }}>
          Activities
        </Typography>
        {filtered && (
          <Button onClick={() => setFilters(NO_FILTERS)} data-testid="activities-filter-clear">
            Clear filters
          </Button>
        )}
        <Button startIcon={<RefreshIcon />} onClick={() => setVersion((v) => v + 1)} data-testid="activities-refresh">
          Refresh
        </Button>
      </Stack>
      <Box sx={{ mb: 2 }}>
        <ActivityFilterBar value={filters} onChange={setFilters} />
      </Box>
      <VirtualTable
        testId="activities-table"
        columns={columns}
        fetchPage={fetchPage}
        refreshKey={version}
        getRowKey={(r) => r.id}
        onRowClick={(r) => void navigate(`/activities/${r.id}`)}
        rowTestId="activity-row"
        height="calc(100vh - 250px)"
        countNoun={['activity', 'activities']}
        emptyText={filtered ? 'No activities match these filters.' : 'No run profile has been run yet.'}
        renderExpansion={renderExpansion}
      />
    </Box>
  );
}

/** The step runs of one schedule execution, fetched when expanded and again as new steps start. */
function ChildRows({ parentId, subRow }: { parentId: number; subRow: SubRowRenderer<ActivitySummary> }) {
  const started = useExecutionStore(
    (s) =>
      s.executions[parentId]?.steps
        .map((st) => st.activityId ?? '')
        .join(',') ?? '',
  );
  const children = useQuery(() => api.call('activities.children', { id: parentId }), `children-${parentId}`);
  const { reload } = children;
  // Reloaded in place (not re-keyed) so the rows do not collapse to a spinner each time a step starts.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) firstRender.current = false;
    else reload();
  }, [started, reload]);
  if (children.error)
    return (
      <Typography variant="caption" color="error" sx={{ display: 'block', px: 2, py: 1 }}>
        {children.error}
      </Typography>
    );
  if (!children.data) return <LinearProgress />;
  if (children.data.length === 0)
    return (
      <Typography
        variant="caption"
        color="text.secondary"
        sx={{ display: 'block', px: 7, py: 1, borderBottom: 1, borderColor: 'divider' }}
        data-testid="activity-children-empty"
      >
        No step has started.
      </Typography>
    );
  return <>{children.data.map((child) => subRow(child, { key: child.id, testId: 'activity-child-row', indentColumn: 'system', indent: 2 }))}</>;
}

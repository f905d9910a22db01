import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@mui/icons-material/KeyboardArrowRight';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Fragment, useEffect, useRef, useState } from 'react';
import type { Schedule, ScheduleExecution } from '../../../../shared/model/index';
import { api } from '../../api/client';
import { useExecutionStore } from '../../api/execution-store';
import { useQuery } from '../../api/use-query';
import { durationMs, formatDateTime, formatDuration } from '../../components/format';
import { RouterLink } from '../../components/router-link';
import { StatusChip } from '../../components/status-chip';
import { ExecutionView } from './execution-view';
import { describeProgress } from './schedule-format';

const RECENT = 20;

interface ScheduleExecutionsProps {
  schedule: Schedule;
  /** An execution this window just started with Run now, shown before the list catches up. */
  startedId: number | null;
}

/** Recent executions of a schedule, each expandable to its step rail; kept current by execution events. */
function useRecentExecutions(scheduleId: number, startedId: number | null) {
  const executions = useQuery(
    () => api.call('schedules.executions', { scheduleId, limit: RECENT }),
    `schedule-executions-${scheduleId}`,
  );
  const { reload } = executions;
  const known = useRef(new Map<number, ScheduleExecution['status']>());
  useEffect(() => {
    known.current = new Map((executions.data?.rows ?? []).map((e) => [e.id, e.status]));
  }, [executions.data]);

  // A new execution (scheduler, CLI, Run now) or one that ended makes the list stale.
  useEffect(
    () =>
      api.on('schedules.onExecutionChanged', (e) => {
        if (e.scheduleId !== scheduleId) return;
        if (known.current.get(e.id) !== e.status) reload();
      }),
    [scheduleId, reload],
  );
  useEffect(() => {
    if (startedId !== null) reload();
  }, [startedId, reload]);
  return executions;
}

/** The schedule's latest execution, live, with Cancel while it runs. */
export function LatestExecution({ schedule, startedId }: ScheduleExecutionsProps) {
  const recent = useRecentExecutions(schedule.id, startedId);
  const rows = recent.data?.rows ?? [];
  const latestId = startedId ?? rows[0]?.id ?? schedule.lastExecution?.id ?? null;
  const initial =
    rows.find((r) => r.id === latestId) ??
    (schedule.lastExecution?.id === latestId ? schedule.lastExecution : null) ??
    undefined;
  return (
    <Paper sx={{ p: 2 }} data-testid="schedule-latest-execution">
      <Typography variant="subtitle1" sx={{ fontWeight: 600, mb: 1.5 }}>
        Latest execution
      </Typography>
      {latestId === null ? (
        <Typography variant="body2" color="text.secondary" data-testid="schedule-never-run">
          This schedule has not run yet.
        </Typography>
      ) : (
        <ExecutionView key={latestId} executionId={latestId} initial={initial} linkSchedule={false} />
      )}
    </Paper>
  );
}

/** Up to the last twenty executions, newest first, each expandable to its step rail. */
export function RecentExecutions({ schedule, startedId }: ScheduleExecutionsProps) {
  const executions = useRecentExecutions(schedule.id, startedId);
  const rows = executions.data?.rows ?? [];
  return (
    <Paper sx={{ p: 2 }} data-testid="schedule-executions">
      <Typography variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
        Recent executions
      </Typography>
      {executions.error && <Alert severity="error">{executions.error}</Alert>}
      {executions.loading && !executions.data && <LinearProgress />}
      {executions.data && rows.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          None yet.
        </Typography>
      )}
      {rows.length > 0 && (
        <Table size="small" data-testid="schedule-executions-table">
          <TableHead>
            <TableRow>
              <TableCell sx={{ width: 40 }} />
              <TableCell sx={{ width: 90 }}>Activity</TableCell>
              <TableCell sx={{ width: 200 }}>Status</TableCell>
              <TableCell>Progress</TableCell>
              <TableCell>Started</TableCell>
              <TableCell align="right">Duration</TableCell>
              <TableCell>By</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row) => (
              <ExecutionRow key={row.id} row={row} />
            ))}
          </TableBody>
        </Table>
      )}
      {executions.data && executions.data.total > rows.length && (
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 1 }}>
          Showing the latest {rows.length} of {executions.data.total}. The Activities page lists them all.
        </Typography>
      )}
    </Paper>
  );
}

function ExecutionRow({ row }: { row: ScheduleExecution }) {
  const [open, setOpen] = useState(false);
  // Events may have moved it on since the list was fetched.
  const live = useExecutionStore((s) => s.executions[row.id]) ?? row;
  return (
    <Fragment>
      <TableRow hover data-testid="schedule-execution-row" data-execution-id={row.id}>
        <TableCell>
          <IconButton
            size="small"
            aria-label={open ? 'Hide steps' : 'Show steps'}
            aria-expanded={open}
            onClick={() => setOpen((o) => !o)}
            data-testid="schedule-execution-expand"
          >
            {open ? <KeyboardArrowDownIcon fontSize="small" /> : <KeyboardArrowRightIcon fontSize="small" />}
          </IconButton>
        </TableCell>
        <TableCell>
          <RouterLink to={`/activities/${row.id}`}>#{row.id}</RouterLink>
        </TableCell>
        <TableCell>
          <StatusChip status={live.status} />
        </TableCell>
        <TableCell>{describeProgress(live)}</TableCell>
        <TableCell>{formatDateTime(live.startedAt)}</TableCell>
        <TableCell align="right">
          {live.endedAt ? formatDuration(durationMs(live.startedAt, live.endedAt)) : '—'}
        </TableCell>
        <TableCell>{live.initiatedBy}</TableCell>
      </TableRow>
      {open && (
        <TableRow>
          <TableCell colSpan={7} sx={{ bgcolor: 'action.hover' }}>
            <Box sx={{ py: 1 }}>
              <ExecutionView executionId={row.id} initial={row} linkSchedule={false} />
            </Box>
          </TableCell>
        </TableRow>
      )}
    </Fragment>
  );
}

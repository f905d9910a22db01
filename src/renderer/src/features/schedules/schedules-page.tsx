import AddIcon from '@mui/icons-material/Add';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Schedule } from '../../../../shared/model/index';
import { api, errorMessage } from '../../api/client';
import { useExecutionStore } from '../../api/execution-store';
import { useQuery } from '../../api/use-query';
import { EmptyState } from '../../components/empty-state';
import { formatDateTime } from '../../components/format';
import { RouterLink } from '../../components/router-link';
import { StatusChip } from '../../components/status-chip';
import { testIdAttr } from '../../components/test-id';
import { describeProgress, stepCount, summariseTrigger } from './schedule-format';

export function SchedulesPage() {
  const schedules = useQuery(() => api.call('schedules.list', {}), 'schedules');
  const { reload, setData } = schedules;
  const [actionError, setActionError] = useState<string | null>(null);
  const list = schedules.data;

  // An execution that starts or ends moves "last execution" and "next run".
  useEffect(
    () =>
      api.on('schedules.onExecutionChanged', (e) => {
        if (e.status !== 'inProgress' || !list?.some((s) => s.lastExecution?.id === e.id)) reload();
      }),
    [list, reload],
  );

  const replace = (updated: Schedule): void => {
    if (list) setData(list.map((s) => (s.id === updated.id ? updated : s)));
  };

  const setEnabled = async (schedule: Schedule, enabled: boolean): Promise<void> => {
    setActionError(null);
    try {
      replace(await api.call('schedules.setEnabled', { id: schedule.id, enabled }));
    } catch (err) {
      setActionError(`${schedule.name}: ${errorMessage(err)}`);
    }
  };

  const runNow = async (schedule: Schedule): Promise<void> => {
    setActionError(null);
    try {
      await api.call('schedules.runNow', { id: schedule.id });
      reload();
    } catch (err) {
      setActionError(`${schedule.name}: ${errorMessage(err)}`);
    }
  };

  const newButton = (
    <Button variant="contained" startIcon={<AddIcon />} component={Link} to="/schedules/new" data-testid="new-schedule">
      New schedule
    </Button>
  );

  return (
    <Box>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h5" sx={{ flexGrow: 1 }}>
          Schedules
        </Typography>
        {list && list.length > 0 && newButton}
      </Stack>
      {schedules.error && <Alert severity="error">{schedules.error}</Alert>}
      {actionError && (
        <Alert severity="error" sx={{ mb: 2 }} onClose={() => setActionError(null)} data-testid="schedules-error">
          {actionError}
        </Alert>
      )}
      {schedules.loading && !list && <LinearProgress />}
      {list && list.length === 0 && (
        <Paper>
          <EmptyState
            title="No schedules yet"
            detail="A schedule runs a sequence of run profiles, across any systems, at set times or on demand: for example import HR, synchronise, then export to the directory every weekday at 02:00."
            action={newButton}
          />
        </Paper>
      )}
      {list && list.length > 0 && (
        <Paper>
          <Table data-testid="schedules-table">
            <TableHead>
              <TableRow>
                <TableCell>Name</TableCell>
                <TableCell sx={{ width: 90 }}>Enabled</TableCell>
                <TableCell>Trigger</TableCell>
                <TableCell>Next run</TableCell>
                <TableCell>Last execution</TableCell>
                <TableCell sx={{ width: 130 }} />
              </TableRow>
            </TableHead>
            <TableBody>
              {list.map((s) => (
                <ScheduleRow
                  key={s.id}
                  schedule={s}
                  onEnabled={(enabled) => void setEnabled(s, enabled)}
                  onRunNow={() => void runNow(s)}
                />
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
    </Box>
  );
}

interface ScheduleRowProps {
  schedule: Schedule;
  onEnabled(enabled: boolean): void;
  onRunNow(): void;
}

function ScheduleRow({ schedule: s, onEnabled, onRunNow }: ScheduleRowProps) {
  const navigate = useNavigate();
  const last = useExecutionStore((st) => (s.lastExecution ? st.executions[s.lastExecution.id] : undefined)) ?? s.lastExecution;
  const stop = (e: { stopPropagation(): void }): void => e.stopPropagation();
  return (
    <TableRow
      hover
      onClick={() => void navigate(`/schedules/${s.id}`)}
      sx={{ cursor: 'pointer', opacity: s.enabled ? 1 : 0.7 }}
      data-testid="schedule-row"
      data-schedule-name={s.name}
    >
      <TableCell>
        <Typography variant="body2" sx={{ fontWeight: 600 }}>
          {s.name}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {stepCount(s)}
          {s.description ? ` · ${s.description}` : ''}
        </Typography>
      </TableCell>
      <TableCell onClick={stop}>
        <Switch
          size="small"
          checked={s.enabled}
          onChange={(e) => onEnabled(e.target.checked)}
          slotProps={{ input: { ...testIdAttr(`schedule-enabled-${s.name}`), 'aria-label': `${s.name} enabled` } }}
        />
      </TableCell>
      <TableCell data-testid="schedule-trigger">{summariseTrigger(s.trigger)}</TableCell>
      <TableCell data-testid="schedule-next-run">
        {s.nextRunTimes[0] ? (
          formatDateTime(s.nextRunTimes[0])
        ) : (
          <Typography variant="caption" color="text.secondary">
            {s.trigger.kind === 'manual' ? 'Manual only' : s.enabled ? 'None' : 'Disabled'}
          </Typography>
        )}
        {s.missedRunAt && (
          <Stack direction="row" spacing={0.5} sx={{ mt: 0.5, alignItems: 'center' }} onClick={stop}>
            <Chip
              size="small"
              color="warning"
              icon={<WarningAmberIcon />}
              label={`Missed run at ${formatDateTime(s.missedRunAt)}`}
              data-testid={`schedule-missed-${s.name}`}
              title="This slot passed while Junction was not running; missed runs are not replayed"
            />
            <Button size="small" onClick={onRunNow} data-testid={`schedule-missed-run-${s.name}`}>
              Run now
            </Button>
          </Stack>
        )}
      </TableCell>
      <TableCell>
        {last ? (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <StatusChip status={last.status} testId={`schedule-last-status-${s.name}`} />
            <Box>
              <Typography variant="caption" component="div">
                {describeProgress(last)}
              </Typography>
              <Typography variant="caption" color="text.secondary" component="div">
                <RouterLink to={`/activities/${last.id}`}>#{last.id}</RouterLink> · {formatDateTime(last.startedAt)}
              </Typography>
            </Box>
          </Stack>
        ) : (
          <Typography variant="caption" color="text.secondary">
            Never run
          </Typography>
        )}
      </TableCell>
      <TableCell onClick={stop} align="right">
        <Button size="small" startIcon={<PlayArrowIcon />} onClick={onRunNow} data-testid={`schedule-run-${s.name}`}>
          Run now
        </Button>
      </TableCell>
    </TableRow>
  );
}

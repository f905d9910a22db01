import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { ActivityStatus, ScheduleExecution } from '../../../../shared/model/index';
import { api, errorMessage } from '../../api/client';
import { useLiveExecution } from '../../api/execution-store';
import { durationMs, formatDateTime, formatDuration } from '../../components/format';
import { RouterLink } from '../../components/router-link';
import { StatusChip } from '../../components/status-chip';
import { describeProgress } from './schedule-format';
import { StepRail } from './step-rail';

/** The server sends the parent's error, else its warning, else its summary: colour it by the outcome. */
const MESSAGE_SEVERITY: Record<ActivityStatus, 'error' | 'warning' | 'info' | 'success'> = {
  inProgress: 'info',
  complete: 'success',
  completeWithWarning: 'warning',
  completeWithError: 'warning',
  failedWithError: 'error',
  cancelled: 'info',
};

interface ExecutionViewProps {
  executionId: number;
  /** Already-fetched state, shown at once instead of waiting for the first poll. */
  initial?: ScheduleExecution | undefined;
  /** On the schedule's own page the schedule name is a link back to itself: leave it out. */
  linkSchedule?: boolean;
}

/** One schedule execution, live: status, how far it got, the step rail, and Cancel while it runs. */
export function ExecutionView({ executionId, initial, linkSchedule = true }: ExecutionViewProps) {
  const { execution, error } = useLiveExecution(executionId, initial);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<string | null>(null);

  if (!execution) return error ? <Alert severity="error">{error}</Alert> : <LinearProgress />;
  const running = execution.status === 'inProgress';

  const cancel = async (): Promise<void> => {
    setCancelling(true);
    setCancelError(null);
    try {
      await api.call('schedules.cancelExecution', { id: execution.id });
    } catch (err) {
      setCancelError(errorMessage(err));
      setCancelling(false);
    }
    // On success the button stays disabled: the execution ends through the event stream.
  };

  return (
    <Stack spacing={1.5} data-testid="schedule-execution" data-execution-id={execution.id}>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
        <StatusChip status={execution.status} testId="schedule-execution-status" />
        <Box sx={{ flexGrow: 1, minWidth: 0 }}>
          <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
            Execution #{execution.id} ·{' '}
            {linkSchedule && execution.scheduleId !== null ? (
              <RouterLink to={`/schedules/${execution.scheduleId}`} testId="schedule-execution-schedule-link">
                {execution.scheduleName}
              </RouterLink>
            ) : (
              execution.scheduleName
            )}
          </Typography>
          <Typography variant="caption" color="text.secondary" data-testid="schedule-execution-progress">
            {describeProgress(execution)} · started by {execution.initiatedBy} on {formatDateTime(execution.startedAt)}
            {execution.endedAt
              ? ` · ended ${formatDateTime(execution.endedAt)} (${formatDuration(durationMs(execution.startedAt, execution.endedAt))})`
              : ''}
          </Typography>
        </Box>
        {running && (
          <Button
            color="error"
            variant="outlined"
            onClick={() => void cancel()}
            disabled={cancelling}
            data-testid="schedule-cancel"
          >
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </Button>
        )}
      </Stack>
      <StepRail steps={execution.steps} />
      {execution.message && (
        <Alert severity={MESSAGE_SEVERITY[execution.status]} data-testid="schedule-execution-message">
          {execution.message}
        </Alert>
      )}
      {cancelError && (
        <Alert severity="error" onClose={() => setCancelError(null)}>
          {cancelError}
        </Alert>
      )}
      {error && running && <Alert severity="warning">{error}</Alert>}
    </Stack>
  );
}

import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { COUNTERS_BY_RUN_TYPE, COUNTER_LABELS, RUN_TYPE_LABELS } from '../../../../shared/model/index';
import type { ActivityProgress, ActivityStatus, ActivitySummary, CounterName } from '../../../../shared/model/index';
import { useActivityStore, useLiveActivity } from '../../api/activity-store';
import { api, errorMessage } from '../../api/client';
import { durationMs, formatDateTime, formatDuration, formatNumber } from '../../components/format';
import { StatusChip } from '../../components/status-chip';
import { counterItemsPath } from '../drill-down/links';
import { ExecutionItems } from './execution-items';

interface ActivityPanelProps {
  activityId: number;
  /** Already-fetched state, shown at once instead of waiting for the first poll. */
  initial?: ActivitySummary | undefined;
}

/** Colour only the counters that mean growth, change, removal or trouble; the rest stay neutral. */
export const COUNTER_COLORS: Partial<Record<CounterName, string>> = {
  added: 'success.main',
  projected: 'success.main',
  provisioned: 'success.main',
  exported: 'success.main',
  confirmed: 'success.main',
  updated: 'info.main',
  joined: 'info.main',
  attributeFlows: 'info.main',
  pendingExports: 'info.main',
  deleted: 'warning.main',
  disconnected: 'warning.main',
  deprovisioned: 'warning.main',
  mvoDeleted: 'warning.main',
  errors: 'error.main',
};

/** A counter's colour says something happened: a zero stays neutral ("Errors 0" is not an alarm). */
export function counterColor(name: CounterName, value: number): string | undefined {
  return value > 0 ? COUNTER_COLORS[name] : undefined;
}

function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

export function ActivityPanel({ activityId, initial }: ActivityPanelProps) {
  useEffect(() => {
    if (initial) useActivityStore.getState().upsert(initial);
  }, [initial]);
  const live = useLiveActivity(activityId);
  const activity = live.activity ?? (initial?.id === activityId ? initial : undefined);

  return (
    <Paper sx={{ p: 2 }} data-testid="activity-panel" data-activity-id={activityId}>
      {activity ? (
        <PanelBody activity={activity} progress={live.progress} />
      ) : live.error ? (
        <Alert severity="error">{live.error}</Alert>
      ) : (
        <LinearProgress />
      )}
    </Paper>
  );
}

function PanelBody({ activity, progress }: { activity: ActivitySummary; progress: ActivityProgress | undefined }) {
  const running = activity.status === 'inProgress';
  const now = useNow(running);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);

  const startedAt = activity.startedAt ?? activity.createdAt;
  // Between progress samples the clock keeps moving, so take whichever is later.
  const elapsed =
    running && progress
      ? Math.max(progress.elapsedMs, durationMs(startedAt, null, now) ?? 0)
      : durationMs(startedAt, activity.endedAt, now);
  const rate =
    running && progress
      ? progress.objectsPerSecond
      : elapsed && elapsed > 0
        ? activity.objectsProcessed / (elapsed / 1000)
        : null;
  const total = activity.objectsToProcess;
  // A run that failed or was cancelled before it knew its total did not get anywhere: no "100%".
  const finishedWell = activity.status === 'complete' || activity.status === 'completeWithWarning' || activity.status === 'completeWithError';
  const percent = total ? Math.min(100, (activity.objectsProcessed / total) * 100) : finishedWell ? 100 : null;

  const cancel = async (): Promise<void> => {
    setCancelling(true);
    try {
      await api.call('activities.cancel', { id: activity.id });
    } catch (err) {
      setCancelError(errorMessage(err));
    } finally {
      setCancelling(false);
    }
  };

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
        <StatusChip status={activity.status} testId="activity-status" />
        <Box sx={{ flexGrow: 1, minWidth: 0 }}>
          <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
            Activity #{activity.id} · {activity.runProfileName}
          </Typography>
          <Typography variant="caption" color="text.secondary">
            {activity.runType ? `${activity.systemName} · ${RUN_TYPE_LABELS[activity.runType]}` : 'Schedule'} · started by {activity.initiatedBy} on{' '}
            {formatDateTime(startedAt)}
            {activity.endedAt ? ` · ended ${formatDateTime(activity.endedAt)}` : ''}
          </Typography>
        </Box>
        {running && (
          <Button
            color="error"
            variant="outlined"
            onClick={() => void cancel()}
            disabled={cancelling || activity.cancelRequested}
            data-testid="activity-cancel"
          >
            {activity.cancelRequested ? 'Cancelling…' : 'Cancel'}
          </Button>
        )}
      </Stack>

      <Box>
        <Stack direction="row" sx={{ mb: 0.5 }}>
          <Typography variant="body2" sx={{ flexGrow: 1 }} data-testid="activity-step">
            {activity.status !== 'failedWithError' ? activity.step : activity.step === 'Finished' ? 'Failed' : `Failed: ${activity.step}`}
          </Typography>
          <Typography variant="body2" color="text.secondary" data-testid="activity-progress-text">
            {formatNumber(activity.objectsProcessed)}
            {total !== null ? ` / ${formatNumber(total)}` : ''} objects
            {percent !== null ? ` · ${Math.floor(percent)}%` : ''}
          </Typography>
        </Stack>
        <LinearProgress
          variant={percent === null && running ? 'indeterminate' : 'determinate'}
          value={percent ?? 0}
          color={running ? 'primary' : PROGRESS_COLORS[activity.status]}
          sx={{ height: 8, borderRadius: 4, color: 'text.disabled' }}
          data-testid="activity-progress"
        />
      </Box>

      <Stack direction="row" spacing={1.5} sx={{ flexWrap: 'wrap', rowGap: 1.5 }}>
        {(activity.runType ? COUNTERS_BY_RUN_TYPE[activity.runType] : []).map((name) => (
          <Counter
            key={name}
            label={COUNTER_LABELS[name]}
            // Older activities and progress samples may predate a counter: show 0, not "undefined".
            value={formatNumber(activity.counters[name] ?? 0)}
            testId={`counter-${name}`}
            color={counterColor(name, activity.counters[name] ?? 0)}
            // Running counters still move; the items behind them are listed once the run has ended.
            to={!running && (activity.counters[name] ?? 0) > 0 ? counterItemsPath(activity.id, name) : null}
          />
        ))}
        <Counter
          label="Objects/s"
          value={rate === null ? '—' : rate < 10 ? rate.toFixed(1) : formatNumber(Math.round(rate))}
          testId="activity-rate"
        />
        <Counter label="Elapsed" value={formatDuration(elapsed)} testId="activity-elapsed" />
      </Stack>

      {activity.errorMessage && (
        <Alert severity="error" data-testid="activity-error">
          {activity.errorMessage}
        </Alert>
      )}
      {activity.warningMessage && (
        <Alert severity="warning" data-testid="activity-warning">
          {activity.warningMessage}
        </Alert>
      )}
      {activity.message && (
        <Alert severity="info" data-testid="activity-message">
          {activity.message}
        </Alert>
      )}
      {cancelError && (
        <Alert severity="error" onClose={() => setCancelError(null)}>
          {cancelError}
        </Alert>
      )}

      {!running && <ExecutionItems activity={activity} />}
    </Stack>
  );
}

const PROGRESS_COLORS: Record<ActivityStatus, 'primary' | 'success' | 'warning' | 'error' | 'inherit'> = {
  inProgress: 'primary',
  complete: 'success',
  completeWithWarning: 'warning',
  completeWithError: 'warning',
  failedWithError: 'error',
  cancelled: 'inherit',
};

interface CounterProps {
  label: string;
  value: number | string;
  testId: string;
  color?: string | undefined;
  /** Where clicking the counter leads: the execution items behind it. */
  to?: string | null | undefined;
}

function Counter({ label, value, testId, color, to }: CounterProps) {
  const box = { minWidth: 96, px: 1.5, py: 1, border: 1, borderColor: 'divider', borderRadius: 1 } as const;
  const body = (
    <>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="h6" sx={{ color, lineHeight: 1.3 }} data-testid={testId}>
        {value}
      </Typography>
    </>
  );
  if (!to) return <Box sx={box}>{body}</Box>;
  return (
    <Box
      component={Link}
      to={to}
      title={`Show the ${label.toLowerCase()} items`}
      data-testid={`${testId}-link`}
      sx={{ ...box, display: 'block', color: 'inherit', textDecoration: 'none', '&:hover': { borderColor: 'primary.main', bgcolor: 'action.hover' } }}
    >
      {body}
    </Box>
  );
}

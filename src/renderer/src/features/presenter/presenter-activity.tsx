import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { SparkLineChart } from '@mui/x-charts/SparkLineChart';
import { useEffect, useState } from 'react';
import { ACTIVITY_STATUS_LABELS, COUNTERS_BY_RUN_TYPE, COUNTER_LABELS, RUN_TYPE_LABELS } from '../../../../shared/model/index';
import { useLiveActivity } from '../../api/activity-store';
import { durationMs, formatDuration, formatNumber } from '../../components/format';
import { COUNTER_COLORS } from '../activities/activity-panel';
import { WINDOW_SECONDS } from './use-throughput';


function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  return rate < 10 ? rate.toFixed(1) : formatNumber(Math.round(rate));
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

interface PresenterActivityProps {
  activityId: number;
  /** Other steps of the same parallel group running at the same time. */
  alsoRunning: number;
  throughput: number[];
}

/** The step run in focus: what it is doing, its counters in big type, and the throughput line. */
export function PresenterActivity({ activityId, alsoRunning, throughput }: PresenterActivityProps) {
  const theme = useTheme();
  const { activity, progress, error } = useLiveActivity(activityId);
  const running = activity?.status === 'inProgress';
  const now = useNow(running);

  if (!activity)
    return (
      <Box data-testid="presenter-activity">
        {error ? <Typography sx={{ fontSize: 24 }}>{error}</Typography> : <LinearProgress />}
      </Box>
    );

  const startedAt = activity.startedAt ?? activity.createdAt;
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
  const percent = total ? Math.min(100, (activity.objectsProcessed / total) * 100) : running ? null : 100;
  const counters = activity.runType ? COUNTERS_BY_RUN_TYPE[activity.runType] : [];
  const peak = Math.max(0, ...throughput);

  return (
    <Stack spacing={2.5} data-testid="presenter-activity" data-activity-id={activity.id} data-status={activity.status}>
      <Stack direction="row" sx={{ alignItems: 'baseline', gap: 2, flexWrap: 'wrap' }}>
        <Typography sx={{ fontSize: 44, fontWeight: 800, lineHeight: 1.1 }} data-testid="presenter-activity-title">
          {activity.systemName} · {activity.runProfileName}
        </Typography>
        <Typography sx={{ fontSize: 28 }} color="text.secondary">
          {activity.runType ? RUN_TYPE_LABELS[activity.runType] : ''}
          {running ? '' : ` · ${ACTIVITY_STATUS_LABELS[activity.status]}`}
          {alsoRunning > 0 ? ` · +${alsoRunning} running in parallel` : ''}
        </Typography>
      </Stack>

      <Box>
        <Stack direction="row" sx={{ mb: 1, alignItems: 'baseline' }}>
          <Typography sx={{ fontSize: 28, flexGrow: 1 }} data-testid="presenter-activity-step">
            {activity.step}
          </Typography>
          <Typography sx={{ fontSize: 28, fontVariantNumeric: 'tabular-nums' }} data-testid="presenter-progress-text">
            {formatNumber(activity.objectsProcessed)}
            {total !== null ? ` / ${formatNumber(total)}` : ''}
            {percent !== null ? ` · ${Math.floor(percent)}%` : ''}
          </Typography>
        </Stack>
        <LinearProgress
          variant={percent === null ? 'indeterminate' : 'determinate'}
          value={percent ?? 0}
          sx={{ height: 16, borderRadius: 8 }}
          data-testid="presenter-progress"
        />
      </Box>

      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(270px, 1fr))', gap: 2 }}>
        {counters.map((name) => (
          <BigCounter
            key={name}
            label={COUNTER_LABELS[name]}
            value={formatNumber(activity.counters[name] ?? 0)}
            testId={`presenter-counter-${name}`}
            color={COUNTER_COLORS[name]}
          />
        ))}
      </Box>

      <Stack direction="row" sx={{ gap: 2, alignItems: 'stretch', flexWrap: 'wrap' }}>
        <BigCounter label="Objects/s" value={formatRate(rate)} testId="presenter-rate" />
        <BigCounter label="Elapsed" value={formatDuration(elapsed)} testId="presenter-elapsed" />
        <Box
          sx={{ flex: '1 1 420px', minWidth: 0, px: 2, py: 1, border: 2, borderColor: 'divider', borderRadius: 2 }}
        >
          <Typography sx={{ fontSize: 20, fontWeight: 600 }} color="text.secondary">
            Throughput, last {WINDOW_SECONDS} s (objects/s{peak > 0 ? `, peak ${formatNumber(peak)}` : ''})
          </Typography>
          <Box data-testid="presenter-sparkline" data-points={throughput.length} data-peak={peak}>
            <SparkLineChart
              data={throughput}
              height={110}
              area
              curve="linear"
              color={theme.palette.info.main}
              yAxis={{ min: 0, max: Math.max(1, peak) }}
              clipAreaOffset={{ top: 3, bottom: 3 }}
            />
          </Box>
        </Box>
      </Stack>

      {activity.errorMessage && (
        <Typography sx={{ fontSize: 24, color: 'error.main' }} data-testid="presenter-activity-error">
          {activity.errorMessage}
        </Typography>
      )}
    </Stack>
  );
}

function BigCounter({ label, value, testId, color }: { label: string; value: string; testId: string; color?: string | undefined }) {
  return (
    <Box sx={{ px: 2, py: 1, border: 2, borderColor: 'divider', borderRadius: 2, minWidth: 270, overflow: 'hidden' }}>
      <Typography sx={{ fontSize: 22, fontWeight: 600 }} color="text.secondary" noWrap>
        {label}
      </Typography>
      <Typography
        sx={{ fontSize: 64, fontWeight: 800, lineHeight: 1.15, color, fontVariantNumeric: 'tabular-nums' }}
        data-testid={testId}
      >
        {value}
      </Typography>
    </Box>
  );
}

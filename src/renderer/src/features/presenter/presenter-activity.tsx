import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { SparkLineChart } from '@mui/x-charts/SparkLineChart';
import { useEffect, useState } from 'react';
import { ACTIVITY_STATUS_LABELS, COUNTERS_BY_RUN_TYPE, COUNTER_LABELS, RUN_TYPE_LABELS } from '../../../../shared/model/index';
import type { ActivitySummary, CounterName } from '../../../../shared/model/index';
import { useLiveActivity } from '../../api/activity-store';
import { durationMs, formatDuration, formatNumber } from '../../components/format';
import { COUNTER_COLORS } from '../activities/activity-panel';
import { pu } from './presenter-theme';
import type { ThroughputSeries } from './throughput-series';

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

/** Only counters that moved: a wall of zeros hides the two numbers the room should read. */
export function movedCounters(activity: Pick<ActivitySummary, 'runType' | 'counters'>): CounterName[] {
  const names = activity.runType ? COUNTERS_BY_RUN_TYPE[activity.runType] : [];
  return names.filter((name) => (activity.counters[name] ?? 0) > 0);
}

interface PresenterActivityProps {
  activityId: number;
  /** Other steps of the same parallel group running at the same time. */
  alsoRunning: number;
  throughput: ThroughputSeries;
  /** Off where the page title already names the run. */
  showTitle: boolean;
}

/** The step run in focus: what it is doing, its counters in big type, and the throughput line. */
export function PresenterActivity({ activityId, alsoRunning, throughput, showTitle }: PresenterActivityProps) {
  const { activity, progress, error } = useLiveActivity(activityId);
  const running = activity?.status === 'inProgress';
  const now = useNow(running);

  if (!activity)
    return (
      <Box data-testid="presenter-activity" sx={{ minHeight: 0 }}>
        {error ? <Typography sx={{ fontSize: pu(3) }}>{error}</Typography> : <LinearProgress />}
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
  const counters = movedCounters(activity);
  const kind = [
    activity.runType ? RUN_TYPE_LABELS[activity.runType] : '',
    running ? '' : ACTIVITY_STATUS_LABELS[activity.status],
    alsoRunning > 0 ? `+${alsoRunning} running in parallel` : '',
  ].filter(Boolean);

  return (
    <Box
      data-testid="presenter-activity"
      data-activity-id={activity.id}
      data-status={activity.status}
      sx={{ display: 'flex', flexDirection: 'column', gap: pu(1.5), minHeight: 0, minWidth: 0, flex: '1 1 0' }}
    >
      {(showTitle || kind.length > 0) && (
        <Box sx={{ display: 'flex', alignItems: 'baseline', gap: pu(1.5), minWidth: 0 }}>
          {showTitle && (
            <Typography sx={{ fontSize: pu(4.2), fontWeight: 800, lineHeight: 1.15, minWidth: 0 }} noWrap data-testid="presenter-activity-title">
              {activity.systemName} · {activity.runProfileName}
            </Typography>
          )}
          <Typography sx={{ fontSize: pu(2.8), flexShrink: 0 }} color="text.secondary" noWrap data-testid="presenter-activity-kind">
            {kind.join(' · ')}
          </Typography>
        </Box>
      )}

      <Box data-testid="presenter-current-step">
        <Box sx={{ display: 'flex', alignItems: 'baseline', gap: pu(2), mb: pu(0.8) }}>
          <Typography sx={{ fontSize: pu(3), flexGrow: 1, minWidth: 0 }} noWrap data-testid="presenter-activity-step">
            {activity.step}
          </Typography>
          {/* "Queued 0" says nothing: a count shows once there is a total or something counted. */}
          {(total !== null || activity.objectsProcessed > 0) && (
            <Typography sx={{ fontSize: pu(3), fontVariantNumeric: 'tabular-nums', flexShrink: 0 }} data-testid="presenter-progress-text">
              {formatNumber(activity.objectsProcessed)}
              {total !== null ? ` / ${formatNumber(total)}` : ''}
              {percent !== null ? ` · ${Math.floor(percent)}%` : ''}
            </Typography>
          )}
        </Box>
        <LinearProgress
          variant={percent === null ? 'indeterminate' : 'determinate'}
          value={percent ?? 0}
          sx={{ height: pu(1.4), borderRadius: pu(0.7) }}
          data-testid="presenter-progress"
        />
      </Box>

      <Box
        data-testid="presenter-counters"
        sx={{ display: 'grid', gridTemplateColumns: `repeat(auto-fill, minmax(${pu(24)}, 1fr))`, gap: pu(1.2) }}
      >
        {counters.map((name) => (
          <BigCounter
            key={name}
            label={COUNTER_LABELS[name]}
            value={formatNumber(activity.counters[name] ?? 0)}
            testId={`presenter-counter-${name}`}
            color={COUNTER_COLORS[name]}
          />
        ))}
        {counters.length === 0 && (
          <Typography sx={{ fontSize: pu(2.8), py: pu(1) }} color="text.secondary" data-testid="presenter-counters-none">
            {running ? 'Nothing changed yet' : 'Nothing changed'}
          </Typography>
        )}
      </Box>

      <Box sx={{ display: 'flex', gap: pu(1.2), flex: '1 1 0', minHeight: pu(16) }}>
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: pu(1.2), width: pu(26), flexShrink: 0 }}>
          <BigCounter label="Objects/s" value={formatRate(rate)} testId="presenter-rate" />
          <BigCounter label="Elapsed" value={formatDuration(elapsed)} testId="presenter-elapsed" />
        </Box>
        <ThroughputChart throughput={throughput} />
      </Box>

      {activity.errorMessage && (
        <Typography
          sx={{ fontSize: pu(2.6), color: 'error.main', display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden' }}
          title={activity.errorMessage}
          data-testid="presenter-activity-error"
        >
          {activity.errorMessage}
        </Typography>
      )}
    </Box>
  );
}

function ThroughputChart({ throughput }: { throughput: ThroughputSeries }) {
  const theme = useTheme();
  const { rates, bucketSeconds, peak } = throughput;
  // A line needs two points; a run seen for under a second starts from standing still.
  const data = rates.length === 1 ? [0, ...rates] : rates;
  const seconds = rates.length * bucketSeconds;
  return (
    <Box
      data-testid="presenter-throughput"
      sx={{ flex: '1 1 0', minWidth: 0, display: 'flex', flexDirection: 'column', px: pu(1.5), py: pu(1), border: 2, borderColor: 'divider', borderRadius: 2 }}
    >
      <Typography sx={{ fontSize: pu(2.2), fontWeight: 600 }} color="text.secondary" noWrap>
        Throughput, objects/s
        {rates.length > 0 ? ` · last ${formatDuration(seconds * 1000)}` : ''}
        {peak > 0 ? ` · peak ${formatRate(peak)}` : ''}
      </Typography>
      <Box
        data-testid="presenter-sparkline"
        data-points={data.length}
        data-peak={peak}
        data-rates={rates.map((r) => Math.round(r)).join(',')}
        sx={{ flex: '1 1 0', minHeight: 0, position: 'relative' }}
      >
        {data.length > 0 ? (
          <Box sx={{ position: 'absolute', inset: 0 }}>
            <SparkLineChart
              data={data}
              area
              curve="linear"
              color={theme.palette.info.main}
              yAxis={{ min: 0, max: Math.max(1, peak) }}
              clipAreaOffset={{ top: 3, bottom: 3 }}
            />
          </Box>
        ) : (
          <Typography sx={{ fontSize: pu(2.4), pt: pu(1) }} color="text.secondary">
            The line appears while a run is going.
          </Typography>
        )}
      </Box>
    </Box>
  );
}

function BigCounter({ label, value, testId, color }: { label: string; value: string; testId: string; color?: string | undefined }) {
  return (
    <Box sx={{ px: pu(1.5), py: pu(0.6), border: 2, borderColor: 'divider', borderRadius: 2, minWidth: 0, overflow: 'hidden' }}>
      <Typography sx={{ fontSize: pu(2.2), fontWeight: 600, lineHeight: 1.3 }} color="text.secondary" noWrap>
        {label}
      </Typography>
      <Typography
        sx={{ fontSize: pu(5.2), fontWeight: 800, lineHeight: 1.15, color, fontVariantNumeric: 'tabular-nums' }}
        noWrap
        data-testid={testId}
      >
        {value}
      </Typography>
    </Box>
  );
}

import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { BarChart } from '@mui/x-charts/BarChart';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { ACTIVITY_STATUS_LABELS } from '../../../../shared/model/index';
import type { ActivitySummary } from '../../../../shared/model/index';
import { api } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { durationMs, formatDateTime, formatNumber } from '../../components/format';

const RUNS = 30;

interface RunPoint {
  id: number;
  label: string;
  startedAt: string;
  status: ActivitySummary['status'];
  seconds: number;
  rate: number | null;
  errors: number;
}

/** Finished runs only, oldest first, so the charts read left to right like a timeline. */
function toPoints(rows: ActivitySummary[]): RunPoint[] {
  return rows
    .filter((r) => r.status !== 'inProgress' && r.endedAt !== null)
    .sort((a, b) => a.id - b.id)
    .map((r) => {
      const startedAt = r.startedAt ?? r.createdAt;
      const seconds = (durationMs(startedAt, r.endedAt) ?? 0) / 1000;
      return {
        id: r.id,
        label: `#${r.id}`,
        startedAt,
        status: r.status,
        seconds,
        // A run that took no measurable time has no meaningful rate; a gap says so better than a spike.
        rate: seconds > 0 ? r.objectsProcessed / seconds : null,
        errors: r.counters.errors ?? 0,
      };
    });
}

function formatSeconds(s: number | null): string {
  if (s === null) return '—';
  return s < 10 ? `${s.toFixed(1)} s` : `${formatNumber(Math.round(s))} s`;
}

function formatRate(r: number | null): string {
  if (r === null) return '—';
  return r < 10 ? `${r.toFixed(1)}/s` : `${formatNumber(Math.round(r))}/s`;
}

/** The profile's last runs as three small bar charts (duration, throughput, errors); a bar opens its run. */
export function RunHistory({ runProfileId }: { runProfileId: number }) {
  const navigate = useNavigate();
  const theme = useTheme();
  const history = useQuery(
    // Step runs of schedule executions are runs of this profile too.
    () => api.call('activities.list', { runProfileId, limit: RUNS, topLevelOnly: false }),
    `run-history-${runProfileId}`,
  );
  const { reload } = history;
  useEffect(
    () =>
      api.on('activities.onFinished', (a) => {
        if (a.runProfileId === runProfileId) reload();
      }),
    [runProfileId, reload],
  );

  const points = toPoints(history.data?.rows ?? []);
  const labels = points.map((p) => p.label);
  const byLabel = new Map(points.map((p) => [p.label, p]));
  const xAxis = [
    {
      scaleType: 'band' as const,
      data: labels,
      valueFormatter: (value: string, context: { location: string }) => {
        const p = byLabel.get(value);
        return context.location === 'tooltip' && p
          ? `Activity ${value} · ${formatDateTime(p.startedAt)} · ${ACTIVITY_STATUS_LABELS[p.status]}`
          : value;
      },
    },
  ];
  const open = (dataIndex: number): void => {
    const p = points[dataIndex];
    if (p) void navigate(`/activities/${p.id}`);
  };

  const charts = [
    {
      key: 'duration',
      title: 'Duration (s)',
      data: points.map((p) => p.seconds),
      color: theme.palette.primary.main,
      format: formatSeconds,
    },
    {
      key: 'rate',
      title: 'Objects per second',
      data: points.map((p) => p.rate),
      color: theme.palette.info.main,
      format: formatRate,
    },
    {
      key: 'errors',
      title: 'Errors',
      data: points.map((p) => p.errors),
      color: theme.palette.error.main,
      format: (v: number | null) => (v === null ? '—' : formatNumber(v)),
    },
  ];

  return (
    <Paper sx={{ p: 2 }} data-testid="run-history" data-runs={points.length}>
      <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
        Run history
      </Typography>
      <Typography variant="caption" color="text.secondary" component="div" sx={{ mb: 1 }}>
        {points.length === 0
          ? 'No finished runs yet.'
          : `The last ${points.length} finished run${points.length === 1 ? '' : 's'}, oldest first. Click a bar to open its activity.`}
      </Typography>
      {history.error && <Alert severity="error">{history.error}</Alert>}
      {history.loading && !history.data && <LinearProgress />}
      {points.length > 0 && (
        <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 2 }}>
          {charts.map((c) => (
            <Box key={c.key} sx={{ flex: '1 1 260px', minWidth: 240 }} data-testid={`run-history-${c.key}`}>
              <Typography variant="caption" color="text.secondary" component="div" sx={{ textAlign: 'center' }}>
                {c.title}
              </Typography>
              <BarChart
                height={180}
                xAxis={xAxis}
                // Counts are whole numbers, and a run of zeros still needs an axis that reads 0 to 1.
                yAxis={[
                  c.key === 'errors'
                    ? { width: 48, min: 0, tickMinStep: 1, ...(c.data.every((v) => !v) ? { max: 1 } : {}) }
                    : { width: 48, min: 0 },
                ]}
                series={[{ data: c.data, label: c.title, color: c.color, valueFormatter: (v) => c.format(v) }]}
                hideLegend
                margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
                onItemClick={(_, item) => open(item.dataIndex)}
                sx={{ cursor: 'pointer' }}
              />
            </Box>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

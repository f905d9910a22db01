import CloseIcon from '@mui/icons-material/Close';
import DarkModeIcon from '@mui/icons-material/DarkMode';
import LightModeIcon from '@mui/icons-material/LightMode';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ThemeProvider } from '@mui/material/styles';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { ACTIVITY_STATUS_LABELS } from '../../../../shared/model/index';
import type { ScheduleExecution } from '../../../../shared/model/index';
import { api, errorMessage } from '../../api/client';
import { useLiveExecution } from '../../api/execution-store';
import { useQuery } from '../../api/use-query';
import { formatDateTime } from '../../components/format';
import { StepRail } from '../schedules/step-rail';
import { PresenterActivity } from './presenter-activity';
import { PresenterPipeline } from './presenter-pipeline';
import { buildPresenterTheme, type PresenterMode } from './presenter-theme';
import { useThroughput } from './use-throughput';

/** While showing "the latest" execution, look for a newer one this often (scheduler, CLI). */
const LATEST_POLL_MS = 5000;

/**
 * The presenter view: a full-window, high-contrast dashboard of the running (or latest, or given)
 * schedule execution, rendered outside the app shell. Esc or the close button leaves it.
 */
export function PresenterPage() {
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)', { noSsr: true });
  const [override, setOverride] = useState<PresenterMode | null>(null);
  const mode: PresenterMode = override ?? (prefersDark ? 'dark' : 'light');
  const theme = useMemo(() => buildPresenterTheme(mode), [mode]);

  const navigate = useNavigate();
  const location = useLocation();
  const exit = useCallback(() => {
    // Back to wherever the presenter was opened from; a direct link has nowhere to go back to.
    if (location.key !== 'default') void navigate(-1);
    else void navigate('/schedules');
  }, [location.key, navigate]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') exit();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [exit]);

  const { executionId } = useParams();
  const givenId = executionId !== undefined && /^\d+$/.test(executionId) ? Number(executionId) : null;

  return (
    <ThemeProvider theme={theme}>
      <Box
        data-testid="presenter"
        data-mode={mode}
        sx={{
          position: 'fixed',
          inset: 0,
          overflow: 'auto',
          bgcolor: 'background.default',
          color: 'text.primary',
          colorScheme: mode,
          px: 4,
          py: 3,
        }}
      >
        {executionId !== undefined && givenId === null ? (
          <>
            <Header title="Presenter view" mode={mode} onToggle={setOverride} onExit={exit} />
            <Alert severity="error">“{executionId}” is not an execution id.</Alert>
          </>
        ) : givenId !== null ? (
          <GivenExecution id={givenId} mode={mode} onToggle={setOverride} onExit={exit} />
        ) : (
          <LatestExecution mode={mode} onToggle={setOverride} onExit={exit} />
        )}
      </Box>
    </ThemeProvider>
  );
}

interface ChromeProps {
  mode: PresenterMode;
  onToggle(mode: PresenterMode): void;
  onExit(): void;
}

function Header({ title, subtitle, mode, onToggle, onExit }: ChromeProps & { title: string; subtitle?: string }) {
  return (
    <Stack direction="row" sx={{ alignItems: 'center', gap: 2, mb: 3 }}>
      <Box sx={{ flexGrow: 1, minWidth: 0 }}>
        <Typography sx={{ fontSize: 48, fontWeight: 800, lineHeight: 1.1 }} noWrap data-testid="presenter-title">
          {title}
        </Typography>
        {subtitle && (
          <Typography sx={{ fontSize: 24 }} color="text.secondary" data-testid="presenter-subtitle">
            {subtitle}
          </Typography>
        )}
      </Box>
      <Button
        variant="outlined"
        color="inherit"
        size="large"
        startIcon={mode === 'dark' ? <LightModeIcon /> : <DarkModeIcon />}
        onClick={() => onToggle(mode === 'dark' ? 'light' : 'dark')}
        data-testid="presenter-theme"
        sx={{ fontSize: 18, borderWidth: 2 }}
      >
        {mode === 'dark' ? 'Light' : 'Dark'}
      </Button>
      <Button
        variant="contained"
        size="large"
        startIcon={<CloseIcon />}
        onClick={onExit}
        data-testid="presenter-exit"
        title="Leave the presenter view (Esc)"
        sx={{ fontSize: 18 }}
      >
        Exit
      </Button>
    </Stack>
  );
}

function GivenExecution({ id, ...chrome }: ChromeProps & { id: number }) {
  const { execution, error } = useLiveExecution(id);
  if (!execution)
    return (
      <>
        <Header title="Presenter view" {...chrome} />
        {error ? <Alert severity="error">{error}</Alert> : <LinearProgress />}
      </>
    );
  return <ExecutionDashboard key={execution.id} initial={execution} {...chrome} />;
}

function LatestExecution(chrome: ChromeProps) {
  const latest = useQuery(() => api.call('schedules.executions', { limit: 1 }), 'presenter-latest');
  const { reload } = latest;
  const current = latest.data?.rows[0];
  const currentId = current?.id ?? null;

  useEffect(
    () =>
      api.on('schedules.onExecutionChanged', (e) => {
        if (currentId === null || e.id > currentId) reload();
      }),
    [currentId, reload],
  );
  useEffect(() => {
    const timer = setInterval(reload, LATEST_POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);

  if (!latest.data)
    return (
      <>
        <Header title="Presenter view" {...chrome} />
        {latest.error ? <Alert severity="error">{latest.error}</Alert> : <LinearProgress />}
      </>
    );
  if (!current) return <Waiting onStarted={reload} {...chrome} />;
  return <ExecutionDashboard key={current.id} initial={current} {...chrome} />;
}

function ExecutionDashboard({ initial, ...chrome }: ChromeProps & { initial: ScheduleExecution }) {
  const { execution: live, error } = useLiveExecution(initial.id, initial);
  const execution = live ?? initial;
  const running = execution.status === 'inProgress';

  const runningSteps = execution.steps.filter((s) => s.state === 'running' && s.activityId !== null);
  // While nothing runs (between steps or after the end) keep the last step that ran in focus.
  const lastRan = [...execution.steps].reverse().find((s) => s.activityId !== null);
  const focus = runningSteps[0] ?? lastRan;
  const stepActivityIds = execution.steps.flatMap((s) => (s.activityId === null ? [] : [s.activityId]));
  const throughput = useThroughput(execution.id, stepActivityIds, running);

  const status = running ? 'Running' : ACTIVITY_STATUS_LABELS[execution.status];
  const when = execution.startedAt ? `started ${formatDateTime(execution.startedAt)}` : 'queued';
  return (
    <Stack spacing={3} data-testid="presenter-execution" data-execution-id={execution.id} data-status={execution.status}>
      <Header
        title={execution.scheduleName}
        subtitle={`Execution #${execution.id} · ${status} · ${when}${execution.endedAt ? ` · ended ${formatDateTime(execution.endedAt)}` : ''}`}
        {...chrome}
      />
      {error && <Alert severity="warning">{error}</Alert>}
      {execution.message && (
        <Typography sx={{ fontSize: 22 }} color="text.secondary" data-testid="presenter-execution-message">
          {execution.message}
        </Typography>
      )}

      {/* The schedules screen's rail, scaled up for the room. */}
      <Box data-testid="presenter-rail" sx={{ zoom: 1.6 }}>
        <StepRail steps={execution.steps} />
      </Box>

      {focus?.activityId != null ? (
        <PresenterActivity
          key={focus.activityId}
          activityId={focus.activityId}
          alsoRunning={Math.max(0, runningSteps.length - 1)}
          throughput={throughput}
        />
      ) : (
        <Typography sx={{ fontSize: 32 }} color="text.secondary" data-testid="presenter-activity-none">
          {running ? 'Starting the first step…' : 'No step of this execution ran.'}
        </Typography>
      )}

      <PresenterPipeline live={running} />
    </Stack>
  );
}

function Waiting({ onStarted, ...chrome }: ChromeProps & { onStarted(): void }) {
  const schedules = useQuery(() => api.call('schedules.list', {}), 'presenter-schedules');
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState<number | null>(null);

  const runNow = async (id: number): Promise<void> => {
    setStarting(id);
    setStartError(null);
    try {
      await api.call('schedules.runNow', { id });
      onStarted();
    } catch (err) {
      setStartError(errorMessage(err));
    } finally {
      setStarting(null);
    }
  };

  const list = schedules.data ?? [];
  return (
    <Stack spacing={4} data-testid="presenter-waiting">
      <Header title="Waiting for a run" subtitle="No schedule has run yet. Start one to follow it live here." {...chrome} />
      {schedules.error && <Alert severity="error">{schedules.error}</Alert>}
      {startError && (
        <Alert severity="error" onClose={() => setStartError(null)}>
          {startError}
        </Alert>
      )}
      {!schedules.data && !schedules.error && <LinearProgress />}
      {schedules.data && list.length === 0 && (
        <Typography sx={{ fontSize: 28 }} color="text.secondary">
          There are no schedules yet: create one under Schedules.
        </Typography>
      )}
      {list.length > 0 && (
        <Stack direction="row" sx={{ gap: 2, flexWrap: 'wrap' }}>
          {list.map((s) => (
            <Button
              key={s.id}
              variant="contained"
              size="large"
              startIcon={<PlayArrowIcon sx={{ fontSize: 36 }} />}
              disabled={starting !== null}
              onClick={() => void runNow(s.id)}
              data-testid={`presenter-run-${s.name}`}
              sx={{ fontSize: 28, px: 4, py: 1.5 }}
            >
              {s.name}
              <Typography component="span" sx={{ fontSize: 18, ml: 1.5, opacity: 0.85 }}>
                {s.steps.length} step{s.steps.length === 1 ? '' : 's'}
              </Typography>
            </Button>
          ))}
        </Stack>
      )}
      <PresenterPipeline live={false} />
    </Stack>
  );
}

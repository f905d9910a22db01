import CloseIcon from '@mui/icons-material/Close';
import DarkModeIcon from '@mui/icons-material/DarkMode';
import LightModeIcon from '@mui/icons-material/LightMode';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { ThemeProvider } from '@mui/material/styles';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { ExecutionDashboard, RunDashboard, type Chrome } from './presenter-dashboard';
import { PresenterPipeline } from './presenter-pipeline';
import { buildPresenterTheme, PRESENTER_UNIT, PRESENTER_UNIT_VAR, pu, type PresenterMode } from './presenter-theme';
import { useFollowedRun } from './use-followed-run';

/**
 * The presenter view: a full-window, high-contrast dashboard of whatever runs (a schedule
 * execution, or one run profile started by hand or by the CLI), or of a given execution,
 * rendered outside the app shell and sized to the window. Esc or the close button leaves it.
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

  const chrome: Chrome = useMemo(
    () => ({
      header: (title, subtitle) => <Header title={title} subtitle={subtitle} mode={mode} onToggle={setOverride} onExit={exit} />,
    }),
    [mode, exit],
  );

  const { executionId } = useParams();
  const givenId = executionId !== undefined && /^\d+$/.test(executionId) ? Number(executionId) : null;

  return (
    <ThemeProvider theme={theme}>
      <Box
        data-testid="presenter"
        data-mode={mode}
        sx={{
          [PRESENTER_UNIT_VAR]: PRESENTER_UNIT,
          position: 'fixed',
          inset: 0,
          // The layout is built to fit; scrolling is only the last resort of a tiny window.
          overflow: 'auto',
          display: 'flex',
          flexDirection: 'column',
          gap: pu(1.8),
          bgcolor: 'background.default',
          color: 'text.primary',
          colorScheme: mode,
          px: pu(3.5),
          py: pu(2.5),
        }}
      >
        {executionId !== undefined && givenId === null ? (
          <>
            {chrome.header('Presenter view')}
            <Alert severity="error">“{executionId}” is not an execution id.</Alert>
          </>
        ) : givenId !== null ? (
          <ExecutionDashboard key={givenId} id={givenId} chrome={chrome} />
        ) : (
          <FollowedRunView chrome={chrome} />
        )}
      </Box>
    </ThemeProvider>
  );
}

interface HeaderProps {
  title: string;
  subtitle?: string | undefined;
  mode: PresenterMode;
  onToggle(mode: PresenterMode): void;
  onExit(): void;
}

function Header({ title, subtitle, mode, onToggle, onExit }: HeaderProps) {
  const buttonSx = { fontSize: pu(2.2), flexShrink: 0, '& .MuiButton-startIcon > *:nth-of-type(1)': { fontSize: pu(2.8) } };
  return (
    <Box data-testid="presenter-header" sx={{ display: 'flex', alignItems: 'center', gap: pu(2), flexShrink: 0 }}>
      <Box sx={{ flexGrow: 1, minWidth: 0 }}>
        <Typography sx={{ fontSize: pu(5), fontWeight: 800, lineHeight: 1.1 }} noWrap data-testid="presenter-title">
          {title}
        </Typography>
        {subtitle && (
          <Typography sx={{ fontSize: pu(2.5), lineHeight: 1.3 }} color="text.secondary" noWrap data-testid="presenter-subtitle">
            {subtitle}
          </Typography>
        )}
      </Box>
      <Button
        variant="outlined"
        color="inherit"
        startIcon={mode === 'dark' ? <LightModeIcon /> : <DarkModeIcon />}
        onClick={() => onToggle(mode === 'dark' ? 'light' : 'dark')}
        data-testid="presenter-theme"
        sx={{ ...buttonSx, borderWidth: 2 }}
      >
        {mode === 'dark' ? 'Light' : 'Dark'}
      </Button>
      <Button
        variant="contained"
        startIcon={<CloseIcon />}
        onClick={onExit}
        data-testid="presenter-exit"
        title="Leave the presenter view (Esc)"
        sx={buttonSx}
      >
        Exit
      </Button>
    </Box>
  );
}

/** Whatever runs now, else what ran last; a run started anywhere (app, scheduler, CLI) takes over. */
function FollowedRunView({ chrome }: { chrome: Chrome }) {
  const { followed, loaded, error } = useFollowedRun();
  if (!loaded)
    return (
      <>
        {chrome.header('Presenter view')}
        {error ? <Alert severity="error">{error}</Alert> : <LinearProgress />}
      </>
    );
  if (!followed) return <Waiting chrome={chrome} />;
  return followed.kind === 'schedule' ? (
    <ExecutionDashboard key={`schedule-${followed.id}`} id={followed.id} chrome={chrome} />
  ) : (
    <RunDashboard key={`run-${followed.id}`} id={followed.id} chrome={chrome} />
  );
}

function Waiting({ chrome }: { chrome: Chrome }) {
  const schedules = useQuery(() => api.call('schedules.list', {}), 'presenter-schedules');
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState<number | null>(null);

  const runNow = async (id: number): Promise<void> => {
    setStarting(id);
    setStartError(null);
    try {
      // The new execution is picked up through its events (or the next look for runs).
      await api.call('schedules.runNow', { id });
    } catch (err) {
      setStartError(errorMessage(err));
    } finally {
      setStarting(null);
    }
  };

  const list = schedules.data ?? [];
  return (
    <Box data-testid="presenter-waiting" sx={{ display: 'flex', flexDirection: 'column', gap: pu(3), flex: '1 1 0', minHeight: 0 }}>
      {chrome.header('Waiting for a run', 'Nothing has run yet. Start a schedule here, or a run anywhere, to follow it live.')}
      {schedules.error && <Alert severity="error">{schedules.error}</Alert>}
      {startError && (
        <Alert severity="error" onClose={() => setStartError(null)}>
          {startError}
        </Alert>
      )}
      {!schedules.data && !schedules.error && <LinearProgress />}
      {schedules.data && list.length === 0 && (
        <Typography sx={{ fontSize: pu(3) }} color="text.secondary">
          There are no schedules yet: create one under Schedules.
        </Typography>
      )}
      {list.length > 0 && (
        <Box sx={{ display: 'flex', gap: pu(2), flexWrap: 'wrap' }}>
          {list.map((s) => (
            <Button
              key={s.id}
              variant="contained"
              startIcon={<PlayArrowIcon />}
              disabled={starting !== null}
              onClick={() => void runNow(s.id)}
              data-testid={`presenter-run-${s.name}`}
              sx={{ fontSize: pu(3), px: pu(3), py: pu(1.2) }}
            >
              {s.name}
              <Typography component="span" sx={{ fontSize: pu(2), ml: pu(1.5), opacity: 0.85 }}>
                {s.steps.length} step{s.steps.length === 1 ? '' : 's'}
              </Typography>
            </Button>
          ))}
        </Box>
      )}
      <Box sx={{ flex: '1 1 0', minHeight: 0, display: 'flex', justifyContent: 'center' }}>
        <Box sx={{ width: pu(60), maxWidth: '100%', minHeight: 0, display: 'flex' }}>
          <PresenterPipeline live={false} />
        </Box>
      </Box>
    </Box>
  );
}

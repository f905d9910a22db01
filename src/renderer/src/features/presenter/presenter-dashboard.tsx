import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { ACTIVITY_STATUS_LABELS } from '../../../../shared/model/index';
import type { ActivityStatus, ScheduleExecution } from '../../../../shared/model/index';
import { useLiveActivity } from '../../api/activity-store';
import { useLiveExecution } from '../../api/execution-store';
import { formatDateTime } from '../../components/format';
import { PresenterActivity } from './presenter-activity';
import { PresenterPipeline } from './presenter-pipeline';
import { PresenterRail } from './presenter-rail';
import { pu } from './presenter-theme';
import { useThroughput } from './use-throughput';

export interface Chrome {
  /** The title bar with the theme and exit buttons, given the page's title. */
  header(title: string, subtitle?: string): ReactNode;
}

function describe(what: string, status: ActivityStatus, startedAt: string | null, endedAt: string | null): string {
  const state = status === 'inProgress' ? 'Running' : ACTIVITY_STATUS_LABELS[status];
  const when = startedAt ? `started ${formatDateTime(startedAt)}` : 'waiting to start';
  return [what, state, when, endedAt ? `ended ${formatDateTime(endedAt)}` : ''].filter(Boolean).join(' · ');
}

/**
 * Header, an optional message and rail, then the run in focus beside the pipeline. The middle
 * row takes whatever height is left, so the page fits the window instead of scrolling.
 */
function DashboardLayout({ top, focus, live }: { top: ReactNode; focus: ReactNode; live: boolean }) {
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: pu(1.8), flex: '1 1 0', minHeight: 0 }}>
      {top}
      <Box
        sx={{ display: 'grid', gridTemplateColumns: `minmax(0, 1fr) minmax(${pu(34)}, 28%)`, gap: pu(3), flex: '1 1 0', minHeight: 0 }}
      >
        <Box data-testid="presenter-focus" sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, minWidth: 0 }}>
          {focus}
        </Box>
        <PresenterPipeline live={live} />
      </Box>
    </Box>
  );
}

export function ExecutionDashboard({ initial, id, chrome }: { initial?: ScheduleExecution; id: number; chrome: Chrome }) {
  const { execution, error } = useLiveExecution(id, initial);
  const running = execution?.status === 'inProgress';
  const throughput = useThroughput({ kind: 'schedule', id }, running);

  if (!execution)
    return (
      <>
        {chrome.header('Presenter view')}
        {error && <Alert severity="error">{error}</Alert>}
      </>
    );

  const runningSteps = execution.steps.filter((s) => s.state === 'running' && s.activityId !== null);
  // While nothing runs (between steps or after the end) keep the last step that ran in focus.
  const lastRan = [...execution.steps].reverse().find((s) => s.activityId !== null);
  const focus = runningSteps[0] ?? lastRan;
  const top = (
    <>
      {chrome.header(
        execution.scheduleName,
        describe(`Execution #${execution.id}`, execution.status, execution.startedAt, execution.endedAt),
      )}
      {error && <Alert severity="warning">{error}</Alert>}
      {execution.message && (
        <Typography sx={{ fontSize: pu(2.4), flexShrink: 0 }} color="text.secondary" noWrap title={execution.message} data-testid="presenter-execution-message">
          {execution.message}
        </Typography>
      )}
      <PresenterRail steps={execution.steps} />
    </>
  );
  const focusView =
    focus?.activityId != null ? (
      <PresenterActivity
        key={focus.activityId}
        activityId={focus.activityId}
        alsoRunning={Math.max(0, runningSteps.length - 1)}
        throughput={throughput}
        showTitle
      />
    ) : (
      <Typography sx={{ fontSize: pu(3.5) }} color="text.secondary" data-testid="presenter-activity-none">
        {running ? 'Starting the first step…' : 'No step of this execution ran.'}
      </Typography>
    );
  return (
    <Box
      data-testid="presenter-execution"
      data-execution-id={execution.id}
      data-status={execution.status}
      sx={{ display: 'flex', flexDirection: 'column', flex: '1 1 0', minHeight: 0 }}
    >
      <DashboardLayout top={top} focus={focusView} live={running} />
    </Box>
  );
}

/** One run profile run on its own (started by hand or by the CLI): no rail, the run is the page. */
export function RunDashboard({ id, chrome }: { id: number; chrome: Chrome }) {
  const { activity, error } = useLiveActivity(id);
  const running = activity === undefined || activity.status === 'inProgress';
  const throughput = useThroughput({ kind: 'run', id }, running);

  if (!activity)
    return (
      <>
        {chrome.header('Presenter view')}
        {error && <Alert severity="error">{error}</Alert>}
      </>
    );
  const source = activity.initiatedBy === 'cli' ? ' from the CLI' : activity.initiatedBy === 'schedule' ? ' from the scheduler' : '';
  return (
    <Box
      data-testid="presenter-run"
      data-activity-id={activity.id}
      data-status={activity.status}
      sx={{ display: 'flex', flexDirection: 'column', flex: '1 1 0', minHeight: 0 }}
    >
      <DashboardLayout
        top={chrome.header(
          `${activity.systemName} · ${activity.runProfileName}`,
          describe(`Run #${activity.id}${source}`, activity.status, activity.startedAt, activity.endedAt),
        )}
        focus={<PresenterActivity activityId={id} alsoRunning={0} throughput={throughput} showTitle={false} />}
        live={running}
      />
    </Box>
  );
}

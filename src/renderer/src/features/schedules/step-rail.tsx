import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import BlockIcon from '@mui/icons-material/Block';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import PlayCircleIcon from '@mui/icons-material/PlayCircle';
import RadioButtonUncheckedIcon from '@mui/icons-material/RadioButtonUnchecked';
import RemoveCircleOutlineIcon from '@mui/icons-material/RemoveCircleOutlineOutlined';
import WarningIcon from '@mui/icons-material/Warning';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import type { ExecutionStep, StepState } from '../../../../shared/model/index';
import { RouterLink } from '../../components/router-link';
import { StepRunCounters } from '../drill-down/counter-links';
import { groupExecutionSteps } from './schedule-format';

export const STEP_STATE_LABELS: Record<StepState, string> = {
  pending: 'Pending',
  running: 'Running',
  done: 'Done',
  warning: 'Done with warnings',
  failed: 'Failed',
  cancelled: 'Cancelled',
  notRun: 'Not run',
};

export const STEP_STATE_COLORS: Record<StepState, string> = {
  pending: 'text.disabled',
  running: 'info.main',
  done: 'success.main',
  warning: 'warning.main',
  failed: 'error.main',
  cancelled: 'text.secondary',
  notRun: 'text.disabled',
};

/**
 * One icon per step state, for this rail and the presenter's. A desk shows a spinner while a step
 * runs; a projector shows a still icon, whose frame cannot be caught all but empty in a screenshot.
 */
export function StepStateIcon({ state, fontSize, running = 'spinner' }: { state: StepState; fontSize: number | string; running?: 'spinner' | 'still' }): ReactNode {
  const sx = { fontSize, color: STEP_STATE_COLORS[state], flexShrink: 0 };
  switch (state) {
    case 'running':
      return running === 'spinner' ? <CircularProgress size={16} thickness={5} color="info" /> : <PlayCircleIcon sx={sx} />;
    case 'done':
      return <CheckCircleIcon sx={sx} />;
    case 'warning':
      return <WarningIcon sx={sx} />;
    case 'failed':
      return <ErrorIcon sx={sx} />;
    case 'cancelled':
      return <BlockIcon sx={sx} />;
    case 'notRun':
      return <RemoveCircleOutlineIcon sx={sx} />;
    case 'pending':
      return <RadioButtonUncheckedIcon sx={sx} />;
  }
}

/**
 * A schedule execution's steps left to right, one column per group; steps of a parallel group
 * stack inside their column. Each step links to the child activity that ran it.
 */
export function StepRail({ steps }: { steps: readonly ExecutionStep[] }) {
  const groups = groupExecutionSteps(steps);
  if (groups.length === 0)
    return (
      <Typography variant="body2" color="text.secondary" data-testid="step-rail">
        This execution has no steps.
      </Typography>
    );
  return (
    <Stack
      direction="row"
      spacing={1}
      data-testid="step-rail"
      sx={{ alignItems: 'center', overflowX: 'auto', pb: 0.5 }}
    >
      {groups.map((group, g) => (
        <Stack key={group[0]?.group ?? g} direction="row" spacing={1} sx={{ alignItems: 'center', flexShrink: 0 }}>
          {g > 0 && <ArrowForwardIcon fontSize="small" color="action" />}
          <Stack
            spacing={0.75}
            data-testid="step-rail-group"
            sx={
              group.length > 1
                ? { p: 0.75, border: 1, borderStyle: 'dashed', borderColor: 'divider', borderRadius: 1.5 }
                : undefined
            }
          >
            <Typography variant="caption" color="text.secondary" sx={{ lineHeight: 1.2 }}>
              Step {g + 1} of {groups.length}
              {group.length > 1 ? ` · ${group.length} in parallel` : ''}
            </Typography>
            {group.map((step) => (
              <RailStep key={step.stepIndex} step={step} />
            ))}
          </Stack>
        </Stack>
      ))}
    </Stack>
  );
}

function RailStep({ step }: { step: ExecutionStep }) {
  const dimmed = step.state === 'notRun' || step.state === 'pending';
  return (
    <Box
      data-testid={`step-rail-step-${step.stepIndex}`}
      data-state={step.state}
      title={STEP_STATE_LABELS[step.state]}
      sx={{
        display: 'flex',
        alignItems: 'flex-start',
        gap: 1,
        minWidth: 170,
        maxWidth: 260,
        px: 1.25,
        py: 0.75,
        border: 1,
        borderColor: dimmed ? 'divider' : STEP_STATE_COLORS[step.state],
        borderLeftWidth: 4,
        borderRadius: 1,
        bgcolor: 'background.paper',
        opacity: dimmed ? 0.75 : 1,
      }}
    >
      <Box sx={{ pt: 0.25, display: 'flex' }}>
        <StepStateIcon state={step.state} fontSize={18} />
      </Box>
      <Box sx={{ minWidth: 0 }}>
        <Typography variant="caption" color="text.secondary" component="div" noWrap>
          {step.systemName}
        </Typography>
        <Typography variant="body2" sx={{ fontWeight: 600 }} noWrap>
          {step.runProfileName}
        </Typography>
        <Typography variant="caption" component="div" sx={{ color: STEP_STATE_COLORS[step.state] }}>
          {STEP_STATE_LABELS[step.state]}
          {step.continueOnFailure ? ' · continues on failure' : ''}
        </Typography>
        {step.activityId !== null && (
          <Typography variant="caption" component="div">
            <RouterLink to={`/activities/${step.activityId}`} testId={`step-rail-link-${step.stepIndex}`}>
              Activity #{step.activityId}
            </RouterLink>
          </Typography>
        )}
        {step.activityId !== null && (
          <StepRunCounters activityId={step.activityId} ended={step.status !== null && step.status !== 'inProgress'} stepIndex={step.stepIndex} />
        )}
      </Box>
    </Box>
  );
}

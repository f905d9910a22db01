import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import BlockIcon from '@mui/icons-material/Block';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import PlayCircleIcon from '@mui/icons-material/PlayCircle';
import RadioButtonUncheckedIcon from '@mui/icons-material/RadioButtonUnchecked';
import RemoveCircleOutlineIcon from '@mui/icons-material/RemoveCircleOutlineOutlined';
import WarningIcon from '@mui/icons-material/Warning';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import type { ExecutionStep, StepState } from '../../../../shared/model/index';
import { groupExecutionSteps } from '../schedules/schedule-format';
import { STEP_STATE_LABELS } from '../schedules/step-rail';
import { pu } from './presenter-theme';

const STATE_COLORS: Record<StepState, string> = {
  pending: 'text.disabled',
  running: 'info.main',
  done: 'success.main',
  warning: 'warning.main',
  failed: 'error.main',
  cancelled: 'text.secondary',
  notRun: 'text.disabled',
};

function StateIcon({ state }: { state: StepState }): ReactNode {
  const sx = { fontSize: pu(3.2), color: STATE_COLORS[state], flexShrink: 0 };
  switch (state) {
    case 'running':
      // A still icon, not a spinner: a spinner's frame can be all but empty in a screenshot.
      return <PlayCircleIcon sx={sx} />;
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
 * The execution's steps on one line across the room: every step shares the width (long names
 * are cut, never pushed off screen), and the steps of a parallel group sit side by side inside
 * one dashed box. The schedules screen's rail, with its links and stacked groups, is for a desk.
 */
export function PresenterRail({ steps }: { steps: readonly ExecutionStep[] }) {
  const groups = groupExecutionSteps(steps);
  return (
    <Box data-testid="presenter-rail" sx={{ display: 'flex', alignItems: 'stretch', gap: pu(1), minWidth: 0 }}>
      {groups.map((group, g) => (
        <Box key={group[0]?.group ?? g} sx={{ display: 'flex', alignItems: 'center', gap: pu(1), flex: `${group.length} 1 0`, minWidth: 0 }}>
          {g > 0 && <ArrowForwardIcon sx={{ fontSize: pu(3.5), flexShrink: 0 }} />}
          <Box
            data-testid="presenter-rail-group"
            sx={{
              display: 'flex',
              gap: pu(0.8),
              flex: '1 1 0',
              minWidth: 0,
              alignSelf: 'stretch',
              ...(group.length > 1 ? { p: pu(0.6), border: 2, borderStyle: 'dashed', borderColor: 'divider', borderRadius: 2 } : {}),
            }}
          >
            {group.map((step) => (
              <RailStep key={step.stepIndex} step={step} />
            ))}
          </Box>
        </Box>
      ))}
    </Box>
  );
}

function RailStep({ step }: { step: ExecutionStep }) {
  const dimmed = step.state === 'notRun' || step.state === 'pending';
  return (
    <Box
      data-testid={`presenter-rail-step-${step.stepIndex}`}
      data-state={step.state}
      title={`${step.systemName} · ${step.runProfileName}: ${STEP_STATE_LABELS[step.state]}`}
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: pu(1),
        flex: '1 1 0',
        minWidth: 0,
        px: pu(1.2),
        py: pu(0.6),
        border: 2,
        borderLeftWidth: pu(0.8),
        borderColor: dimmed ? 'divider' : STATE_COLORS[step.state],
        borderRadius: 1.5,
        opacity: dimmed ? 0.7 : 1,
      }}
    >
      <StateIcon state={step.state} />
      <Box sx={{ minWidth: 0 }}>
        <Typography sx={{ fontSize: pu(2), lineHeight: 1.2 }} color="text.secondary" noWrap>
          {step.systemName}
        </Typography>
        <Typography sx={{ fontSize: pu(2.5), fontWeight: 700, lineHeight: 1.2 }} noWrap>
          {step.runProfileName}
        </Typography>
      </Box>
    </Box>
  );
}

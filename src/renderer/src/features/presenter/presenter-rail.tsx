import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { ExecutionStep } from '../../../../shared/model/index';
import { groupExecutionSteps } from '../schedules/schedule-format';
import { STEP_STATE_COLORS, STEP_STATE_LABELS, StepStateIcon } from '../schedules/step-rail';
import { pu } from './presenter-theme';

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
        borderColor: dimmed ? 'divider' : STEP_STATE_COLORS[step.state],
        borderRadius: 1.5,
        opacity: dimmed ? 0.7 : 1,
      }}
    >
      <StepStateIcon state={step.state} fontSize={pu(3.2)} running="still" />
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

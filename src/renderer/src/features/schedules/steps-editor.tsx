import AddIcon from '@mui/icons-material/Add';
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { RUN_TYPE_LABELS } from '../../../../shared/model/index';
import type { ConnectedSystemSummary, RunProfile } from '../../../../shared/model/index';
import { api } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { NativeSelectField } from '../../components/native-select';
import { testIdAttr } from '../../components/test-id';
import { groupByParallel } from './schedule-format';
import { errorAt, newStep } from './schedule-form';
import type { FieldErrors, StepDraft } from './schedule-form';

interface SystemProfiles {
  system: ConnectedSystemSummary;
  profiles: RunProfile[];
}

/** Every run profile of every system: there is no cross-system list method, and systems are few. */
async function loadProfiles(): Promise<SystemProfiles[]> {
  const systems = await api.call('systems.list', {});
  const lists = await Promise.all(systems.map((s) => api.call('runProfiles.list', { systemId: s.id })));
  return systems.map((system, i) => ({ system, profiles: lists[i] ?? [] }));
}

interface StepsEditorProps {
  steps: StepDraft[];
  errors: FieldErrors;
  onChange(steps: StepDraft[], touched: string[]): void;
}

export function StepsEditor({ steps, errors, onChange }: StepsEditorProps) {
  const options = useQuery(loadProfiles, 'schedule-step-profiles');
  const groups = groupByParallel(steps);
  const listError = errors['steps'];

  const update = (index: number, patch: Partial<StepDraft>): void =>
    onChange(
      steps.map((s, i) => (i === index ? { ...s, ...patch } : s)),
      [`steps.${index}`],
    );
  const move = (index: number, by: -1 | 1): void => {
    const next = [...steps];
    const [moved] = next.splice(index, 1);
    if (!moved) return;
    next.splice(index + by, 0, moved);
    // Positions changed: errors keyed by index no longer point at the right rows.
    onChange(next, ['steps']);
  };

  const noProfiles = options.data !== undefined && options.data.every((g) => g.profiles.length === 0);

  return (
    <Stack spacing={1.5}>
      {options.error && <Alert severity="error">{options.error}</Alert>}
      {options.loading && !options.data && <LinearProgress />}
      {noProfiles && (
        <Alert severity="info">
          No run profiles exist yet. Create one on a connected system’s Run Profiles tab, then add it here.
        </Alert>
      )}
      {groups.map((group, g) => (
        <Box
          key={group[0]?.item.key ?? g}
          data-testid="schedule-step-group"
          sx={{
            border: 1,
            borderColor: 'divider',
            borderStyle: group.length > 1 ? 'dashed' : 'solid',
            borderRadius: 1,
            p: 1.5,
          }}
        >
          <Typography variant="caption" color="text.secondary" component="div" sx={{ mb: 1 }}>
            Step {g + 1} of {groups.length}
            {group.length > 1 ? ` · ${group.length} run profiles in parallel` : ''}
          </Typography>
          <Stack spacing={1.5}>
            {group.map(({ item: step, index }) => (
              <StepRow
                key={step.key}
                step={step}
                index={index}
                count={steps.length}
                options={options.data ?? []}
                error={errorAt(errors, `steps.${index}`)}
                onChange={(patch) => update(index, patch)}
                onMove={(by) => move(index, by)}
                onRemove={() =>
                  onChange(
                    steps.filter((_, i) => i !== index),
                    ['steps'],
                  )
                }
              />
            ))}
          </Stack>
        </Box>
      ))}
      {listError && <FormHelperText error>{listError}</FormHelperText>}
      <Box>
        <Button
          startIcon={<AddIcon />}
          onClick={() => onChange([...steps, newStep()], ['steps'])}
          disabled={steps.length >= 100}
          data-testid="schedule-add-step"
        >
          Add step
        </Button>
      </Box>
    </Stack>
  );
}

interface StepRowProps {
  step: StepDraft;
  index: number;
  count: number;
  options: SystemProfiles[];
  error: string | undefined;
  onChange(patch: Partial<StepDraft>): void;
  onMove(by: -1 | 1): void;
  onRemove(): void;
}

function StepRow({ step, index, count, options, error, onChange, onMove, onRemove }: StepRowProps) {
  // A saved step whose profile was deleted since still shows, flagged, until it is replaced.
  const known = step.runProfileId === '' || options.some((g) => g.profiles.some((p) => String(p.id) === step.runProfileId));
  return (
    <Stack
      direction="row"
      spacing={1}
      sx={{ alignItems: 'flex-start', flexWrap: 'wrap', rowGap: 1 }}
      data-testid={`schedule-step-${index}`}
    >
      <Typography variant="body2" sx={{ width: 24, pt: 1, textAlign: 'right', color: 'text.secondary' }}>
        {index + 1}.
      </Typography>
      <Box sx={{ flex: '1 1 320px', minWidth: 260 }}>
        <NativeSelectField
          label="Run profile"
          value={step.runProfileId}
          onChange={(runProfileId) => onChange({ runProfileId })}
          testId={`schedule-step-profile-${index}`}
          error={error ?? (known ? undefined : 'This run profile no longer exists')}
          fullWidth
        >
          <option value="">Choose a run profile…</option>
          {!known && <option value={step.runProfileId}>Deleted run profile #{step.runProfileId}</option>}
          {options
            .filter((g) => g.profiles.length > 0)
            .map(({ system, profiles }) => (
              <optgroup key={system.id} label={system.name}>
                {profiles.map((p) => (
                  <option key={p.id} value={String(p.id)}>
                    {system.name} — {p.name} ({RUN_TYPE_LABELS[p.runType]})
                  </option>
                ))}
              </optgroup>
            ))}
        </NativeSelectField>
      </Box>
      <FormControlLabel
        sx={{ mr: 0 }}
        control={
          <Checkbox
            size="small"
            checked={index > 0 && step.parallelWithPrevious}
            disabled={index === 0}
            onChange={(e) => onChange({ parallelWithPrevious: e.target.checked })}
            slotProps={{ input: testIdAttr(`schedule-step-parallel-${index}`) }}
          />
        }
        label={<Typography variant="body2">Parallel with previous</Typography>}
        title={index === 0 ? 'The first step has no previous step to run beside' : undefined}
      />
      <FormControlLabel
        sx={{ mr: 0 }}
        control={
          <Checkbox
            size="small"
            checked={step.continueOnFailure}
            onChange={(e) => onChange({ continueOnFailure: e.target.checked })}
            slotProps={{ input: testIdAttr(`schedule-step-continue-${index}`) }}
          />
        }
        label={<Typography variant="body2">Continue on failure</Typography>}
      />
      <Stack direction="row">
        <IconButton
          size="small"
          aria-label={`Move step ${index + 1} up`}
          onClick={() => onMove(-1)}
          disabled={index === 0}
          data-testid={`schedule-step-up-${index}`}
        >
          <ArrowUpwardIcon fontSize="small" />
        </IconButton>
        <IconButton
          size="small"
          aria-label={`Move step ${index + 1} down`}
          onClick={() => onMove(1)}
          disabled={index === count - 1}
          data-testid={`schedule-step-down-${index}`}
        >
          <ArrowDownwardIcon fontSize="small" />
        </IconButton>
        <IconButton
          size="small"
          aria-label={`Remove step ${index + 1}`}
          onClick={onRemove}
          disabled={count === 1}
          data-testid={`schedule-step-remove-${index}`}
        >
          <DeleteOutlineIcon fontSize="small" />
        </IconButton>
      </Stack>
    </Stack>
  );
}

import AddIcon from '@mui/icons-material/Add';
import CloseIcon from '@mui/icons-material/Close';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { NativeSelectField } from '../../components/native-select';
import { useDebounced } from '../../components/use-debounced';
import { WEEKDAY_DISPLAY_ORDER, WEEKDAY_SHORT } from './schedule-format';
import { TRIGGER_KIND_LABELS, errorAt, triggerFromDraft } from './schedule-form';
import type { FieldErrors, ScheduleDraft, TriggerKind } from './schedule-form';

interface TriggerFieldsProps {
  draft: ScheduleDraft;
  errors: FieldErrors;
  onChange(patch: Partial<ScheduleDraft>): void;
}

const KINDS: TriggerKind[] = ['manual', 'times', 'interval', 'cron'];
const MAX_TIMES = 48;

export function TriggerFields({ draft, errors, onChange }: TriggerFieldsProps) {
  const kind = draft.kind;
  return (
    <Stack spacing={2}>
      <Box sx={{ maxWidth: 480 }}>
        <NativeSelectField
          label="Trigger"
          value={kind}
          onChange={(v) => onChange({ kind: v as TriggerKind })}
          testId="schedule-trigger-kind"
          error={errors['trigger.kind']}
          fullWidth
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {TRIGGER_KIND_LABELS[k]}
            </option>
          ))}
        </NativeSelectField>
      </Box>

      {(kind === 'times' || kind === 'interval') && (
        <DayToggles days={draft.daysOfWeek} error={errorAt(errors, 'trigger.daysOfWeek')} onChange={onChange} />
      )}
      {kind === 'times' && <TimesList times={draft.times} errors={errors} onChange={onChange} />}
      {kind === 'interval' && (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start', flexWrap: 'wrap', rowGap: 2 }}>
          <TextField
            label="Every"
            type="number"
            value={draft.every}
            onChange={(e) => onChange({ every: e.target.value })}
            error={Boolean(errors['trigger.every'])}
            helperText={errors['trigger.every']}
            sx={{ width: 110 }}
            slotProps={{ htmlInput: { 'data-testid': 'schedule-every', min: 1, max: 1440, step: 1 } }}
          />
          <NativeSelectField
            label="Unit"
            value={draft.unit}
            onChange={(v) => onChange({ unit: v === 'hours' ? 'hours' : 'minutes' })}
            testId="schedule-unit"
            error={errors['trigger.unit']}
            minWidth={120}
          >
            <option value="minutes">minutes</option>
            <option value="hours">hours</option>
          </NativeSelectField>
          <ClockField
            label="From"
            value={draft.windowStart}
            testId="schedule-window-start"
            error={errors['trigger.windowStart']}
            onChange={(windowStart) => onChange({ windowStart })}
          />
          <ClockField
            label="Until"
            value={draft.windowEnd}
            testId="schedule-window-end"
            error={errors['trigger.windowEnd']}
            onChange={(windowEnd) => onChange({ windowEnd })}
          />
        </Stack>
      )}
      {kind === 'cron' && (
        <TextField
          label="Cron expression"
          value={draft.expression}
          onChange={(e) => onChange({ expression: e.target.value })}
          error={Boolean(errors['trigger.expression'])}
          helperText={
            errors['trigger.expression'] ??
            'minute hour day-of-month month day-of-week, in this machine’s time zone (e.g. 0 2 * * 1-5)'
          }
          sx={{ maxWidth: 480 }}
          slotProps={{ htmlInput: { 'data-testid': 'schedule-cron', maxLength: 200, style: { fontFamily: 'monospace' } } }}
        />
      )}
      <NextRuns draft={draft} />
    </Stack>
  );
}

function DayToggles({
  days,
  error,
  onChange,
}: {
  days: number[];
  error: string | undefined;
  onChange(patch: Partial<ScheduleDraft>): void;
}) {
  return (
    <Box>
      <FormLabel sx={{ fontSize: '0.8125rem', display: 'block', mb: 0.5 }} error={Boolean(error)}>
        Days
      </FormLabel>
      <ToggleButtonGroup
        size="small"
        color="primary"
        value={days}
        onChange={(_, value: number[]) => onChange({ daysOfWeek: value })}
        aria-label="Days of the week"
      >
        {WEEKDAY_DISPLAY_ORDER.map((d) => (
          <ToggleButton key={d} value={d} data-testid={`schedule-day-${d}`} sx={{ px: 1.5 }}>
            {WEEKDAY_SHORT[d]}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      {error && <FormHelperText error>{error}</FormHelperText>}
    </Box>
  );
}

function TimesList({
  times,
  errors,
  onChange,
}: {
  times: string[];
  errors: FieldErrors;
  onChange(patch: Partial<ScheduleDraft>): void;
}) {
  const listError = errors['trigger.times'];
  return (
    <Box>
      <FormLabel sx={{ fontSize: '0.8125rem', display: 'block', mb: 1 }} error={Boolean(listError)}>
        Times
      </FormLabel>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1.5, alignItems: 'flex-start' }}>
        {times.map((time, i) => (
          <Stack key={i} direction="row" sx={{ alignItems: 'flex-start' }}>
            <ClockField
              label={`Time ${i + 1}`}
              value={time}
              testId={`schedule-time-${i}`}
              error={errors[`trigger.times.${i}`]}
              onChange={(value) => onChange({ times: times.map((t, j) => (j === i ? value : t)) })}
            />
            <IconButton
              size="small"
              aria-label={`Remove time ${i + 1}`}
              onClick={() => onChange({ times: times.filter((_, j) => j !== i) })}
              disabled={times.length === 1}
              data-testid={`schedule-time-remove-${i}`}
              sx={{ mt: 1 }}
            >
              <CloseIcon fontSize="small" />
            </IconButton>
          </Stack>
        ))}
        <Button
          startIcon={<AddIcon />}
          onClick={() => onChange({ times: [...times, ''] })}
          disabled={times.length >= MAX_TIMES}
          data-testid="schedule-add-time"
          sx={{ height: 40 }}
        >
          Add time
        </Button>
      </Stack>
      {listError && <FormHelperText error>{listError}</FormHelperText>}
    </Box>
  );
}

interface ClockFieldProps {
  label: string;
  value: string;
  testId: string;
  error: string | undefined;
  onChange(value: string): void;
}

function ClockField({ label, value, testId, error, onChange }: ClockFieldProps) {
  return (
    <TextField
      label={label}
      type="time"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={Boolean(error)}
      helperText={error}
      sx={{ width: 140 }}
      slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': testId, step: 60 } }}
    />
  );
}

interface PreviewState {
  key: string;
  nextRunTimes: string[];
  error: string | null;
}

/** The next five fire times, asked of the server (which owns the cron engine) a moment after typing stops. */
function NextRuns({ draft }: { draft: ScheduleDraft }) {
  const trigger = triggerFromDraft(draft);
  const key = useDebounced(JSON.stringify(trigger), 400);
  const [state, setState] = useState<PreviewState | null>(null);

  useEffect(() => {
    let cancelled = false;
    api.call('schedules.preview', { trigger: JSON.parse(key) as unknown }).then(
      (result) => {
        if (!cancelled) setState({ key, nextRunTimes: result.nextRunTimes, error: result.error });
      },
      (err: unknown) => {
        if (!cancelled) setState({ key, nextRunTimes: [], error: errorMessage(err) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [key]);

  const stale = state === null || state.key !== JSON.stringify(trigger);
  return (
    <Box data-testid="schedule-next-runs" data-stale={stale ? 'true' : 'false'} sx={{ opacity: stale ? 0.6 : 1 }}>
      <Typography variant="caption" color="text.secondary" component="div" sx={{ mb: 0.5 }}>
        Next run times
      </Typography>
      {state === null ? (
        <Typography variant="body2" color="text.secondary">
          Working them out…
        </Typography>
      ) : state.error ? (
        <Alert severity="warning" data-testid="schedule-next-runs-error" sx={{ py: 0 }}>
          {state.error}
        </Alert>
      ) : draft.kind === 'manual' ? (
        <Typography variant="body2" color="text.secondary">
          A manual schedule runs only when you press Run now.
        </Typography>
      ) : state.nextRunTimes.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          This trigger never fires.
        </Typography>
      ) : (
        <Box component="ol" sx={{ m: 0, pl: 2.5 }}>
          {state.nextRunTimes.map((t) => (
            <Typography key={t} component="li" variant="body2" data-testid="schedule-next-run">
              {formatDateTime(t)}
            </Typography>
          ))}
        </Box>
      )}
    </Box>
  );
}

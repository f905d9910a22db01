import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Snackbar from '@mui/material/Snackbar';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { Schedule } from '../../../../shared/model/index';
import { ApiError, api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { EditorActionBar } from '../../components/editor-action-bar';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { formatDateTime } from '../../components/format';
import { testIdAttr } from '../../components/test-id';
import { LatestExecution, RecentExecutions } from './schedule-executions';
import { stepCount, summariseTrigger } from './schedule-format';
import { DRAFT_ERROR_PATHS, draftFromSchedule, emptyDraft, inputFromDraft, withoutErrors } from './schedule-form';
import type { FieldErrors, ScheduleDraft } from './schedule-form';
import { StepsEditor } from './steps-editor';
import { TriggerFields } from './trigger-fields';

export function ScheduleEditorPage() {
  const params = useParams();
  const idParam = params['id'];
  const id = Number(idParam);
  const isNew = idParam === undefined;
  const schedule = useQuery(
    () => (isNew ? Promise.resolve(null) : api.call('schedules.get', { id })),
    `schedule-${idParam ?? 'new'}`,
  );

  if (!isNew && (!Number.isInteger(id) || id <= 0)) return <Alert severity="error">Invalid schedule id</Alert>;
  if (schedule.error) return <Alert severity="error">{schedule.error}</Alert>;
  if (schedule.data === undefined) return <LinearProgress />;
  // Keyed so that a newly created schedule (new URL) starts from the server's copy.
  return <Editor key={schedule.data?.id ?? 'new'} loaded={schedule.data} />;
}

/** "steps.1.runProfileId" → "Step 2 run profile", so a list of problems says where each one is. */
function describePath(path: string): string {
  const step = /^steps\.(\d+)(?:\.(\w+))?/.exec(path);
  if (step) return `Step ${Number(step[1]) + 1}${step[2] ? ` ${step[2].replace(/([A-Z])/g, ' $1').toLowerCase()}` : ''}`;
  const time = /^trigger\.times\.(\d+)/.exec(path);
  if (time) return `Time ${Number(time[1]) + 1}`;
  const last = path.split('.').pop() ?? path;
  return last.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
}

function Editor({ loaded }: { loaded: Schedule | null }) {
  const navigate = useNavigate();
  const location = useLocation();
  const [schedule, setSchedule] = useState(loaded);
  const [draft, setDraft] = useState<ScheduleDraft>(() => (loaded ? draftFromSchedule(loaded) : emptyDraft()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [runError, setRunError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [startedId, setStartedId] = useState<number | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (summary) summaryRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [summary]);

  const dirty =
    schedule === null ||
    JSON.stringify(inputFromDraft(draft)) !== JSON.stringify(inputFromDraft(draftFromSchedule(schedule)));

  const change = (patch: Partial<ScheduleDraft>, touched?: string[]): void => {
    setDraft((d) => ({ ...d, ...patch }));
    const paths = touched ?? Object.keys(patch).flatMap((k) => DRAFT_ERROR_PATHS[k as keyof ScheduleDraft] ?? []);
    setErrors((e) => withoutErrors(e, paths));
  };

  const save = async (): Promise<void> => {
    setSaving(true);
    setSummary(null);
    try {
      const input = inputFromDraft(draft);
      if (schedule) {
        const saved = await api.call('schedules.update', { ...input, id: schedule.id });
        setSchedule(saved);
        setDraft(draftFromSchedule(saved));
        setErrors({});
        setNotice('Schedule saved');
      } else {
        const saved = await api.call('schedules.create', input);
        void navigate(`/schedules/${saved.id}`, { replace: true, state: { notice: 'Schedule created' } });
      }
    } catch (err) {
      const fields = err instanceof ApiError && err.fields ? { ...err.fields } : {};
      // An unchosen picker is sent as id 0; say what to do rather than repeat the number check.
      draft.steps.forEach((step, i) => {
        if (step.runProfileId === '' && fields[`steps.${i}.runProfileId`]) fields[`steps.${i}.runProfileId`] = 'Choose a run profile';
      });
      setErrors(fields);
      const count = Object.keys(fields).length;
      setSummary(count > 0 ? `The schedule was not saved: ${count} problem${count === 1 ? '' : 's'}` : errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const runNow = async (): Promise<void> => {
    if (!schedule) return;
    setRunning(true);
    setRunError(null);
    try {
      const { executionId } = await api.call('schedules.runNow', { id: schedule.id });
      setStartedId(executionId);
      // A missed slot is answered by running now; the server clears it, so take its fresh copy.
      if (schedule.missedRunAt) setSchedule(await api.call('schedules.get', { id: schedule.id }));
    } catch (err) {
      setRunError(errorMessage(err));
    } finally {
      setRunning(false);
    }
  };

  return (
    <Box data-testid="schedule-editor">
      <Paper sx={{ p: 2, mb: 2 }}>
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
          <IconButton component={Link} to="/schedules" size="small" aria-label="Back to schedules">
            <ArrowBackIcon fontSize="small" />
          </IconButton>
          <Box sx={{ flexGrow: 1, minWidth: 0 }}>
            <Typography variant="h5" data-testid="schedule-title">
              {schedule ? schedule.name : 'New schedule'}
            </Typography>
            {schedule && (
              <Typography variant="caption" color="text.secondary">
                {summariseTrigger(schedule.trigger)} · {stepCount(schedule)} · next run{' '}
                {schedule.nextRunTimes[0] ? formatDateTime(schedule.nextRunTimes[0]) : 'none'}
              </Typography>
            )}
          </Box>
          {schedule && !schedule.enabled && <Chip size="small" variant="outlined" label="Disabled" />}
          {schedule && (
            <Button
              variant="contained"
              startIcon={<PlayArrowIcon />}
              onClick={() => void runNow()}
              disabled={running}
              data-testid="schedule-run-now"
              title={dirty ? 'Runs the saved schedule, not the unsaved changes' : undefined}
            >
              Run now
            </Button>
          )}
        </Stack>
        {schedule?.missedRunAt && (
          <Alert severity="warning" sx={{ mt: 2 }} data-testid="schedule-missed">
            The run due at {formatDateTime(schedule.missedRunAt)} was missed while Junction was not running. Missed runs
            are not replayed; press Run now to run it.
          </Alert>
        )}
        {runError && (
          <Alert severity="error" sx={{ mt: 2 }} onClose={() => setRunError(null)} data-testid="schedule-run-error">
            {runError}
          </Alert>
        )}
      </Paper>

      {schedule && (
        <Box sx={{ mb: 2 }}>
          <LatestExecution schedule={schedule} startedId={startedId} />
        </Box>
      )}

      <Box
        component="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {summary && (
          <Alert
            ref={summaryRef}
            severity="error"
            sx={{ mb: 2, scrollMarginTop: 64 }}
            data-testid="schedule-error"
            onClose={() => setSummary(null)}
          >
            <strong>{summary}</strong>
            {Object.keys(errors).length > 0 && (
              <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2.5 }}>
                {Object.entries(errors).map(([path, message]) => (
                  <li key={path} data-testid="schedule-error-item" data-path={path}>
                    {describePath(path)}: {message}
                  </li>
                ))}
              </Box>
            )}
          </Alert>
        )}
        <Stack spacing={2}>
          <Section title="General">
            <Stack spacing={2} sx={{ maxWidth: 720 }}>
              <TextField
                label="Name"
                required
                value={draft.name}
                onChange={(e) => change({ name: e.target.value })}
                error={Boolean(errors['name'])}
                helperText={errors['name']}
                slotProps={{ htmlInput: { 'data-testid': 'schedule-name', maxLength: 100 } }}
                autoFocus={schedule === null}
              />
              <TextField
                label="Description"
                value={draft.description}
                onChange={(e) => change({ description: e.target.value })}
                error={Boolean(errors['description'])}
                helperText={errors['description']}
                multiline
                minRows={2}
                slotProps={{ htmlInput: { 'data-testid': 'schedule-description', maxLength: 2000 } }}
              />
              <FormControlLabel
                control={
                  <Switch
                    checked={draft.enabled}
                    onChange={(e) => change({ enabled: e.target.checked })}
                    slotProps={{ input: testIdAttr('schedule-enabled') }}
                  />
                }
                label="Enabled: runs by its trigger and with Run now (a disabled schedule does not run at all)"
              />
            </Stack>
          </Section>
          <Section title="Trigger">
            <TriggerFields draft={draft} errors={errors} onChange={(patch) => change(patch)} />
          </Section>
          <Section title="Steps">
            <StepsEditor steps={draft.steps} errors={errors} onChange={(steps, touched) => change({ steps }, touched)} />
          </Section>
        </Stack>

        <EditorActionBar
          testIdPrefix="schedule"
          noun="schedule"
          isNew={!schedule}
          dirty={dirty}
          saving={saving}
          onDiscard={() => {
            if (!schedule) return;
            setDraft(draftFromSchedule(schedule));
            setErrors({});
            setSummary(null);
          }}
          onDelete={() => setConfirmDelete(true)}
        />
      </Box>

      {schedule && (
        <Box sx={{ mt: 2 }}>
          <RecentExecutions schedule={schedule} startedId={startedId} />
        </Box>
      )}

      {schedule && (
        <ConfirmDialog
          open={confirmDelete}
          title={`Delete schedule "${schedule.name}"?`}
          message="The schedule stops firing and is removed. Executions it already ran stay in the activity history."
          confirmLabel="Delete schedule"
          onConfirm={async () => {
            await api.call('schedules.delete', { id: schedule.id });
            void navigate('/schedules');
          }}
          onClose={() => setConfirmDelete(false)}
        />
      )}
      <Snackbar
        open={notice !== null}
        autoHideDuration={3000}
        onClose={() => setNotice(null)}
        message={notice}
        anchorOrigin={{ vertical: 'top', horizontal: 'center' }}
        sx={{ top: { xs: 64 } }}
      />
    </Box>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper sx={{ p: 2 }} data-testid={`schedule-section-${title.toLowerCase()}`}>
      <Typography variant="subtitle1" sx={{ fontWeight: 600, mb: 1.5 }}>
        {title}
      </Typography>
      {children}
    </Paper>
  );
}

import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { ApiError } from '../../../../shared/contract/errors';
import { RUN_TYPES, RUN_TYPE_LABELS } from '../../../../shared/model/index';
import type { RunProfile, RunType } from '../../../../shared/model/index';
import { api, errorMessage } from '../../api/client';
import { NativeSelectField } from '../../components/native-select';

interface RunProfileDialogProps {
  open: boolean;
  systemId: number;
  /** The profile being edited; absent when creating. */
  profile: RunProfile | null;
  onClose(): void;
  onSaved(profile: RunProfile): void;
}

export function RunProfileDialog(props: RunProfileDialogProps) {
  return (
    <Dialog open={props.open} onClose={props.onClose} maxWidth="sm" fullWidth data-testid="run-profile-dialog">
      {props.open && <RunProfileForm {...props} />}
    </Dialog>
  );
}

const FIELD_PATHS = ['name', 'runType', 'batchSize', 'filePath'];

function RunProfileForm({ systemId, profile, onClose, onSaved }: RunProfileDialogProps) {
  const [name, setName] = useState(profile?.name ?? '');
  const [runType, setRunType] = useState<RunType>(profile?.runType ?? 'fullImport');
  const [batchSize, setBatchSize] = useState(String(profile?.batchSize ?? 1000));
  const [filePath, setFilePath] = useState(profile?.filePath ?? '');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async (): Promise<void> => {
    // An empty or non-numeric entry goes to the server as NaN so its own message comes back.
    const batch = batchSize.trim() === '' ? Number.NaN : Number(batchSize);
    setSaving(true);
    try {
      const saved = profile
        ? await api.call('runProfiles.update', { id: profile.id, name, batchSize: batch, filePath: filePath || null })
        : await api.call('runProfiles.create', {
            systemId,
            name,
            runType,
            batchSize: batch,
            filePath: filePath || null,
          });
      onSaved(saved);
      onClose();
    } catch (err) {
      const fields = err instanceof ApiError ? (err.fields ?? {}) : {};
      const placed = Object.fromEntries(Object.entries(fields).filter(([k]) => FIELD_PATHS.includes(k)));
      const rest = Object.entries(fields).filter(([k]) => !FIELD_PATHS.includes(k));
      setFieldErrors(placed);
      setSummary(
        Object.keys(placed).length === 0 || rest.length > 0
          ? [errorMessage(err), ...rest.map(([k, m]) => `${k}: ${m}`)].join(' — ')
          : null,
      );
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <DialogTitle>{profile ? `Edit run profile` : 'New run profile'}</DialogTitle>
      <DialogContent dividers>
        {summary && (
          <Alert severity="error" sx={{ mb: 2 }} data-testid="run-profile-error">
            {summary}
          </Alert>
        )}
        <Stack spacing={2.5} sx={{ pt: 1 }}>
          <TextField
            label="Name"
            required
            autoFocus
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={Boolean(fieldErrors['name'])}
            helperText={fieldErrors['name']}
            slotProps={{ htmlInput: { 'data-testid': 'run-profile-name', maxLength: 100 } }}
          />
          <NativeSelectField
            label="Run type"
            value={runType}
            onChange={(v) => setRunType(v as RunType)}
            disabled={profile !== null}
            testId="run-profile-type"
            error={fieldErrors['runType']}
            helperText={profile ? 'The run type cannot change after creation' : undefined}
          >
            {RUN_TYPES.map((t) => (
              <option key={t} value={t}>
                {RUN_TYPE_LABELS[t]}
              </option>
            ))}
          </NativeSelectField>
          <TextField
            label="Batch size"
            type="number"
            value={batchSize}
            onChange={(e) => setBatchSize(e.target.value)}
            error={Boolean(fieldErrors['batchSize'])}
            helperText={fieldErrors['batchSize'] ?? 'Objects written to the connector space per transaction'}
            slotProps={{ htmlInput: { 'data-testid': 'run-profile-batch-size', min: 1, max: 100000, step: 1 } }}
          />
          <TextField
            label="File path (optional)"
            value={filePath}
            onChange={(e) => setFilePath(e.target.value)}
            error={Boolean(fieldErrors['filePath'])}
            helperText={fieldErrors['filePath'] ?? "Overrides the system's file for this profile only"}
            slotProps={{ htmlInput: { 'data-testid': 'run-profile-file-path' } }}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={saving}>
          Cancel
        </Button>
        <Button type="submit" variant="contained" disabled={saving} data-testid="run-profile-save">
          {saving ? 'Saving…' : profile ? 'Save' : 'Create'}
        </Button>
      </DialogActions>
    </form>
  );
}

import ScienceIcon from '@mui/icons-material/Science';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { LabCreateResult } from '../../../../shared/contract/lab';
import { errorMessage } from '../../api/client';
import { NativeSelectField } from '../../components/native-select';
import { createLab, LAB_SIZE_OPTIONS, runNightly, sizeLabel, type LabSizeOption } from './lab-actions';

/** The first-run call to action: one click builds the demo lab, a second runs its nightly cycle. */
export function CreateLabCallToAction({ onCreated }: { onCreated?: (result: LabCreateResult) => void }) {
  const [size, setSize] = useState<LabSizeOption>('medium');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const create = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const result = await createLab(size);
      onCreated?.(result);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box sx={{ maxWidth: 560, mx: 'auto', px: 2, pb: 6, textAlign: 'center' }} data-testid="lab-cta">
      <Typography variant="subtitle1" sx={{ fontWeight: 600 }} gutterBottom>
        Or try Junction with a demo lab
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        Generates an HR extract, a Training file and an empty Directory, with sync rules, run profiles and a "Nightly cycle"
        schedule, so you can run the whole cycle at once.
      </Typography>
      <Stack direction="row" spacing={1.5} sx={{ justifyContent: 'center', alignItems: 'flex-start' }}>
        <NativeSelectField label="Size" value={size} onChange={(v) => setSize(v as LabSizeOption)} testId="lab-size" minWidth={200} disabled={busy}>
          {LAB_SIZE_OPTIONS.map((s) => (
            <option key={s} value={s}>
              {sizeLabel(s)}
            </option>
          ))}
        </NativeSelectField>
        <Button variant="contained" size="large" startIcon={<ScienceIcon />} onClick={() => void create()} disabled={busy} data-testid="lab-create">
          Create demo lab
        </Button>
      </Stack>
      {busy && <LinearProgress sx={{ mt: 2 }} />}
      {error && (
        <Alert severity="error" sx={{ mt: 2, textAlign: 'left' }} data-testid="lab-error">
          {error}
        </Alert>
      )}
    </Box>
  );
}

/** Shown once the lab exists: the next click of the demo. */
export function LabCreatedBanner({ result, onClose }: { result: LabCreateResult; onClose: () => void }) {
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const run = async (): Promise<void> => {
    try {
      void navigate(await runNightly(result.scheduleId));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Alert
      severity={error ? 'error' : 'success'}
      onClose={onClose}
      sx={{ mb: 2 }}
      data-testid="lab-created"
      action={
        <Button color="inherit" variant="outlined" size="small" onClick={() => void run()} data-testid="lab-created-run-nightly">
          Run nightly cycle
        </Button>
      }
    >
      {error ??
        `Demo lab created: ${result.rows.toLocaleString()} people, systems ${result.systems.join(', ')}, files in ${result.labDir}. Next: run the nightly cycle.`}
    </Alert>
  );
}

import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Snackbar from '@mui/material/Snackbar';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { RETENTION_DAYS_RANGE } from '../../../../shared/contract/settings';
import type { AppSettings } from '../../../../shared/contract/settings';
import { useAppInfo } from '../../api/app-info';
import { ApiError, api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { Fact } from '../../components/fact';
import { ConfigurationSection } from './configuration-section';
import { HousekeepingNow } from './housekeeping-now';

export function SettingsPage() {
  const settings = useQuery(() => api.call('settings.get', {}), 'settings');
  const info = useAppInfo();
  return (
    <Box sx={{ maxWidth: 820 }} data-testid="settings-page">
      <Typography variant="h5" sx={{ mb: 2 }}>
        Settings
      </Typography>
      <Paper sx={{ p: 3 }}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600, mb: 2 }}>
          Activity history
        </Typography>
        {settings.error && <Alert severity="error">{settings.error}</Alert>}
        {settings.data === undefined && !settings.error && <LinearProgress />}
        {/* Keyed so that the form starts from the server's copy once it arrives. */}
        {settings.data && <RetentionForm key={settings.data.retentionDays} saved={settings.data} onSaved={settings.setData} />}
        <HousekeepingNow />
      </Paper>
      <ConfigurationSection />
      <Paper sx={{ p: 3, mt: 3 }} data-testid="settings-app-info">
        <Typography variant="subtitle1" sx={{ fontWeight: 600, mb: 2 }}>
          About this installation
        </Typography>
        {info ? (
          <Stack direction="row" spacing={4} sx={{ flexWrap: 'wrap', rowGap: 2 }}>
            <Fact label="Version" testId="settings-version">
              {info.version}
            </Fact>
            <Fact label="Running as" testId="settings-host">
              {info.host === 'electron' ? 'Desktop app' : 'Browser (served by junction serve)'}
            </Fact>
            <Fact label="Database" testId="settings-database">
              <Box component="span" sx={{ fontFamily: 'monospace' }}>
                {info.databasePath}
              </Box>
            </Fact>
          </Stack>
        ) : (
          <LinearProgress />
        )}
      </Paper>
    </Box>
  );
}

function RetentionForm({ saved, onSaved }: { saved: AppSettings; onSaved(settings: AppSettings): void }) {
  const [days, setDays] = useState(String(saved.retentionDays));
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState(false);
  const dirty = days.trim() !== String(saved.retentionDays);

  const save = async (): Promise<void> => {
    setSaving(true);
    setError(null);
    setFieldError(undefined);
    try {
      // An empty or non-numeric box goes as NaN's stand-in 0, so the server's range message explains it.
      const value = Number(days);
      onSaved(await api.call('settings.update', { retentionDays: Number.isFinite(value) && days.trim() ? value : 0 }));
      setNotice(true);
    } catch (err) {
      const field = err instanceof ApiError ? err.fields?.['retentionDays'] : undefined;
      if (field) setFieldError(field);
      else setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Box
      component="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {error && (
        <Alert severity="error" sx={{ mb: 2 }} data-testid="settings-error">
          {error}
        </Alert>
      )}
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
        <TextField
          label="Keep activities for (days)"
          type="number"
          value={days}
          onChange={(e) => {
            setDays(e.target.value);
            setFieldError(undefined);
          }}
          error={Boolean(fieldError)}
          helperText={
            fieldError ??
            'Activities and their execution items older than this are deleted by housekeeping. Runs in progress are never deleted. Default 90.'
          }
          sx={{ maxWidth: 460, flexGrow: 1 }}
          slotProps={{
            htmlInput: {
              'data-testid': 'settings-retention',
              min: RETENTION_DAYS_RANGE.min,
              max: RETENTION_DAYS_RANGE.max,
              step: 1,
            },
          }}
        />
        <Button type="submit" variant="contained" disabled={saving || !dirty} data-testid="settings-save" sx={{ height: 40 }}>
          {saving ? 'Saving…' : 'Save'}
        </Button>
      </Stack>
      <Snackbar
        open={notice}
        autoHideDuration={3000}
        onClose={() => setNotice(false)}
        message="Settings saved"
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      />
    </Box>
  );
}

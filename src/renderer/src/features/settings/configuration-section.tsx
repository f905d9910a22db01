import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useRef, useState } from 'react';
import type { ConfigPlan } from '../../../../shared/contract/config';
import { ApiError, api, errorMessage } from '../../api/client';
import { pluralise } from '../../components/format';

/** Saves text as a file through the browser's download, which works in the Electron window and in serve mode alike. */
function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

interface Upload {
  name: string;
  text: string;
  plan: ConfigPlan;
}

/** Configuration as code in the app: download the whole configuration, upload one, review its plan, apply. */
export function ConfigurationSection() {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<[string, string][]>([]);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [applied, setApplied] = useState<string | null>(null);

  const exportConfig = async (format: 'yaml' | 'json'): Promise<void> => {
    setError(null);
    try {
      const { text } = await api.call('config.export', { format });
      download(`junction-config.${format === 'json' ? 'json' : 'yaml'}`, text, format === 'json' ? 'application/json' : 'application/yaml');
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const showFailure = (err: unknown, name: string): void => {
    if (err instanceof ApiError && err.code === 'validation' && err.fields) {
      setProblems(Object.entries(err.fields));
      setError(`${name} was not applied: ${pluralise(Object.keys(err.fields).length, 'problem')}. Nothing was changed.`);
    } else setError(errorMessage(err));
  };

  const planUpload = async (file: File): Promise<void> => {
    setBusy(true);
    setError(null);
    setProblems([]);
    setApplied(null);
    try {
      const text = await file.text();
      const { plan } = await api.call('config.apply', { text, dryRun: true });
      setUpload({ name: file.name, text, plan });
    } catch (err) {
      showFailure(err, file.name);
    } finally {
      setBusy(false);
    }
  };

  const apply = async (current: Upload): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const { changes } = await api.call('config.apply', { text: current.text, dryRun: false });
      setUpload(null);
      setApplied(changes.length === 0 ? `${current.name}: nothing to change` : `${current.name} applied: ${pluralise(changes.length, 'change')}`);
    } catch (err) {
      setUpload(null);
      showFailure(err, current.name);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper sx={{ p: 3, mt: 3 }} data-testid="settings-configuration">
      <Typography variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
        Configuration
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        The whole configuration (metaverse schema, connected systems, run profiles, sync rules, priorities, schedules) as one
        YAML or JSON document, as <code>junction config export</code> and <code>config apply</code> write and read it. Applying
        matches objects by name and never deletes; you see the plan before anything changes.
      </Typography>
      <Stack direction="row" spacing={1.5} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
        <Button variant="outlined" onClick={() => void exportConfig('yaml')} data-testid="config-export-yaml">
          Export YAML
        </Button>
        <Button variant="outlined" onClick={() => void exportConfig('json')} data-testid="config-export-json">
          Export JSON
        </Button>
        <Button variant="contained" disabled={busy} onClick={() => input.current?.click()} data-testid="config-apply-upload">
          {busy ? 'Checking…' : 'Apply a configuration file…'}
        </Button>
        <input
          ref={input}
          type="file"
          accept=".yaml,.yml,.json"
          hidden
          data-testid="config-apply-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void planUpload(file);
          }}
        />
      </Stack>
      {error && (
        <Alert severity="error" sx={{ mt: 2 }} data-testid="config-apply-error">
          {error}
          {problems.length > 0 && (
            <Box component="ul" sx={{ m: 0, pl: 2 }}>
              {problems.map(([path, message]) => (
                <li key={path}>
                  <code>{path}</code>: {message}
                </li>
              ))}
            </Box>
          )}
        </Alert>
      )}
      {applied && (
        <Alert severity="success" sx={{ mt: 2 }} data-testid="config-apply-done" onClose={() => setApplied(null)}>
          {applied}
        </Alert>
      )}
      {upload && <PlanDialog upload={upload} busy={busy} onApply={() => void apply(upload)} onClose={() => setUpload(null)} />}
    </Paper>
  );
}

function PlanDialog({ upload, busy, onApply, onClose }: { upload: Upload; busy: boolean; onApply(): void; onClose(): void }) {
  const { plan } = upload;
  const nothing = plan.create.length + plan.change.length + plan.delete.length === 0;
  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="md" fullWidth data-testid="config-plan">
      <DialogTitle>Apply {upload.name}?</DialogTitle>
      <DialogContent dividers>
        {nothing ? (
          <Typography data-testid="config-plan-nothing">Nothing to change: the configuration already matches this document.</Typography>
        ) : (
          <Stack spacing={2}>
            <PlanGroup title="Will be created" lines={plan.create} testId="config-plan-create" />
            <PlanGroup title="Will be changed" lines={plan.change} testId="config-plan-change" />
            <PlanGroup
              title="Will be deleted"
              lines={plan.delete}
              testId="config-plan-delete"
              none="Nothing: objects missing from the document are kept."
            />
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy} data-testid="config-plan-cancel">
          Cancel
        </Button>
        <Button variant="contained" onClick={onApply} disabled={busy || nothing} data-testid="config-plan-apply">
          {busy ? 'Applying…' : 'Apply'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function PlanGroup({ title, lines, testId, none = 'Nothing.' }: { title: string; lines: string[]; testId: string; none?: string }) {
  return (
    <Box data-testid={testId}>
      <Typography variant="subtitle2">
        {title} ({lines.length})
      </Typography>
      {lines.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {none}
        </Typography>
      ) : (
        <Box component="ul" sx={{ m: 0, pl: 3 }}>
          {lines.map((line) => (
            <Typography component="li" variant="body2" key={line}>
              {line}
            </Typography>
          ))}
        </Box>
      )}
    </Box>
  );
}

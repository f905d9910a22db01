import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Paper from '@mui/material/Paper';
import Snackbar from '@mui/material/Snackbar';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { ConnectedSystem } from '../../../../shared/model/index';
import { ApiError } from '../../../../shared/contract/errors';
import { api } from '../../api/client';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { SystemFormFields } from './system-form-fields';
import { delimiterOf, formFromSystem, settingsInput, submitErrors } from './system-form-state';
import type { SubmitErrors, SystemFormValues } from './system-form-state';
import { useFilePreview } from './use-file-preview';

interface SystemSettingsTabProps {
  system: ConnectedSystem;
  onChanged(system: ConnectedSystem): void;
}

export function SystemSettingsTab({ system, onChanged }: SystemSettingsTabProps) {
  const navigate = useNavigate();
  const [values, setValues] = useState<SystemFormValues>(() => formFromSystem(system));
  const [errors, setErrors] = useState<SubmitErrors>({ fields: {}, summary: null });
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [valueChangeQuestion, setValueChangeQuestion] = useState<string | null>(null);
  const preview = useFilePreview(values.filePath, delimiterOf(values), values.encoding);

  const save = async (confirmed: { confirmValueChanges?: true } = {}): Promise<void> => {
    setSaving(true);
    try {
      const updated = await api.call('systems.update', {
        id: system.id,
        name: values.name,
        description: values.description,
        settings: settingsInput(values),
        ...confirmed,
      });
      setErrors({ fields: {}, summary: null });
      setValues(formFromSystem(updated));
      onChanged(updated);
      setSaved(true);
    } catch (err) {
      // New settings re-read the schema; one that would change stored values asks first.
      const question = err instanceof ApiError ? err.fields?.confirmValueChanges : undefined;
      if (question) setValueChangeQuestion(question);
      else setErrors(submitErrors(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Box sx={{ maxWidth: 820 }}>
      <Paper sx={{ p: 3 }}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          noValidate
        >
          {errors.summary && (
            <Alert severity="error" sx={{ mb: 2 }} data-testid="system-error">
              {errors.summary}
            </Alert>
          )}
          <SystemFormFields
            values={values}
            onChange={(patch) => setValues((v) => ({ ...v, ...patch }))}
            fieldErrors={errors.fields}
            preview={preview}
            onBrowseError={(summary) => setErrors((e) => ({ ...e, summary }))}
          />
          <Stack direction="row" spacing={1} sx={{ mt: 3 }}>
            <Button type="submit" variant="contained" disabled={saving} data-testid="system-settings-save">
              {saving ? 'Saving…' : 'Save changes'}
            </Button>
            <Button
              onClick={() => {
                setValues(formFromSystem(system));
                setErrors({ fields: {}, summary: null });
              }}
              disabled={saving}
            >
              Discard changes
            </Button>
          </Stack>
        </form>
      </Paper>

      <Paper sx={{ p: 3, mt: 3, borderColor: 'error.main' }}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
          Delete this connected system
        </Typography>
        <Divider sx={{ my: 1 }} />
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Typography variant="body2" color="text.secondary" sx={{ flexGrow: 1 }}>
            Removes the system, its run profiles, its connector space and its activity history. The CSV file itself is
            not touched.
          </Typography>
          <Button color="error" variant="outlined" onClick={() => setConfirmDelete(true)} data-testid="system-delete">
            Delete system
          </Button>
        </Stack>
      </Paper>

      <ConfirmDialog
        open={confirmDelete}
        title={`Delete "${system.name}"?`}
        message="This permanently deletes the connected system with its run profiles, connector space objects and activities."
        confirmLabel="Delete system"
        onConfirm={async () => {
          await api.call('systems.delete', { id: system.id });
          void navigate('/systems');
        }}
        onClose={() => setConfirmDelete(false)}
      />
      <ConfirmDialog
        open={valueChangeQuestion !== null}
        title="Change stored values?"
        message={valueChangeQuestion ?? ''}
        confirmLabel="Save and change values"
        onConfirm={() => save({ confirmValueChanges: true })}
        onClose={() => setValueChangeQuestion(null)}
      />
      <Snackbar
        open={saved}
        autoHideDuration={3000}
        onClose={() => setSaved(false)}
        message="Settings saved"
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      />
    </Box>
  );
}

import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { SystemFormFields } from './system-form-fields';
import { EMPTY_SYSTEM_FORM, delimiterOf, settingsInput, submitErrors } from './system-form-state';
import type { SubmitErrors, SystemFormValues } from './system-form-state';
import { useFilePreview } from './use-file-preview';

export function SystemDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth data-testid="system-dialog">
      {/* Mounted only while open so every dialog starts from a clean form. */}
      {open && <NewSystemForm onClose={onClose} />}
    </Dialog>
  );
}

function NewSystemForm({ onClose }: { onClose(): void }) {
  const navigate = useNavigate();
  const [values, setValues] = useState<SystemFormValues>(EMPTY_SYSTEM_FORM);
  const [errors, setErrors] = useState<SubmitErrors>({ fields: {}, summary: null });
  const [saving, setSaving] = useState(false);
  const preview = useFilePreview(values.filePath, delimiterOf(values), values.encoding);

  const change = (patch: Partial<SystemFormValues>): void => {
    setValues((v) => ({ ...v, ...patch }));
    // Clear the errors of the fields being edited; the rest stay until the next submit.
    setErrors((e) => {
      const fields = { ...e.fields };
      for (const key of Object.keys(patch)) {
        delete fields[key === 'name' || key === 'description' ? key : `settings.${key}`];
      }
      return { ...e, fields };
    });
  };

  const save = async (): Promise<void> => {
    setSaving(true);
    try {
      const system = await api.call('systems.create', {
        name: values.name,
        description: values.description,
        connectorType: 'file',
        settings: settingsInput(values),
      });
      onClose();
      void navigate(`/systems/${system.id}`);
    } catch (err) {
      setErrors(submitErrors(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      noValidate
    >
      <DialogTitle>New connected system</DialogTitle>
      <DialogContent dividers>
        {errors.summary && (
          <Alert severity="error" sx={{ mb: 2 }} data-testid="system-error">
            {errors.summary}
          </Alert>
        )}
        <SystemFormFields
          values={values}
          onChange={change}
          fieldErrors={errors.fields}
          preview={preview}
          onBrowseError={(summary) => setErrors((e) => ({ ...e, summary }))}
          autoFocus
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={saving}>
          Cancel
        </Button>
        <Button type="submit" variant="contained" disabled={saving} data-testid="system-save">
          {saving ? 'Creating…' : 'Create'}
        </Button>
      </DialogActions>
    </form>
  );
}

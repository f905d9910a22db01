import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { MV_ATTRIBUTE_TYPES } from '../../../../shared/model/index';
import type { MetaverseSchema, MvAttribute, MvAttributeType } from '../../../../shared/model/index';
import { ApiError, api, errorMessage } from '../../api/client';
import { NativeSelectField } from '../../components/native-select';
import { testIdAttr } from '../../components/test-id';

export const MV_TYPE_LABELS: Record<MvAttributeType, string> = {
  text: 'Text',
  integer: 'Integer',
  decimal: 'Decimal',
  boolean: 'Boolean',
  guid: 'GUID',
  dateTime: 'Date-time',
  reference: 'Reference',
};

interface MvAttributeDialogProps {
  open: boolean;
  schema: MetaverseSchema;
  /** null = a new attribute; otherwise rename / rebind this one. */
  attribute: MvAttribute | null;
  onClose(): void;
  onSaved(schema: MetaverseSchema): void;
}

export function MvAttributeDialog(props: MvAttributeDialogProps) {
  return (
    <Dialog open={props.open} onClose={props.onClose} maxWidth="sm" fullWidth data-testid="mv-attr-dialog">
      {/* Mounted only while open so every dialog starts from the attribute as saved. */}
      {props.open && <AttributeForm {...props} />}
    </Dialog>
  );
}

function AttributeForm({ schema, attribute, onClose, onSaved }: MvAttributeDialogProps) {
  const editing = attribute !== null;
  const [name, setName] = useState(attribute?.name ?? '');
  const [type, setType] = useState<MvAttributeType>(attribute?.type ?? 'text');
  const [multiValued, setMultiValued] = useState(attribute?.multiValued ?? false);
  const [bound, setBound] = useState<number[]>(attribute?.boundTypeIds ?? []);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const unbinding = editing && attribute.valueCount > 0 && attribute.boundTypeIds.some((id) => !bound.includes(id));

  const save = async (): Promise<void> => {
    setSaving(true);
    setSummary(null);
    setFields({});
    try {
      const next = editing
        ? await api.call('metaverse.updateAttribute', { id: attribute.id, name, boundTypeIds: bound })
        : await api.call('metaverse.createAttribute', { name, type, multiValued, boundTypeIds: bound });
      onSaved(next);
      onClose();
    } catch (err) {
      const known = err instanceof ApiError && err.fields ? err.fields : {};
      setFields(known);
      const unplaced = Object.entries(known).filter(([path]) => path !== 'name');
      setSummary(
        unplaced.length > 0 || !known['name']
          ? [errorMessage(err), ...unplaced.map(([p, m]) => `${p}: ${m}`)].join(' — ')
          : null,
      );
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
      <DialogTitle>{editing ? `Attribute ${attribute.name}` : 'New metaverse attribute'}</DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2.5} sx={{ pt: 1 }}>
          {summary && (
            <Alert severity="error" data-testid="mv-attr-error">
              {summary}
            </Alert>
          )}
          <TextField
            label="Name"
            required
            autoFocus
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={Boolean(fields['name'])}
            helperText={
              fields['name'] ?? 'Starts with a letter; letters, digits, space, _ . - (unique, case-insensitive)'
            }
            slotProps={{ htmlInput: { 'data-testid': 'mv-attr-name', maxLength: 100 } }}
          />
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <NativeSelectField
              label="Type"
              value={type}
              onChange={(v) => setType(v as MvAttributeType)}
              testId="mv-attr-type"
              disabled={editing}
              error={fields['type']}
              minWidth={180}
            >
              {MV_ATTRIBUTE_TYPES.map((t) => (
                <option key={t} value={t}>
                  {MV_TYPE_LABELS[t]}
                </option>
              ))}
            </NativeSelectField>
            <FormControlLabel
              label="Multi-valued"
              disabled={editing}
              control={
                <Checkbox
                  checked={multiValued}
                  onChange={(e) => setMultiValued(e.target.checked)}
                  slotProps={{ input: testIdAttr('mv-attr-multi') }}
                />
              }
            />
          </Stack>
          {editing && (
            <FormHelperText sx={{ mt: -1.5 }}>Type and plurality are fixed once the attribute exists.</FormHelperText>
          )}
          <Box>
            <FormLabel component="legend" sx={{ fontSize: '0.8125rem' }}>
              Bound to object types
            </FormLabel>
            <Stack direction="row" sx={{ flexWrap: 'wrap' }}>
              {schema.objectTypes.map((t) => (
                <FormControlLabel
                  key={t.id}
                  label={t.name}
                  control={
                    <Checkbox
                      size="small"
                      checked={bound.includes(t.id)}
                      onChange={(e) =>
                        setBound((b) => (e.target.checked ? [...b, t.id] : b.filter((id) => id !== t.id)))
                      }
                      slotProps={{ input: testIdAttr(`mv-attr-bind-${t.name}`) }}
                    />
                  }
                />
              ))}
            </Stack>
            <FormHelperText error={Boolean(fields['boundTypeIds'])}>
              {fields['boundTypeIds'] ??
                (unbinding
                  ? 'Unbinding a type is refused while objects of that type hold values for this attribute.'
                  : 'Only bound types can hold this attribute, and only they offer it in sync rules.')}
            </FormHelperText>
          </Box>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={saving}>
          Cancel
        </Button>
        <Button type="submit" variant="contained" disabled={saving} data-testid="mv-attr-save">
          {saving ? 'Saving…' : editing ? 'Save' : 'Create'}
        </Button>
      </DialogActions>
    </form>
  );
}

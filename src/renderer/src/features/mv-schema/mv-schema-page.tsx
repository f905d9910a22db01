import AddIcon from '@mui/icons-material/Add';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { MetaverseSchema, MvAttribute, MvObjectType } from '../../../../shared/model/index';
import { ApiError, api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { pluralise } from '../../components/format';
import { AttributePrioritySection } from './attribute-priority';
import { MvAttributeDialog } from './mv-attribute-dialog';
import { MvAttributesTable } from './mv-attributes-table';
import { ObjectTypeEditor } from './object-type-editor';

/** Remount an editor only when its saved deletion settings change, not when other parts of the schema do. */
function editorKey(t: MvObjectType): string {
  return `${t.id}:${t.deletionRule}:${t.deletionGraceSeconds}:${t.deletionTriggerSystemIds.join(',')}`;
}

export function MvSchemaPage() {
  const schema = useQuery(() => api.call('metaverse.schema', {}), 'mv-schema');
  const systems = useQuery(() => api.call('systems.list', {}), 'systems');
  const [typeDialog, setTypeDialog] = useState(false);
  const [attributeDialog, setAttributeDialog] = useState<{ attribute: MvAttribute | null } | null>(null);
  const [deleting, setDeleting] = useState<MvAttribute | null>(null);
  const [priorityVersion, setPriorityVersion] = useState(0);
  const data = schema.data;

  return (
    <Box>
      <Typography variant="h5" sx={{ mb: 2 }}>
        Metaverse Schema
      </Typography>
      {schema.error && <Alert severity="error">{schema.error}</Alert>}
      {!data && !schema.error && <LinearProgress />}
      {data && (
        <Stack spacing={3}>
          <Section
            title="Object types"
            detail="The kinds of identity the metaverse holds. The deletion rule decides when an object whose connectors disconnect is deleted; a grace period marks it first, and a qualifying rejoin cancels the deletion."
            action={
              <Button startIcon={<AddIcon />} onClick={() => setTypeDialog(true)} data-testid="mv-new-type">
                New object type
              </Button>
            }
            testId="mv-object-types"
          >
            {data.objectTypes.map((t) => (
              <ObjectTypeEditor key={editorKey(t)} type={t} systems={systems.data ?? []} onSaved={schema.setData} />
            ))}
          </Section>

          <Section
            title="Attributes"
            detail={`${pluralise(data.attributes.length, 'attribute')}. An attribute is available to the object types it is bound to.`}
            action={
              <Button
                startIcon={<AddIcon />}
                onClick={() => setAttributeDialog({ attribute: null })}
                data-testid="mv-new-attribute"
              >
                New attribute
              </Button>
            }
          >
            <MvAttributesTable
              schema={data}
              onEdit={(attribute) => setAttributeDialog({ attribute })}
              onDelete={setDeleting}
            />
          </Section>

          <AttributePrioritySection version={priorityVersion} />

          <MvAttributeDialog
            open={attributeDialog !== null}
            schema={data}
            attribute={attributeDialog?.attribute ?? null}
            onClose={() => setAttributeDialog(null)}
            onSaved={schema.setData}
          />
        </Stack>
      )}
      <NewObjectTypeDialog open={typeDialog} onClose={() => setTypeDialog(false)} onSaved={schema.setData} />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete attribute "${deleting?.name ?? ''}"?`}
        message="Sync rule flows, scoping criteria and matching rules that use it are removed with it. Junction refuses while any metaverse object holds a value for it."
        confirmLabel="Delete attribute"
        onConfirm={async () => {
          if (!deleting) return;
          schema.setData(await api.call('metaverse.deleteAttribute', { id: deleting.id }));
          setPriorityVersion((v) => v + 1);
        }}
        onClose={() => setDeleting(null)}
      />
    </Box>
  );
}

interface SectionProps {
  title: string;
  detail: string;
  action?: ReactNode;
  testId?: string;
  children: ReactNode;
}

function Section({ title, detail, action, testId, children }: SectionProps) {
  return (
    <Paper data-testid={testId}>
      <Stack
        direction="row"
        spacing={2}
        sx={{ alignItems: 'center', px: 2, py: 1.5, borderBottom: 1, borderColor: 'divider' }}
      >
        <Box sx={{ flexGrow: 1 }}>
          <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
            {title}
          </Typography>
          <Typography variant="caption" color="text.secondary">
            {detail}
          </Typography>
        </Box>
        <Box sx={{ flexShrink: 0 }}>{action}</Box>
      </Stack>
      {children}
    </Paper>
  );
}

interface NewObjectTypeDialogProps {
  open: boolean;
  onClose(): void;
  onSaved(schema: MetaverseSchema): void;
}

function NewObjectTypeDialog({ open, onClose, onSaved }: NewObjectTypeDialogProps) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const close = (): void => {
    setName('');
    setError(null);
    onClose();
  };

  const save = async (): Promise<void> => {
    setSaving(true);
    setError(null);
    try {
      onSaved(await api.call('metaverse.createObjectType', { name }));
      close();
    } catch (err) {
      setError(err instanceof ApiError && err.fields?.['name'] ? err.fields['name'] : errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open={open} onClose={close} maxWidth="xs" fullWidth data-testid="mv-type-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        noValidate
      >
        <DialogTitle>New object type</DialogTitle>
        <DialogContent dividers>
          <TextField
            label="Name"
            required
            autoFocus
            fullWidth
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={Boolean(error)}
            helperText={error ?? 'For example: contact, device, role'}
            slotProps={{ htmlInput: { 'data-testid': 'mv-type-name', maxLength: 100 } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={close} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" disabled={saving} data-testid="mv-type-save">
            {saving ? 'Creating…' : 'Create'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

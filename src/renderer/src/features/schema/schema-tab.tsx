import RefreshIcon from '@mui/icons-material/Refresh';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import Snackbar from '@mui/material/Snackbar';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { ATTRIBUTE_TYPES, ATTRIBUTE_TYPE_LABELS } from '../../../../shared/model/index';
import type { AttributeType, ConnectedSystem, SchemaAttribute, SchemaObjectType } from '../../../../shared/model/index';
import { api, ApiError, errorMessage } from '../../api/client';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { EmptyState } from '../../components/empty-state';
import { NativeSelectField } from '../../components/native-select';
import { testIdAttr } from '../../components/test-id';
import { pluralise } from '../../components/format';

interface SchemaTabProps {
  system: ConnectedSystem;
  onChanged(system: ConnectedSystem): void;
}

type AttributeChange = { type?: AttributeType; multiValued?: boolean; selected?: boolean; isExternalId?: true };

/** A schema change, sent again with the confirmation once the admin has seen which stored values it changes. */
type SchemaAction = (confirmed: { confirmValueChanges?: true }) => Promise<ConnectedSystem>;

export function SchemaTab({ system, onChanged }: SchemaTabProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [toConfirm, setToConfirm] = useState<{ message: string; action: SchemaAction } | null>(null);

  const run = async (action: SchemaAction): Promise<void> => {
    setBusy(true);
    try {
      onChanged(await action({}));
    } catch (err) {
      // The server refuses a change that would alter stored values until it is confirmed.
      const question = err instanceof ApiError ? err.fields?.confirmValueChanges : undefined;
      if (question) setToConfirm({ message: question, action });
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const updateAttribute = (attribute: SchemaAttribute, change: AttributeChange): void =>
    void run((confirmed) =>
      api.call('systems.updateAttribute', { systemId: system.id, attributeId: attribute.id, ...change, ...confirmed }),
    );

  return (
    <Box>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="body2" color="text.secondary" sx={{ flexGrow: 1 }}>
          Discovered from the header and content of the file. Types you set are kept when the schema is refreshed.
        </Typography>
        <Button
          variant="outlined"
          startIcon={<RefreshIcon />}
          disabled={busy}
          onClick={() => void run((confirmed) => api.call('systems.refreshSchema', { id: system.id, ...confirmed }))}
          data-testid="refresh-schema"
        >
          Refresh schema
        </Button>
      </Stack>
      {system.objectTypes.length === 0 && (
        <Paper>
          <EmptyState
            title="No schema yet"
            detail="Refresh the schema to read the object types and attributes from the file."
          />
        </Paper>
      )}
      {system.objectTypes.map((objectType) => (
        <ObjectTypeCard
          key={objectType.id}
          objectType={objectType}
          busy={busy}
          onSelected={(selected) =>
            void run(() =>
              api.call('systems.updateObjectType', { systemId: system.id, objectTypeId: objectType.id, selected }),
            )
          }
          onAttribute={updateAttribute}
        />
      ))}
      <ConfirmDialog
        open={toConfirm !== null}
        title="Change stored values?"
        message={toConfirm?.message ?? ''}
        confirmLabel="Change values"
        onConfirm={async () => {
          if (toConfirm) onChanged(await toConfirm.action({ confirmValueChanges: true }));
        }}
        onClose={() => setToConfirm(null)}
      />
      <Snackbar
        open={error !== null}
        autoHideDuration={6000}
        onClose={() => setError(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        <Alert severity="error" onClose={() => setError(null)} variant="filled" data-testid="schema-error">
          {error}
        </Alert>
      </Snackbar>
    </Box>
  );
}

interface ObjectTypeCardProps {
  objectType: SchemaObjectType;
  busy: boolean;
  onSelected(selected: boolean): void;
  onAttribute(attribute: SchemaAttribute, change: AttributeChange): void;
}

function ObjectTypeCard({ objectType, busy, onSelected, onAttribute }: ObjectTypeCardProps) {
  return (
    <Paper sx={{ mb: 2 }} data-testid={`object-type-${objectType.name}`}>
      <Stack direction="row" sx={{ alignItems: 'center', px: 2, py: 1, borderBottom: 1, borderColor: 'divider' }}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600, flexGrow: 1 }}>
          {objectType.name}
          <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>
            {pluralise(objectType.attributes.length, 'attribute')}
          </Typography>
        </Typography>
        <FormControlLabel
          label="Selected"
          control={
            <Switch
              checked={objectType.selected}
              disabled={busy}
              onChange={(e) => onSelected(e.target.checked)}
              slotProps={{
                input: {
                  'aria-label': `Select ${objectType.name}`,
                  ...testIdAttr(`object-type-selected-${objectType.name}`),
                },
              }}
            />
          }
        />
      </Stack>
      <Table sx={{ opacity: objectType.selected ? 1 : 0.6 }}>
        <TableHead>
          <TableRow>
            <TableCell>Attribute</TableCell>
            <TableCell sx={{ width: 220 }}>Type</TableCell>
            <TableCell sx={{ width: 150 }}>Plurality</TableCell>
            <TableCell align="center" sx={{ width: 110 }}>
              External ID
            </TableCell>
            <TableCell align="center" sx={{ width: 90 }}>
              Selected
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {objectType.attributes.map((a) => (
            <TableRow key={a.id} data-testid={`attr-row-${a.name}`}>
              <TableCell sx={{ fontFamily: 'monospace' }}>{a.name}</TableCell>
              <TableCell>
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                  <NativeSelectField
                    ariaLabel={`Type of ${a.name}`}
                    value={a.type}
                    disabled={busy}
                    onChange={(v) => onAttribute(a, { type: v as AttributeType })}
                    testId={`attr-type-${a.name}`}
                    minWidth={120}
                  >
                    {ATTRIBUTE_TYPES.map((t) => (
                      <option key={t} value={t}>
                        {ATTRIBUTE_TYPE_LABELS[t]}
                      </option>
                    ))}
                  </NativeSelectField>
                  {a.typeSetByAdmin && (
                    <Chip size="small" variant="outlined" label="set by admin" data-testid={`attr-admin-${a.name}`} />
                  )}
                </Stack>
              </TableCell>
              <TableCell>
                <NativeSelectField
                  ariaLabel={`Plurality of ${a.name}`}
                  value={a.multiValued ? 'multi' : 'single'}
                  disabled={busy}
                  onChange={(v) => onAttribute(a, { multiValued: v === 'multi' })}
                  testId={`attr-multi-${a.name}`}
                  minWidth={110}
                >
                  <option value="single">Single</option>
                  <option value="multi">Multi</option>
                </NativeSelectField>
              </TableCell>
              <TableCell align="center">
                <Radio
                  size="small"
                  checked={a.isExternalId}
                  disabled={busy}
                  onChange={() => onAttribute(a, { isExternalId: true })}
                  slotProps={{
                    input: {
                      'aria-label': `${a.name} is the external ID`,
                      ...testIdAttr(`attr-external-id-${a.name}`),
                    },
                  }}
                />
              </TableCell>
              <TableCell align="center">
                <Checkbox
                  size="small"
                  checked={a.selected}
                  disabled={busy || a.isExternalId}
                  onChange={(e) => onAttribute(a, { selected: e.target.checked })}
                  slotProps={{ input: { 'aria-label': `Select ${a.name}`, ...testIdAttr(`attr-selected-${a.name}`) } }}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}

import Box from '@mui/material/Box';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { ConnectedSystem, ConnectedSystemSummary, MetaverseSchema } from '../../../../shared/model/index';
import { NativeSelectField } from '../../components/native-select';
import { testIdAttr } from '../../components/test-id';
import { csObjectTypes } from './sync-rule-form';
import type { FieldErrors, SyncRuleDraft } from './sync-rule-form';

interface GeneralSectionProps {
  draft: SyncRuleDraft;
  errors: FieldErrors;
  /** True once saved: the direction can no longer change. */
  saved: boolean;
  systems: ConnectedSystemSummary[];
  system: ConnectedSystem | undefined;
  schema: MetaverseSchema | undefined;
  onChange(patch: Partial<SyncRuleDraft>): void;
}

export function GeneralSection({ draft, errors, saved, systems, system, schema, onChange }: GeneralSectionProps) {
  const inbound = draft.direction === 'inbound';
  const csTypes = csObjectTypes(system);
  const csTypeKnown = csTypes.some((t) => t.toLowerCase() === draft.csObjectType.toLowerCase());
  const mvTypes = schema?.objectTypes.map((t) => t.name) ?? [];
  const mvTypeKnown = mvTypes.some((t) => t.toLowerCase() === draft.mvObjectType.toLowerCase());

  return (
    <Stack spacing={2.5}>
      <Stack direction="row" spacing={2}>
        <TextField
          label="Name"
          required
          value={draft.name}
          onChange={(e) => onChange({ name: e.target.value })}
          error={Boolean(errors['name'])}
          helperText={errors['name']}
          sx={{ flex: 1 }}
          slotProps={{ htmlInput: { 'data-testid': 'sr-name', maxLength: 100 } }}
        />
        <NativeSelectField
          label="Direction"
          value={draft.direction}
          onChange={(v) => onChange({ direction: v as SyncRuleDraft['direction'] })}
          testId="sr-direction"
          disabled={saved}
          error={errors['direction']}
          helperText={saved ? 'Fixed once saved' : undefined}
          minWidth={200}
        >
          <option value="inbound">Inbound (system → metaverse)</option>
          <option value="outbound">Outbound (metaverse → system)</option>
        </NativeSelectField>
      </Stack>
      <TextField
        label="Description"
        value={draft.description}
        onChange={(e) => onChange({ description: e.target.value })}
        error={Boolean(errors['description'])}
        helperText={errors['description']}
        multiline
        minRows={1}
        slotProps={{ htmlInput: { 'data-testid': 'sr-description', maxLength: 2000 } }}
      />
      <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap', rowGap: 2 }}>
        <NativeSelectField
          label="Connected system"
          value={draft.connectedSystemId === null ? '' : String(draft.connectedSystemId)}
          onChange={(v) => onChange({ connectedSystemId: v ? Number(v) : null })}
          testId="sr-system"
          error={errors['connectedSystemId']}
          minWidth={220}
        >
          <option value="">Choose a system…</option>
          {systems.map((s) => (
            <option key={s.id} value={String(s.id)}>
              {s.name}
            </option>
          ))}
        </NativeSelectField>
        <NativeSelectField
          label="Connected system object type"
          value={draft.csObjectType}
          onChange={(v) => onChange({ csObjectType: v })}
          testId="sr-cs-type"
          error={errors['csObjectType']}
          helperText={
            system && csTypes.length === 0 ? 'This system has no schema yet: refresh it on its Schema tab' : undefined
          }
          disabled={!system}
          minWidth={240}
        >
          <option value="">{system ? 'Choose a type…' : 'Choose a system first'}</option>
          {draft.csObjectType && !csTypeKnown && <option value={draft.csObjectType}>{draft.csObjectType}</option>}
          {csTypes.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </NativeSelectField>
        <Typography sx={{ alignSelf: 'center', color: 'text.secondary' }} aria-hidden>
          {inbound ? '→' : '←'}
        </Typography>
        <NativeSelectField
          label="Metaverse object type"
          value={draft.mvObjectType}
          onChange={(v) => onChange({ mvObjectType: v })}
          testId="sr-mv-type"
          error={errors['mvObjectType']}
          minWidth={200}
        >
          <option value="">Choose a type…</option>
          {draft.mvObjectType && !mvTypeKnown && <option value={draft.mvObjectType}>{draft.mvObjectType}</option>}
          {mvTypes.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </NativeSelectField>
      </Stack>
      <Stack direction="row" spacing={3} sx={{ alignItems: 'flex-start', flexWrap: 'wrap', rowGap: 2 }}>
        <Toggle
          label="Enabled"
          checked={draft.enabled}
          onChange={(enabled) => onChange({ enabled })}
          testId="sr-enabled"
          hint="A disabled rule is ignored by synchronisation."
        />
        {inbound ? (
          <>
            <Toggle
              label="Project to metaverse"
              checked={draft.projectToMetaverse}
              onChange={(projectToMetaverse) => onChange({ projectToMetaverse })}
              testId="sr-project"
              hint="Create a metaverse object when no matching rule finds one."
            />
            <NativeSelectField
              label="When an object leaves scope"
              value={draft.outOfScopeAction}
              onChange={(v) => onChange({ outOfScopeAction: v as SyncRuleDraft['outOfScopeAction'] })}
              testId="sr-out-of-scope"
              error={errors['outOfScopeAction']}
              minWidth={260}
            >
              <option value="disconnect">Disconnect it from its metaverse object</option>
              <option value="remainJoined">Stay joined, stop flowing attributes</option>
            </NativeSelectField>
          </>
        ) : (
          <>
            <Toggle
              label="Provision to system"
              checked={draft.provisionToSystem}
              onChange={(provisionToSystem) => onChange({ provisionToSystem })}
              testId="sr-provision"
              hint="Create the object in this system (a Create pending export) when none is joined."
            />
            <NativeSelectField
              label="When a metaverse object leaves scope or is deleted"
              value={draft.deprovisionAction}
              onChange={(v) => onChange({ deprovisionAction: v as SyncRuleDraft['deprovisionAction'] })}
              testId="sr-deprovision"
              error={errors['deprovisionAction']}
              minWidth={320}
            >
              <option value="disconnect">Disconnect: leave the object in the system</option>
              <option value="delete">Delete it from the system</option>
            </NativeSelectField>
          </>
        )}
      </Stack>
    </Stack>
  );
}

interface ToggleProps {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  testId: string;
  hint: string;
}

function Toggle({ label, checked, onChange, testId, hint }: ToggleProps) {
  return (
    <Box sx={{ maxWidth: 260 }}>
      <FormControlLabel
        label={label}
        control={
          <Switch
            checked={checked}
            onChange={(e) => onChange(e.target.checked)}
            slotProps={{ input: { 'aria-label': label, ...testIdAttr(testId) } }}
          />
        }
      />
      <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: -0.5 }}>
        {hint}
      </Typography>
    </Box>
  );
}

import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { DELETION_RULES } from '../../../../shared/model/index';
import type {
  ConnectedSystemSummary,
  DeletionRule,
  MetaverseSchema,
  MvObjectType,
} from '../../../../shared/model/index';
import { api, errorMessage } from '../../api/client';
import { pluralise } from '../../components/format';
import { NativeSelectField } from '../../components/native-select';
import { testIdAttr } from '../../components/test-id';

export const DELETION_RULE_LABELS: Record<DeletionRule, string> = {
  manual: 'Manual: never deleted automatically',
  whenLastConnectorDisconnected: 'When the last connector disconnects',
  whenAuthoritativeSourceDisconnected: 'When an authoritative source disconnects',
};

type GraceUnit = 'days' | 'hours';
const UNIT_SECONDS: Record<GraceUnit, number> = { days: 86_400, hours: 3_600 };

interface Draft {
  rule: DeletionRule;
  grace: string;
  unit: GraceUnit;
  triggers: number[];
}

function draftOf(type: MvObjectType): Draft {
  const s = type.deletionGraceSeconds;
  // Days unless the saved period is not a whole number of them.
  const unit: GraceUnit = s % UNIT_SECONDS.days === 0 ? 'days' : 'hours';
  const amount = s / UNIT_SECONDS[unit];
  return {
    rule: type.deletionRule,
    grace: Number.isInteger(amount) ? String(amount) : amount.toFixed(2),
    unit,
    triggers: [...type.deletionTriggerSystemIds],
  };
}

function graceSeconds(draft: Draft): number | null {
  const text = draft.grace.trim();
  if (text === '') return 0;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? Math.round(n * UNIT_SECONDS[draft.unit]) : null;
}

interface ObjectTypeEditorProps {
  type: MvObjectType;
  systems: ConnectedSystemSummary[];
  onSaved(schema: MetaverseSchema): void;
}

/** One metaverse object type and its deletion rule (domain §7), saved explicitly. */
export function ObjectTypeEditor({ type, systems, onSaved }: ObjectTypeEditorProps) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(type));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seconds = graceSeconds(draft);
  const saved = draftOf(type);
  const dirty =
    draft.rule !== saved.rule ||
    seconds !== type.deletionGraceSeconds ||
    [...draft.triggers].sort().join() !== [...saved.triggers].sort().join();
  const t = type.name;

  const save = async (): Promise<void> => {
    if (seconds === null) return;
    setSaving(true);
    setError(null);
    try {
      const schema = await api.call('metaverse.updateObjectType', {
        id: type.id,
        deletionRule: draft.rule,
        deletionGraceSeconds: seconds,
        deletionTriggerSystemIds: draft.rule === 'whenAuthoritativeSourceDisconnected' ? draft.triggers : [],
      });
      onSaved(schema);
      const fresh = schema.objectTypes.find((o) => o.id === type.id);
      if (fresh) setDraft(draftOf(fresh));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Box sx={{ px: 2, py: 1.5, borderBottom: 1, borderColor: 'divider' }} data-testid={`mv-type-${t}`}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start', flexWrap: 'wrap', rowGap: 1.5 }}>
        <Box sx={{ width: 170 }}>
          <Typography variant="subtitle2" sx={{ fontFamily: 'monospace' }}>
            {t}
            {type.builtIn && <Chip size="small" label="built-in" variant="outlined" sx={{ ml: 1 }} />}
          </Typography>
          <Typography variant="caption" color="text.secondary" data-testid={`mv-type-count-${t}`}>
            {pluralise(type.objectCount, 'object')} · {pluralise(type.attributeIds.length, 'attribute')}
          </Typography>
        </Box>
        <NativeSelectField
          label="Deletion rule"
          value={draft.rule}
          onChange={(v) => setDraft((d) => ({ ...d, rule: v as DeletionRule }))}
          testId={`mv-type-rule-${t}`}
          minWidth={300}
        >
          {DELETION_RULES.map((r) => (
            <option key={r} value={r}>
              {DELETION_RULE_LABELS[r]}
            </option>
          ))}
        </NativeSelectField>
        {draft.rule !== 'manual' && (
          <Stack direction="row" spacing={1}>
            <TextField
              label="Grace period"
              value={draft.grace}
              onChange={(e) => setDraft((d) => ({ ...d, grace: e.target.value }))}
              error={seconds === null}
              helperText={seconds === null ? 'A number of 0 or more' : seconds === 0 ? 'Deleted at once' : undefined}
              sx={{ width: 130 }}
              slotProps={{ htmlInput: { inputMode: 'decimal', 'data-testid': `mv-type-grace-${t}` } }}
            />
            <NativeSelectField
              ariaLabel="Grace period unit"
              value={draft.unit}
              onChange={(v) => setDraft((d) => ({ ...d, unit: v as GraceUnit }))}
              testId={`mv-type-grace-unit-${t}`}
              minWidth={100}
            >
              <option value="days">days</option>
              <option value="hours">hours</option>
            </NativeSelectField>
          </Stack>
        )}
        <Box sx={{ flexGrow: 1 }} />
        <Button
          variant={dirty ? 'contained' : 'outlined'}
          disabled={!dirty || saving || seconds === null}
          onClick={() => void save()}
          data-testid={`mv-type-save-${t}`}
        >
          {saving ? 'Saving…' : 'Save'}
        </Button>
      </Stack>
      {draft.rule === 'whenAuthoritativeSourceDisconnected' && (
        <Box sx={{ mt: 1, ml: { md: '186px' } }} data-testid={`mv-type-triggers-${t}`}>
          <Typography variant="caption" color="text.secondary" component="div">
            Authoritative sources: disconnecting from one of these triggers deletion; other systems never do. None
            chosen behaves like “when the last connector disconnects”.
          </Typography>
          {systems.length === 0 && (
            <Typography variant="body2" color="text.secondary">
              No connected systems yet.
            </Typography>
          )}
          {systems.map((s) => (
            <FormControlLabel
              key={s.id}
              label={s.name}
              control={
                <Checkbox
                  size="small"
                  checked={draft.triggers.includes(s.id)}
                  onChange={(e) =>
                    setDraft((d) => ({
                      ...d,
                      triggers: e.target.checked ? [...d.triggers, s.id] : d.triggers.filter((x) => x !== s.id),
                    }))
                  }
                  slotProps={{ input: testIdAttr(`mv-type-trigger-${t}-${s.name}`) }}
                />
              }
            />
          ))}
        </Box>
      )}
      {error && (
        <Typography variant="body2" color="error" sx={{ mt: 1 }} data-testid={`mv-type-error-${t}`}>
          {error}
        </Typography>
      )}
    </Box>
  );
}

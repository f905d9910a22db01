import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { useDebounced } from '../../components/use-debounced';
import { pluralise } from '../../components/format';
import { displayNameOf } from '../connector-space/cso-format';

/** Where a test evaluates: the rule's side and the object the admin named (shared by every flow of the rule). */
export interface TestContext {
  inbound: boolean;
  systemId: number | null;
  mvObjectType: string;
  object: string;
  setObject(object: string): void;
}

export type TestOutcome =
  { kind: 'value'; value: unknown; valueType: string | null; object: string } | { kind: 'error'; message: string };

/** Outbound tests take a metaverse object id; a name is accepted when exactly one object matches it. */
async function resolveMvo(text: string, mvObjectType: string): Promise<number> {
  if (/^\d+$/.test(text)) return Number(text);
  const page = await api.call('metaverse.search', {
    text,
    limit: 2,
    ...(mvObjectType ? { objectType: mvObjectType } : {}),
  });
  const [first] = page.rows;
  if (page.total === 1 && first) return first.id;
  throw new Error(
    page.total === 0
      ? `No ${mvObjectType || 'metaverse'} object matches “${text}”`
      : `${pluralise(page.total, 'object matches', 'objects match')} “${text}”: pick one from the list or enter its id`,
  );
}

export function useExpressionTest(ctx: TestContext, expression: string) {
  const [outcome, setOutcome] = useState<TestOutcome | null>(null);
  const [running, setRunning] = useState(false);

  const run = async (objectText = ctx.object, label?: string): Promise<void> => {
    const text = objectText.trim();
    if (!text) {
      setOutcome({
        kind: 'error',
        message: ctx.inbound
          ? 'Enter the external ID of an object in this system'
          : 'Enter a metaverse object id or name',
      });
      return;
    }
    setRunning(true);
    try {
      let result;
      if (ctx.inbound) {
        if (ctx.systemId === null) throw new Error('Choose the connected system first');
        result = await api.call('expressions.test', {
          expression,
          scope: 'cs',
          systemId: ctx.systemId,
          externalId: text,
        });
      } else {
        const objectId = await resolveMvo(text, ctx.mvObjectType);
        result = await api.call('expressions.test', { expression, scope: 'mv', objectId });
      }
      setOutcome(
        result.ok
          ? { kind: 'value', value: result.value, valueType: result.valueType, object: label ?? text }
          : { kind: 'error', message: result.error ?? 'The expression failed' },
      );
    } catch (err) {
      setOutcome({ kind: 'error', message: errorMessage(err) });
    } finally {
      setRunning(false);
    }
  };

  return { outcome, running, run };
}

interface ExpressionTestPanelProps {
  index: number;
  ctx: TestContext;
  outcome: TestOutcome | null;
  running: boolean;
  run(objectText?: string, label?: string): Promise<void>;
}

export function ExpressionTestPanel({ index, ctx, outcome, running, run }: ExpressionTestPanelProps) {
  const search = useDebounced(ctx.object.trim(), 300);
  // Suggestions while typing: objects of the rule's side whose id, name or values contain the text.
  const suggestions = useQuery(
    async (): Promise<{ value: string; label: string }[]> => {
      if (!search || (!ctx.inbound && /^\d+$/.test(search))) return [];
      if (ctx.inbound) {
        if (ctx.systemId === null) return [];
        const page = await api.call('connectorSpace.list', { systemId: ctx.systemId, search, limit: 6 });
        return page.rows.map((o) => ({
          value: o.externalId,
          label: displayNameOf(o.attributes) ? `${o.externalId} · ${displayNameOf(o.attributes)}` : o.externalId,
        }));
      }
      const page = await api.call('metaverse.search', {
        text: search,
        limit: 6,
        ...(ctx.mvObjectType ? { objectType: ctx.mvObjectType } : {}),
      });
      return page.rows.map((o) => ({ value: String(o.id), label: `${o.displayName || o.objectType} · #${o.id}` }));
    },
    `test-suggest-${ctx.inbound ? `cs-${ctx.systemId}` : `mv-${ctx.mvObjectType}`}-${search}`,
  );
  const shown = (suggestions.data ?? []).filter((s) => s.value !== ctx.object.trim());

  return (
    <Box
      sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 1.5, bgcolor: 'action.hover' }}
      data-testid={`sr-flow-test-panel-${index}`}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <TextField
          label={ctx.inbound ? 'External ID in this system' : 'Metaverse object (id or name)'}
          value={ctx.object}
          onChange={(e) => ctx.setObject(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void run();
            }
          }}
          sx={{ flex: 1 }}
          slotProps={{ htmlInput: { 'data-testid': `sr-flow-test-object-${index}` } }}
        />
        <Button
          variant="outlined"
          startIcon={<PlayArrowIcon />}
          onClick={() => void run()}
          disabled={running}
          data-testid={`sr-flow-test-run-${index}`}
        >
          {running ? 'Testing…' : 'Evaluate'}
        </Button>
      </Stack>
      {shown.length > 0 && (
        <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5, mt: 1 }}>
          {shown.map((s) => (
            <Chip
              key={s.value}
              size="small"
              label={s.label}
              onClick={() => {
                ctx.setObject(s.value);
                void run(s.value, s.label);
              }}
              data-testid={`sr-flow-test-pick-${index}`}
            />
          ))}
        </Stack>
      )}
      {outcome && (
        <Box sx={{ mt: 1 }} data-testid={`sr-flow-test-result-${index}`}>
          {outcome.kind === 'error' ? (
            <Alert severity="error" sx={{ py: 0 }}>
              {outcome.message}
            </Alert>
          ) : (
            <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline' }}>
              <Chip
                size="small"
                color="success"
                label={outcome.valueType ?? 'null'}
                data-testid={`sr-flow-test-type-${index}`}
              />
              <Typography
                component="code"
                variant="body2"
                sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
                data-testid={`sr-flow-test-value-${index}`}
              >
                {formatTestValue(outcome.value)}
              </Typography>
              <Typography variant="caption" color="text.secondary">
                for {outcome.object}
              </Typography>
            </Stack>
          )}
        </Box>
      )}
    </Box>
  );
}

/** JSON keeps quotes around text, so leading/trailing spaces and "" versus null stay visible. */
export function formatTestValue(value: unknown): string {
  if (value === null || value === undefined) return 'null (no value)';
  return JSON.stringify(value);
}

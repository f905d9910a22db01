import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useSearchParams } from 'react-router';
import type { ConnectedSystem } from '../../../../shared/model/index';
import { api } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { NativeSelectField } from '../../components/native-select';
import { NewSyncRuleButton, SyncRulesTable } from './sync-rules-table';

export function SyncRulesPage() {
  // The filter lives in the URL so that Back from a rule returns to the same list.
  const [params, setParams] = useSearchParams();
  const systemId = Number(params.get('systemId')) || undefined;
  const systems = useQuery(() => api.call('systems.list', {}), 'systems');
  const rules = useQuery(
    () => api.call('syncRules.list', systemId ? { systemId } : {}),
    `sync-rules-${systemId ?? 'all'}`,
  );

  return (
    <Box>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h5" sx={{ flexGrow: 1 }}>
          Sync Rules
        </Typography>
        <NativeSelectField
          label="System"
          value={systemId ? String(systemId) : ''}
          onChange={(v) => setParams(v ? { systemId: v } : {}, { replace: true })}
          testId="sync-rules-filter-system"
          minWidth={200}
        >
          <option value="">All systems</option>
          {(systems.data ?? []).map((s) => (
            <option key={s.id} value={String(s.id)}>
              {s.name}
            </option>
          ))}
        </NativeSelectField>
        <NewSyncRuleButton systemId={systemId} />
      </Stack>
      {rules.error && <Alert severity="error">{rules.error}</Alert>}
      {!rules.data && !rules.error && <LinearProgress />}
      {rules.data && <SyncRulesTable rules={rules.data} systemId={systemId} filtered={systemId !== undefined} />}
    </Box>
  );
}

/** A system's own rules, on its Sync Rules tab. */
export function SystemSyncRulesTab({ system }: { system: ConnectedSystem }) {
  const rules = useQuery(() => api.call('syncRules.list', { systemId: system.id }), `sync-rules-${system.id}`);
  return (
    <Box>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="body2" color="text.secondary" sx={{ flexGrow: 1 }}>
          Inbound rules bring this system's objects into the metaverse; outbound rules write metaverse objects to it.
        </Typography>
        {rules.data && rules.data.length > 0 && <NewSyncRuleButton systemId={system.id} />}
      </Stack>
      {rules.error && <Alert severity="error">{rules.error}</Alert>}
      {!rules.data && !rules.error && <LinearProgress />}
      {rules.data && <SyncRulesTable rules={rules.data} showSystem={false} systemId={system.id} filtered />}
    </Box>
  );
}

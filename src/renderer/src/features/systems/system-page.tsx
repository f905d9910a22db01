import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useEffect } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { ConnectedSystem } from '../../../../shared/model/index';
import { api } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { formatNumber } from '../../components/format';
import { ConnectorSpaceTab } from '../connector-space/connector-space-tab';
import { PendingViewsTab } from '../drill-down/pending-views-tab';
import { PendingExportsTab } from '../pending-exports/pending-exports-tab';
import { RunProfilesTab } from '../run-profiles/run-profiles-tab';
import { SchemaTab } from '../schema/schema-tab';
import { SystemSyncRulesTab } from '../sync-rules/sync-rules-page';
import { MODE_LABELS } from './system-form-state';
import { SystemSettingsTab } from './system-settings-tab';

const TABS = [
  { value: 'run-profiles', label: 'Run Profiles' },
  { value: 'connector-space', label: 'Connector Space' },
  { value: 'sync-rules', label: 'Sync Rules' },
  { value: 'pending-exports', label: 'Pending Exports' },
  { value: 'pending', label: 'Pending Views' },
  { value: 'schema', label: 'Schema' },
  { value: 'settings', label: 'Settings' },
] as const;
type TabValue = (typeof TABS)[number]['value'];

function isTab(value: string | undefined): value is TabValue {
  return TABS.some((t) => t.value === value);
}

export function SystemPage() {
  const params = useParams();
  const navigate = useNavigate();
  const id = Number(params['id']);
  const tab: TabValue = isTab(params['tab']) ? params['tab'] : 'run-profiles';

  const system = useQuery(() => api.call('systems.get', { id }), `system-${id}`);
  const objectCount = useQuery(
    () => api.call('connectorSpace.list', { systemId: id, limit: 1 }).then((p) => p.total),
    `system-count-${id}`,
  );
  const reloadCount = objectCount.reload;
  const reloadSystem = system.reload;

  useEffect(
    () =>
      api.on('activities.onFinished', (activity) => {
        if (activity.connectedSystemId !== id) return;
        reloadCount();
        // An import can discover new columns, so the schema may have changed too.
        reloadSystem();
      }),
    [id, reloadCount, reloadSystem],
  );

  if (!Number.isInteger(id) || id <= 0) return <Alert severity="error">Invalid system id</Alert>;
  if (system.error && !system.data) return <Alert severity="error">{system.error}</Alert>;
  const data = system.data;
  if (!data) return <LinearProgress />;

  const onChanged = (updated: ConnectedSystem): void => system.setData(updated);

  return (
    <Box>
      <Paper sx={{ p: 2, mb: 2 }}>
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'flex-start' }}>
          <IconButton component={Link} to="/systems" size="small" aria-label="Back to connected systems">
            <ArrowBackIcon fontSize="small" />
          </IconButton>
          <Box sx={{ flexGrow: 1, minWidth: 0 }}>
            <Typography variant="h5" data-testid="system-title">
              {data.name}
            </Typography>
            {data.description && (
              <Typography variant="body2" color="text.secondary">
                {data.description}
              </Typography>
            )}
            <Stack direction="row" spacing={3} sx={{ mt: 1, flexWrap: 'wrap' }}>
              <HeaderFact label="Connector" value="File (CSV)" />
              <HeaderFact label="File" value={data.settings.filePath} testId="system-header-file" />
              <HeaderFact
                label="Objects"
                value={objectCount.data === undefined ? '…' : formatNumber(objectCount.data)}
                testId="system-object-count"
              />
            </Stack>
          </Box>
          <Chip size="small" label={MODE_LABELS[data.settings.mode]} variant="outlined" />
        </Stack>
      </Paper>
      <Tabs
        value={tab}
        onChange={(_, value: TabValue) => void navigate(`/systems/${id}/${value}`, { replace: true })}
        sx={{ mb: 2, borderBottom: 1, borderColor: 'divider' }}
      >
        {TABS.map((t) => (
          <Tab key={t.value} value={t.value} label={t.label} data-testid={`tab-${t.value}`} />
        ))}
      </Tabs>
      {tab === 'run-profiles' && <RunProfilesTab system={data} />}
      {tab === 'connector-space' && <ConnectorSpaceTab systemId={id} />}
      {tab === 'sync-rules' && <SystemSyncRulesTab system={data} />}
      {tab === 'pending-exports' && <PendingExportsTab systemId={id} />}
      {tab === 'pending' && <PendingViewsTab systemId={id} />}
      {tab === 'schema' && <SchemaTab system={data} onChanged={onChanged} />}
      {tab === 'settings' && <SystemSettingsTab system={data} onChanged={onChanged} />}
    </Box>
  );
}

function HeaderFact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Box sx={{ minWidth: 0 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="body2" data-testid={testId} sx={{ wordBreak: 'break-all' }}>
        {value}
      </Typography>
    </Box>
  );
}

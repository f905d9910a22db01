import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect } from 'react';
import type { ConnectedSystemSummary, MvObjectType } from '../../../../shared/model/index';
import { api } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { formatNumber } from '../../components/format';

/** How often the counts are re-read while a run is going. */
const REFRESH_MS = 2000;

interface PipelineSystem {
  system: ConnectedSystemSummary;
  pendingExports: number;
  target: boolean;
}

interface PipelineData {
  sources: PipelineSystem[];
  targets: PipelineSystem[];
  mvTypes: MvObjectType[];
  mvTotal: number;
}

async function loadPipeline(): Promise<PipelineData> {
  const [systems, rules, schema] = await Promise.all([
    api.call('systems.list', {}),
    api.call('syncRules.list', {}),
    api.call('metaverse.schema', {}),
  ]);
  // A system is a target when something flows out to it: it has an outbound sync rule.
  const targetIds = new Set(rules.filter((r) => r.direction === 'outbound').map((r) => r.connectedSystemId));
  const pending = await Promise.all(
    systems.map((s) => api.call('pendingExports.list', { systemId: s.id, status: 'pending', limit: 1 }).then((page) => page.total)),
  );
  const all = systems.map((system, i) => ({ system, pendingExports: pending[i] ?? 0, target: targetIds.has(system.id) }));
  return {
    sources: all.filter((s) => !s.target),
    targets: all.filter((s) => s.target),
    mvTypes: schema.objectTypes,
    mvTotal: schema.objectTypes.reduce((sum, t) => sum + t.objectCount, 0),
  };
}

/** Systems that feed the metaverse on the left, the metaverse in the middle, targets on the right. */
export function PresenterPipeline({ live }: { live: boolean }) {
  const query = useQuery(loadPipeline, 'presenter-pipeline');
  const { reload } = query;

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [live, reload]);
  // A run's last objects land after the last refresh tick; its finish brings the final counts.
  useEffect(() => api.on('activities.onFinished', () => reload()), [reload]);

  const data = query.data;
  return (
    <Box data-testid="presenter-pipeline">
      {query.error && !data && <Alert severity="error">{query.error}</Alert>}
      {!data && !query.error && <LinearProgress />}
      {data && (
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'center', gap: 3 }}>
          <SystemColumn systems={data.sources} label="Sources" />
          <ArrowForwardIcon sx={{ fontSize: 64, color: 'text.primary', flexShrink: 0 }} />
          <Box
            data-testid="presenter-pipeline-metaverse"
            sx={{
              flexShrink: 0,
              minWidth: 280,
              px: 3,
              py: 2.5,
              border: 4,
              borderColor: 'primary.main',
              borderRadius: 3,
              textAlign: 'center',
            }}
          >
            <Typography sx={{ fontSize: 28, fontWeight: 700 }}>Metaverse</Typography>
            <Typography
              sx={{ fontSize: 72, fontWeight: 800, lineHeight: 1.1, color: 'primary.main', fontVariantNumeric: 'tabular-nums' }}
              data-testid="presenter-pipeline-mv-count"
            >
              {formatNumber(data.mvTotal)}
            </Typography>
            <Typography sx={{ fontSize: 20 }} color="text.secondary">
              {data.mvTypes
                .filter((t) => t.objectCount > 0)
                .map((t) => `${formatNumber(t.objectCount)} ${t.name}`)
                .join(' · ') || 'objects'}
            </Typography>
          </Box>
          <ArrowForwardIcon sx={{ fontSize: 64, color: 'text.primary', flexShrink: 0 }} />
          <SystemColumn systems={data.targets} label="Targets" />
        </Stack>
      )}
    </Box>
  );
}

function SystemColumn({ systems, label }: { systems: PipelineSystem[]; label: string }) {
  return (
    <Stack spacing={1.5} sx={{ minWidth: 260, flex: '0 1 340px' }}>
      <Typography sx={{ fontSize: 20, fontWeight: 700, textTransform: 'uppercase', letterSpacing: 1 }} color="text.secondary">
        {label}
      </Typography>
      {systems.length === 0 && (
        <Typography sx={{ fontSize: 22 }} color="text.secondary">
          None
        </Typography>
      )}
      {systems.map((s) => (
        <SystemBox key={s.system.id} item={s} />
      ))}
    </Stack>
  );
}

function SystemBox({ item }: { item: PipelineSystem }) {
  const { system, pendingExports, target } = item;
  return (
    <Box
      data-testid={`presenter-pipeline-system-${system.name}`}
      data-role={target ? 'target' : 'source'}
      sx={{ px: 2.5, py: 1.5, border: 3, borderColor: 'text.primary', borderRadius: 2 }}
    >
      <Typography sx={{ fontSize: 30, fontWeight: 800, lineHeight: 1.2 }} noWrap title={system.name}>
        {system.name}
      </Typography>
      <Stack direction="row" spacing={3} sx={{ mt: 0.5 }}>
        <Box>
          <Typography
            sx={{ fontSize: 40, fontWeight: 800, lineHeight: 1.1, fontVariantNumeric: 'tabular-nums' }}
            data-testid={`presenter-pipeline-objects-${system.name}`}
          >
            {formatNumber(system.objectCount)}
          </Typography>
          <Typography sx={{ fontSize: 18 }} color="text.secondary">
            connector space objects
          </Typography>
        </Box>
        <Box>
          <Typography
            sx={{
              fontSize: 40,
              fontWeight: 800,
              lineHeight: 1.1,
              fontVariantNumeric: 'tabular-nums',
              color: pendingExports > 0 ? 'warning.main' : 'text.primary',
            }}
            data-testid={`presenter-pipeline-pending-${system.name}`}
          >
            {formatNumber(pendingExports)}
          </Typography>
          <Typography sx={{ fontSize: 18 }} color="text.secondary">
            pending exports
          </Typography>
        </Box>
      </Stack>
    </Box>
  );
}

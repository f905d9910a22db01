import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import type { ConnectedSystemSummary } from '../../../../shared/model/index';
import { api, errorMessage } from '../../api/client';
import { formatNumber } from '../../components/format';
import { pu } from './presenter-theme';

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
  mvTotal: number;
}

async function loadPipeline(): Promise<PipelineData> {
  // The metaverse total comes from a one-row search (a plain COUNT), not from the metaverse
  // schema, whose value counts scan every identity's attributes (issue #13): this runs every 2 s.
  const [systems, rules, metaverse] = await Promise.all([
    api.call('systems.list', {}),
    api.call('syncRules.list', {}),
    api.call('metaverse.search', { limit: 1 }),
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
    mvTotal: metaverse.total,
  };
}

/**
 * Loads the pipeline, again every REFRESH_MS while `live`: the next load waits for the last one,
 * so a slow answer (a busy database mid-run) is shown late rather than dropped for a newer ask.
 */
function usePipeline(live: boolean): { data: PipelineData | undefined; error: string | null } {
  const [data, setData] = useState<PipelineData>();
  const [error, setError] = useState<string | null>(null);
  const [finishedRuns, setFinishedRuns] = useState(0);
  // A run's last objects land after the last refresh; its finish brings the final counts.
  useEffect(() => api.on('activities.onFinished', () => setFinishedRuns((n) => n + 1)), []);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async (): Promise<void> => {
      try {
        const fresh = await loadPipeline();
        if (cancelled) return;
        setData(fresh);
        setError(null);
      } catch (err) {
        if (!cancelled) setError(errorMessage(err));
      }
      if (live && !cancelled) timer = setTimeout(() => void load(), REFRESH_MS);
    };
    // Also when `live` turns off: a run the CLI ran ends without an event, and its counts are final now.
    void load();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [live, finishedRuns]);

  return { data, error };
}

/** Systems that feed the metaverse at the top, the metaverse in the middle, targets below. */
export function PresenterPipeline({ live }: { live: boolean }) {
  const { data, error } = usePipeline(live);
  return (
    <Box data-testid="presenter-pipeline" sx={{ display: 'flex', flexDirection: 'column', gap: pu(1), minHeight: 0, overflow: 'hidden' }}>
      {error && !data && <Alert severity="error">{error}</Alert>}
      {!data && !error && <LinearProgress />}
      {data && (
        <>
          <SystemGroup systems={data.sources} label="Sources" />
          <Arrow />
          <Box
            data-testid="presenter-pipeline-metaverse"
            sx={{ flexShrink: 0, px: pu(2), py: pu(1), border: 4, borderColor: 'primary.main', borderRadius: 3, textAlign: 'center' }}
          >
            <Typography sx={{ fontSize: pu(2.6), fontWeight: 700, lineHeight: 1.2 }}>Metaverse</Typography>
            <Typography
              sx={{ fontSize: pu(5.5), fontWeight: 800, lineHeight: 1.1, color: 'primary.main', fontVariantNumeric: 'tabular-nums' }}
              data-testid="presenter-pipeline-mv-count"
            >
              {formatNumber(data.mvTotal)}
            </Typography>
            <Typography sx={{ fontSize: pu(2), lineHeight: 1.3 }} color="text.secondary">
              identities
            </Typography>
          </Box>
          <Arrow />
          <SystemGroup systems={data.targets} label="Targets" />
        </>
      )}
    </Box>
  );
}

function Arrow() {
  return <ArrowDownwardIcon sx={{ fontSize: pu(3.5), alignSelf: 'center', flexShrink: 0 }} />;
}

function SystemGroup({ systems, label }: { systems: PipelineSystem[]; label: string }) {
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: pu(0.8), minHeight: 0 }}>
      <Typography
        sx={{ fontSize: pu(1.9), fontWeight: 700, textTransform: 'uppercase', letterSpacing: 1, lineHeight: 1.2 }}
        color="text.secondary"
      >
        {label}
      </Typography>
      {systems.length === 0 && (
        <Typography sx={{ fontSize: pu(2.2) }} color="text.secondary">
          None
        </Typography>
      )}
      {systems.map((s) => (
        <SystemRow key={s.system.id} item={s} />
      ))}
    </Box>
  );
}

/** One line per system, so a lab of several systems still fits; pending exports only when there are some. */
function SystemRow({ item }: { item: PipelineSystem }) {
  const { system, pendingExports, target } = item;
  return (
    <Box
      data-testid={`presenter-pipeline-system-${system.name}`}
      data-role={target ? 'target' : 'source'}
      sx={{ px: pu(1.5), py: pu(0.6), border: 3, borderColor: 'text.primary', borderRadius: 2, flexShrink: 0 }}
    >
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: pu(1.5) }}>
        <Typography sx={{ fontSize: pu(2.8), fontWeight: 800, lineHeight: 1.2, flexGrow: 1, minWidth: 0 }} noWrap title={system.name}>
          {system.name}
        </Typography>
        <Typography
          sx={{ fontSize: pu(3.4), fontWeight: 800, lineHeight: 1.2, fontVariantNumeric: 'tabular-nums', flexShrink: 0 }}
          title="connector space objects"
          data-testid={`presenter-pipeline-objects-${system.name}`}
        >
          {formatNumber(system.objectCount)}
        </Typography>
      </Box>
      {pendingExports > 0 && (
        <Typography
          sx={{ fontSize: pu(2.2), fontWeight: 700, lineHeight: 1.2, color: 'warning.main', fontVariantNumeric: 'tabular-nums' }}
          data-testid={`presenter-pipeline-pending-${system.name}`}
        >
          {formatNumber(pendingExports)} pending export{pendingExports === 1 ? '' : 's'}
        </Typography>
      )}
    </Box>
  );
}

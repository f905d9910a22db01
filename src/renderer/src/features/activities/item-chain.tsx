import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import type { ChainItem, ExecutionItemChain } from '../../../../shared/contract/execution-items';
import { RUN_TYPE_LABELS } from '../../../../shared/model/index';
import { api } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { formatDateTime } from '../../components/format';
import { RouterLink } from '../../components/router-link';
import { PE_STATUS_LABELS } from '../pending-exports/pe-format';
import { ChangeTypeChip } from './change-type-chip';

/** The causality chain of one execution item: import change → sync outcome → pending export → export result. */
export function ItemChain({ itemId }: { itemId: number }) {
  const chain = useQuery(() => api.call('executionItems.chain', { id: itemId }), `item-chain-${itemId}`);
  if (chain.error) return <Alert severity="error">{chain.error}</Alert>;
  if (!chain.data) return <LinearProgress />;
  return <ChainSteps chain={chain.data} currentId={itemId} />;
}

function ChainSteps({ chain, currentId }: { chain: ExecutionItemChain; currentId: number }) {
  return (
    <Stack spacing={1} data-testid="item-chain">
      <Step label="1 · Import" testId="chain-import" present={chain.importItem !== null} empty="No import of this object recorded (it may have been purged).">
        {chain.importItem && <ItemLine entry={chain.importItem} currentId={currentId} />}
      </Step>
      <Step label="2 · Sync" testId="chain-sync" present={chain.syncItem !== null || chain.mvoId !== null} empty="Not synchronised since this import.">
        {chain.syncItem && <ItemLine entry={chain.syncItem} currentId={currentId} />}
        {chain.mvoId !== null && (
          <RouterLink to={`/metaverse/${chain.mvoId}`} testId="chain-mvo-link">
            Metaverse object #{chain.mvoId}
          </RouterLink>
        )}
      </Step>
      <Step label="3 · Pending export" testId="chain-pending" present={chain.pendingExports.length > 0} empty="Nothing is staged for export now.">
        {chain.pendingExports.map((pe) => (
          <Typography key={pe.id} variant="body2">
            {pe.changeType} of <strong>{pe.externalId}</strong> to{' '}
            <RouterLink to={`/systems/${pe.connectedSystemId}/pending-exports`}>{pe.systemName}</RouterLink> ·{' '}
            {PE_STATUS_LABELS[pe.status]}
            {pe.lastError ? ` · ${pe.lastError}` : ''}
          </Typography>
        ))}
      </Step>
      <Step label="4 · Export" testId="chain-export" present={chain.exportItems.length > 0} empty="Not exported yet.">
        {chain.exportItems.map((entry) => (
          <ItemLine key={entry.item.id} entry={entry} currentId={currentId} />
        ))}
      </Step>
    </Stack>
  );
}

interface StepProps {
  label: string;
  testId: string;
  present: boolean;
  empty: string;
  children: ReactNode;
}

function Step({ label, testId, present, empty, children }: StepProps) {
  return (
    <Stack direction="row" spacing={2} data-testid={testId}>
      <Typography variant="caption" color="text.secondary" sx={{ width: 120, flexShrink: 0, pt: 0.25 }}>
        {label}
      </Typography>
      <Box sx={{ minWidth: 0 }}>
        {!present ? (
          <Typography variant="body2" color="text.secondary">
            {empty}
          </Typography>
        ) : (
          <Stack spacing={0.5}>{children}</Stack>
        )}
      </Box>
    </Stack>
  );
}

function ItemLine({ entry, currentId }: { entry: ChainItem; currentId: number }) {
  const { item, activity } = entry;
  const run = activity.runType ? RUN_TYPE_LABELS[activity.runType] : 'Run';
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      <ChangeTypeChip changeType={item.changeType} />
      <Typography variant="body2" component="span">
        {item.externalId ?? `item ${item.id}`} in{' '}
        {item.id === currentId ? (
          <strong>this run</strong>
        ) : (
          <RouterLink to={`/activities/${activity.id}`} testId={`chain-activity-${activity.id}`}>
            {activity.systemName} · {run} #{activity.id}
          </RouterLink>
        )}{' '}
        · {formatDateTime(activity.createdAt)}
        {item.outcome ? ` · ${item.outcome}` : ''}
        {item.errorType ? ` · ${item.errorType}` : ''}
      </Typography>
    </Stack>
  );
}

import Typography from '@mui/material/Typography';
import type { CsScope } from '../../../../shared/model/drill-down';
import { CS_SCOPE_LABELS } from '../../../../shared/model/drill-down';
import { formatNumber } from '../../components/format';
import { RouterLink } from '../../components/router-link';
import { scopePath } from './links';

type Counts = Record<CsScope, number> | undefined;

/** One pending view's count, a link to its objects when there are any. */
interface ScopeCountProps {
  systemId: number;
  scope: CsScope;
  counts: Counts;
  /** What is counted, singular and plural ("add", "adds"); none for a bare number. */
  noun?: readonly [string, string];
}

export function ScopeCount({ systemId, scope, counts, noun }: ScopeCountProps) {
  if (!counts) return <>…</>;
  const n = counts[scope];
  const text = noun ? `${formatNumber(n)} ${n === 1 ? noun[0] : noun[1]}` : formatNumber(n);
  if (n === 0) return <Typography variant="body2" component="span" color="text.disabled">{text}</Typography>;
  return (
    <RouterLink to={scopePath(systemId, scope)} testId={`system-row-${scope}`} title={CS_SCOPE_LABELS[scope]}>
      {text}
    </RouterLink>
  );
}

/** Adds, updates and deletes waiting for the system's next export, each opening its pending view. */
export function PendingExportCounts({ systemId, counts }: { systemId: number; counts: Counts }) {
  if (counts && counts.pendingExport === 0) return <Typography variant="body2" color="text.disabled">None</Typography>;
  return (
    <Typography variant="body2" component="span">
      <ScopeCount systemId={systemId} scope="pendingExportAdds" counts={counts} noun={['add', 'adds']} />
      {' · '}
      <ScopeCount systemId={systemId} scope="pendingExportUpdates" counts={counts} noun={['update', 'updates']} />
      {' · '}
      <ScopeCount systemId={systemId} scope="pendingExportDeletes" counts={counts} noun={['delete', 'deletes']} />
    </Typography>
  );
}

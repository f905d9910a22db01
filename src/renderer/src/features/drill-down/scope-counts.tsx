import Typography from '@mui/material/Typography';
import type { CsScope } from '../../../../shared/model/drill-down';
import { CS_SCOPE_LABELS } from '../../../../shared/model/drill-down';
import { formatNumber } from '../../components/format';
import { RouterLink } from '../../components/router-link';
import { scopePath } from './links';

type Counts = Record<CsScope, number> | undefined;

/** One pending view's count, a link to its objects when there are any. */
export function ScopeCount({ systemId, scope, counts, suffix = '' }: { systemId: number; scope: CsScope; counts: Counts; suffix?: string }) {
  if (!counts) return <>…</>;
  const n = counts[scope];
  if (n === 0) return <Typography variant="body2" component="span" color="text.disabled">{`0${suffix}`}</Typography>;
  return (
    <RouterLink to={scopePath(systemId, scope)} testId={`system-row-${scope}`} title={CS_SCOPE_LABELS[scope]}>
      {`${formatNumber(n)}${suffix}`}
    </RouterLink>
  );
}

/** Adds, updates and deletes waiting for the system's next export, each opening its pending view. */
export function PendingExportCounts({ systemId, counts }: { systemId: number; counts: Counts }) {
  if (counts && counts.pendingExport === 0) return <Typography variant="body2" color="text.disabled">None</Typography>;
  return (
    <Typography variant="body2" component="span">
      <ScopeCount systemId={systemId} scope="pendingExportAdds" counts={counts} suffix=" adds" />
      {' · '}
      <ScopeCount systemId={systemId} scope="pendingExportUpdates" counts={counts} suffix=" updates" />
      {' · '}
      <ScopeCount systemId={systemId} scope="pendingExportDeletes" counts={counts} suffix=" deletes" />
    </Typography>
  );
}

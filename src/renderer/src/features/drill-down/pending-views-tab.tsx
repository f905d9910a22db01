import Alert from '@mui/material/Alert';
import LinearProgress from '@mui/material/LinearProgress';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { CS_SCOPES, CS_SCOPE_DESCRIPTIONS, CS_SCOPE_LABELS } from '../../../../shared/model/drill-down';
import type { CsScope } from '../../../../shared/model/drill-down';
import { api } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { formatNumber } from '../../components/format';
import { scopePath } from './links';

/** Sub-scopes are indented under the scope they split. */
const NESTED: ReadonlySet<CsScope> = new Set(['pendingExportAdds', 'pendingExportUpdates', 'pendingExportDeletes']);

/** A system's pending views (MIM's "Search Connector Space" scopes), each with its count, each opening its objects. */
export function PendingViewsTab({ systemId }: { systemId: number }) {
  const counts = useQuery(() => api.call('connectorSpace.scopeCounts', { systemId }), `scope-counts-${systemId}`);
  const { reload } = counts;
  // Imports, syncs (of any system: they stage exports here) and exports all move the counts.
  useEffect(() => api.on('activities.onFinished', reload), [reload]);
  if (counts.error) return <Alert severity="error">{counts.error}</Alert>;
  const byScope = counts.data?.[0]?.counts;
  if (!byScope) return <LinearProgress />;
  return (
    <Paper>
      <List data-testid="pending-views" disablePadding>
        {CS_SCOPES.map((scope) => (
          <ListItemButton
            key={scope}
            component={Link}
            to={scopePath(systemId, scope)}
            sx={{ pl: NESTED.has(scope) ? 5 : 2 }}
            data-testid={`pending-view-${scope}`}
          >
            <ListItemText primary={CS_SCOPE_LABELS[scope]} secondary={CS_SCOPE_DESCRIPTIONS[scope]} />
            <Typography
              variant="h6"
              sx={{ minWidth: 64, textAlign: 'right', color: byScope[scope] > 0 ? 'text.primary' : 'text.disabled' }}
              data-testid={`pending-view-count-${scope}`}
            >
              {formatNumber(byScope[scope])}
            </Typography>
          </ListItemButton>
        ))}
      </List>
    </Paper>
  );
}

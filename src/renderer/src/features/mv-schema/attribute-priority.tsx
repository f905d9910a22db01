import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { AttributePriority } from '../../../../shared/model/index';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { RouterLink } from '../../components/router-link';

/** Per (metaverse type, attribute) with several inbound contributors: their order (domain §4.7). */
export function AttributePrioritySection({ version }: { version: number }) {
  // Deleting an attribute removes the flows into it, so the page bumps `version` to reload.
  const priorities = useQuery(() => api.call('syncRules.priorities', {}), `priorities-${version}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A single contributor needs no ordering (domain §4.7): list only the attributes that have a choice.
  const list = priorities.data?.filter((p) => p.contributors.length > 1);

  const move = async (priority: AttributePriority, from: number, to: number): Promise<void> => {
    const ids = priority.contributors.map((c) => c.syncRuleId);
    const [moved] = ids.splice(from, 1);
    if (moved === undefined) return;
    ids.splice(to, 0, moved);
    setBusy(true);
    setError(null);
    try {
      priorities.setData(
        await api.call('syncRules.setPriority', {
          mvObjectType: priority.mvObjectType,
          attribute: priority.attribute,
          syncRuleIds: ids,
        }),
      );
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper data-testid="mv-priorities">
      <Box sx={{ px: 2, py: 1.5, borderBottom: 1, borderColor: 'divider' }}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
          Attribute priority
        </Typography>
        <Typography variant="caption" color="text.secondary" component="div">
          Where several inbound sync rules flow into the same attribute, the highest-priority contributor with a value
          wins; one that does not apply to an object (not joined, out of scope) is skipped. Changes reach objects as
          they are next synchronised: run a full synchronisation to apply them everywhere.
        </Typography>
      </Box>
      {(priorities.error || error) && (
        <Alert severity="error" sx={{ m: 2 }} data-testid="prio-error">
          {error ?? priorities.error}
        </Alert>
      )}
      {!list && !priorities.error && <LinearProgress />}
      {list && list.length === 0 && (
        <Typography color="text.secondary" sx={{ p: 3, textAlign: 'center' }} data-testid="prio-empty">
          Every metaverse attribute has at most one inbound contributor: there is nothing to order.
        </Typography>
      )}
      {list && list.length > 0 && (
        <Box sx={{ display: 'grid', gap: 2, p: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(360px, 1fr))' }}>
          {list.map((p) => (
            <Paper key={`${p.mvObjectType}/${p.attribute}`} data-testid={`prio-${p.mvObjectType}-${p.attribute}`}>
              <Typography variant="subtitle2" sx={{ px: 1.5, py: 1, borderBottom: 1, borderColor: 'divider' }}>
                <Box component="span" sx={{ fontFamily: 'monospace' }}>
                  {p.attribute}
                </Box>
                <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>
                  on {p.mvObjectType}
                </Typography>
              </Typography>
              {p.contributors.map((c, i) => (
                <Stack
                  key={c.syncRuleId}
                  direction="row"
                  spacing={1}
                  sx={{ alignItems: 'center', px: 1.5, py: 0.5 }}
                  data-testid="prio-row"
                >
                  <Typography variant="body2" color="text.secondary" sx={{ width: 20, textAlign: 'right' }}>
                    {i + 1}
                  </Typography>
                  <Box sx={{ flexGrow: 1, minWidth: 0 }}>
                    <RouterLink to={`/sync-rules/${c.syncRuleId}`}>{c.syncRuleName}</RouterLink>
                    <Typography variant="caption" color="text.secondary" component="div">
                      {c.systemName}
                    </Typography>
                  </Box>
                  {!c.ranked && (
                    <Chip
                      size="small"
                      variant="outlined"
                      label="unranked"
                      title="Not placed yet: new contributors come last until you order them"
                    />
                  )}
                  <IconButton
                    size="small"
                    aria-label={`Raise ${c.syncRuleName}`}
                    disabled={busy || i === 0}
                    onClick={() => void move(p, i, i - 1)}
                    data-testid={`prio-up-${i}`}
                  >
                    <ArrowUpwardIcon fontSize="small" />
                  </IconButton>
                  <IconButton
                    size="small"
                    aria-label={`Lower ${c.syncRuleName}`}
                    disabled={busy || i === p.contributors.length - 1}
                    onClick={() => void move(p, i, i + 1)}
                    data-testid={`prio-down-${i}`}
                  >
                    <ArrowDownwardIcon fontSize="small" />
                  </IconButton>
                </Stack>
              ))}
            </Paper>
          ))}
        </Box>
      )}
    </Paper>
  );
}

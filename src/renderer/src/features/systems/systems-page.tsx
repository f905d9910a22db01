import AddIcon from '@mui/icons-material/Add';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { EmptyState } from '../../components/empty-state';
import { formatDateTime, formatNumber } from '../../components/format';
import { RouterLink } from '../../components/router-link';
import { StatusChip } from '../../components/status-chip';
import { PendingExportCounts, ScopeCount } from '../drill-down/scope-counts';
import { SystemDialog } from './system-dialog';
import { CreateLabCallToAction, LabCreatedBanner } from '../lab/create-lab-cta';
import type { LabCreateResult } from '../../../../shared/contract/lab';

export function SystemsPage() {
  const navigate = useNavigate();
  const [dialogOpen, setDialogOpen] = useState(false);
  const [lab, setLab] = useState<LabCreateResult | null>(null);
  const systems = useQuery(() => api.call('systems.list', {}), 'systems');
  const scopes = useQuery(() => api.call('connectorSpace.scopeCounts', {}), 'scope-counts');
  const { reload } = systems;
  const reloadScopes = scopes.reload;

  // Object counts, pending exports and last activity move when a run ends.
  useEffect(
    () =>
      api.on('activities.onFinished', () => {
        reload();
        reloadScopes();
      }),
    [reload, reloadScopes],
  );

  const newButton = (
    <Button variant="contained" startIcon={<AddIcon />} onClick={() => setDialogOpen(true)} data-testid="new-system">
      New connected system
    </Button>
  );
  const list = systems.data;
  const countsBySystem = new Map((scopes.data ?? []).map((c) => [c.systemId, c.counts]));

  return (
    <Box>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h5" sx={{ flexGrow: 1 }}>
          Connected Systems
        </Typography>
        {list && list.length > 0 && newButton}
      </Stack>
      {systems.error && <Alert severity="error">{systems.error}</Alert>}
      {lab && <LabCreatedBanner result={lab} onClose={() => setLab(null)} />}
      {systems.loading && !list && <LinearProgress />}
      {list && list.length === 0 && (
        <Paper>
          <EmptyState
            title="No connected systems yet"
            detail="A connected system describes a source of identities, such as an HR export file. Create one to start importing."
            action={newButton}
          />
          <CreateLabCallToAction
            onCreated={(result) => {
              setLab(result);
              reload();
            }}
          />
        </Paper>
      )}
      {list && list.length > 0 && (
        <Paper>
          <Table data-testid="systems-table">
            <TableHead>
              <TableRow>
                <TableCell>Name</TableCell>
                <TableCell>Connector</TableCell>
                <TableCell align="right">Objects</TableCell>
                <TableCell align="right">Run profiles</TableCell>
                <TableCell>Pending exports</TableCell>
                <TableCell align="right">Export errors</TableCell>
                <TableCell>Last activity</TableCell>
                <TableCell>Created</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {list.map((s) => (
                <TableRow
                  key={s.id}
                  hover
                  onClick={() => void navigate(`/systems/${s.id}`)}
                  sx={{ cursor: 'pointer' }}
                  data-testid="system-row"
                >
                  <TableCell>
                    <Typography variant="body2" sx={{ fontWeight: 600 }}>
                      {s.name}
                    </Typography>
                    {s.description && (
                      <Typography variant="caption" color="text.secondary">
                        {s.description}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>File (CSV)</TableCell>
                  <TableCell align="right">
                    <RouterLink to={`/systems/${s.id}/connector-space`} testId="system-row-objects">
                      {formatNumber(s.objectCount)}
                    </RouterLink>
                  </TableCell>
                  <TableCell align="right">{formatNumber(s.runProfileCount)}</TableCell>
                  <TableCell>
                    <PendingExportCounts systemId={s.id} counts={countsBySystem.get(s.id)} />
                  </TableCell>
                  <TableCell align="right">
                    <ScopeCount systemId={s.id} scope="exportErrors" counts={countsBySystem.get(s.id)} />
                  </TableCell>
                  <TableCell>
                    {s.lastActivity ? (
                      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                        <StatusChip status={s.lastActivity.status} />
                        <Typography variant="caption" color="text.secondary">
                          <RouterLink to={`/activities/${s.lastActivity.id}`} testId="system-row-last-activity">
                            {s.lastActivity.runProfileName}
                          </RouterLink>{' '}
                          · {formatDateTime(s.lastActivity.endedAt ?? s.lastActivity.createdAt)}
                          {s.lastActivity.counters.errors > 0 && (
                            <>
                              {' · '}
                              <RouterLink to={`/activities/${s.lastActivity.id}?counter=errors`} testId="system-row-last-errors">
                                {formatNumber(s.lastActivity.counters.errors)} errors
                              </RouterLink>
                            </>
                          )}
                        </Typography>
                      </Stack>
                    ) : (
                      <Typography variant="caption" color="text.secondary">
                        Never run
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>{formatDateTime(s.createdAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
      <SystemDialog open={dialogOpen} onClose={() => setDialogOpen(false)} />
    </Box>
  );
}

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
import { StatusChip } from '../../components/status-chip';
import { SystemDialog } from './system-dialog';
import { CreateLabCallToAction, LabCreatedBanner } from '../lab/create-lab-cta';
import type { LabCreateResult } from '../../../../shared/contract/lab';

export function SystemsPage() {
  const navigate = useNavigate();
  const [dialogOpen, setDialogOpen] = useState(false);
  const [lab, setLab] = useState<LabCreateResult | null>(null);
  const systems = useQuery(() => api.call('systems.list', {}), 'systems');
  const { reload } = systems;

  // Object counts and last activity move when a run ends.
  useEffect(() => api.on('activities.onFinished', reload), [reload]);

  const newButton = (
    <Button variant="contained" startIcon={<AddIcon />} onClick={() => setDialogOpen(true)} data-testid="new-system">
      New connected system
    </Button>
  );
  const list = systems.data;

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
                  <TableCell align="right">{formatNumber(s.objectCount)}</TableCell>
                  <TableCell align="right">{formatNumber(s.runProfileCount)}</TableCell>
                  <TableCell>
                    {s.lastActivity ? (
                      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                        <StatusChip status={s.lastActivity.status} />
                        <Typography variant="caption" color="text.secondary">
                          {s.lastActivity.runProfileName} · {formatDateTime(s.lastActivity.createdAt)}
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

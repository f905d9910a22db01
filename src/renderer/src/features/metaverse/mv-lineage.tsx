import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useNavigate } from 'react-router';
import type { LineageEntry } from '../../../../shared/model/index';
import { formatDateTime } from '../../components/format';
import { RouterLink } from '../../components/router-link';
import { csoStatusLabel, joinTypeLabel } from '../connector-space/cso-format';

export function csoPath(systemId: number, csoId: number): string {
  return `/systems/${systemId}/connector-space?cso=${csoId}`;
}

export function MvLineage({ lineage }: { lineage: LineageEntry[] }) {
  const navigate = useNavigate();
  if (lineage.length === 0)
    return (
      <Typography color="text.secondary" sx={{ p: 3, textAlign: 'center' }} data-testid="mv-lineage-empty">
        No connector space object is joined to this identity.
      </Typography>
    );
  return (
    <Table data-testid="mv-lineage">
      <TableHead>
        <TableRow>
          <TableCell>System</TableCell>
          <TableCell>Object type</TableCell>
          <TableCell>External ID</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Join type</TableCell>
          <TableCell>Joined at</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {lineage.map((entry) => (
          <TableRow
            key={entry.csoId}
            hover
            sx={{ cursor: 'pointer' }}
            onClick={() => void navigate(csoPath(entry.systemId, entry.csoId))}
            data-testid="lineage-row"
          >
            <TableCell>
              <RouterLink to={`/systems/${entry.systemId}`}>{entry.systemName}</RouterLink>
            </TableCell>
            <TableCell>{entry.objectType}</TableCell>
            <TableCell sx={{ fontFamily: 'monospace' }}>
              <RouterLink to={csoPath(entry.systemId, entry.csoId)} testId="lineage-link">
                {entry.externalId}
              </RouterLink>
            </TableCell>
            <TableCell>
              <Chip
                size="small"
                variant="outlined"
                label={csoStatusLabel(entry.status)}
                color={entry.status === 'normal' ? 'success' : entry.status === 'obsolete' ? 'default' : 'info'}
              />
            </TableCell>
            <TableCell>{joinTypeLabel(entry.joinType)}</TableCell>
            <TableCell>{formatDateTime(entry.joinedAt)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

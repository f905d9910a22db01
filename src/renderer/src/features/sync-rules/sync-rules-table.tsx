import AddIcon from '@mui/icons-material/Add';
import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Link, useNavigate } from 'react-router';
import type { SyncRule } from '../../../../shared/model/index';
import { EmptyState } from '../../components/empty-state';

export function NewSyncRuleButton({ systemId }: { systemId?: number | undefined }) {
  return (
    <Button
      variant="contained"
      startIcon={<AddIcon />}
      component={Link}
      to={systemId ? `/sync-rules/new?systemId=${systemId}` : '/sync-rules/new'}
      data-testid="new-sync-rule"
    >
      New sync rule
    </Button>
  );
}

export function DirectionChip({ direction }: { direction: SyncRule['direction'] }) {
  return (
    <Chip
      size="small"
      variant="outlined"
      color={direction === 'inbound' ? 'primary' : 'secondary'}
      label={direction === 'inbound' ? 'Inbound' : 'Outbound'}
    />
  );
}

interface SyncRulesTableProps {
  rules: SyncRule[];
  /** Hidden on a system's own tab, where every rule is that system's. */
  showSystem?: boolean;
  systemId?: number | undefined;
  filtered?: boolean;
}

/** The list of sync rules, shared by the Sync Rules page and each system's Sync Rules tab. */
export function SyncRulesTable({ rules, showSystem = true, systemId, filtered = false }: SyncRulesTableProps) {
  const navigate = useNavigate();
  if (rules.length === 0)
    return (
      <Paper>
        <EmptyState
          title={filtered ? 'No sync rules for this system' : 'No sync rules yet'}
          detail="An inbound rule joins or projects a system's objects into the metaverse and flows their attributes in; an outbound rule provisions metaverse objects into a system and flows attributes out."
          action={<NewSyncRuleButton systemId={systemId} />}
        />
      </Paper>
    );
  return (
    <Paper>
      <Table data-testid="sync-rules-table">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            {showSystem && <TableCell>System</TableCell>}
            <TableCell sx={{ width: 110 }}>Direction</TableCell>
            <TableCell>Object types</TableCell>
            <TableCell sx={{ width: 100 }}>Enabled</TableCell>
            <TableCell sx={{ width: 120 }}>Creates</TableCell>
            <TableCell align="right" sx={{ width: 80 }}>
              Flows
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rules.map((r) => (
            <TableRow
              key={r.id}
              hover
              sx={{ cursor: 'pointer', opacity: r.enabled ? 1 : 0.6 }}
              onClick={() => void navigate(`/sync-rules/${r.id}`)}
              data-testid="sync-rule-row"
              data-rule-name={r.name}
            >
              <TableCell>
                <Typography variant="body2" sx={{ fontWeight: 600 }}>
                  {r.name}
                </Typography>
                {r.description && (
                  <Typography variant="caption" color="text.secondary">
                    {r.description}
                  </Typography>
                )}
              </TableCell>
              {showSystem && <TableCell>{r.systemName}</TableCell>}
              <TableCell>
                <DirectionChip direction={r.direction} />
              </TableCell>
              <TableCell>
                <Stack direction="row" spacing={0.75} sx={{ alignItems: 'center', fontFamily: 'monospace' }}>
                  <span title="Connected system object type">{r.csObjectType}</span>
                  {r.direction === 'inbound' ? (
                    <ArrowForwardIcon sx={{ fontSize: 16 }} color="action" />
                  ) : (
                    <ArrowBackIcon sx={{ fontSize: 16 }} color="action" />
                  )}
                  <span title="Metaverse object type">{r.mvObjectType}</span>
                </Stack>
              </TableCell>
              <TableCell>
                {r.enabled ? (
                  <Chip size="small" color="success" label="Enabled" />
                ) : (
                  <Chip size="small" variant="outlined" label="Disabled" />
                )}
              </TableCell>
              <TableCell>
                {r.direction === 'inbound'
                  ? r.projectToMetaverse
                    ? 'Projects'
                    : '—'
                  : r.provisionToSystem
                    ? 'Provisions'
                    : '—'}
              </TableCell>
              <TableCell align="right">{r.flows.length}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}

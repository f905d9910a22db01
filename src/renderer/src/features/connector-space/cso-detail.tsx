import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { ConnectorSpaceObject } from '../../../../shared/model/index';
import { api } from '../../api/client';
import { Fact } from '../../components/fact';
import { formatDateTime } from '../../components/format';
import { RouterLink } from '../../components/router-link';
import { ValueView } from '../../components/value-view';
import { ObjectHistory } from '../drill-down/object-history';
import { CSO_STATUS_LABELS, JOIN_TYPE_LABELS, displayNameOf } from './cso-format';

export function CsoDetail({ object, onClose }: { object: ConnectorSpaceObject | null; onClose(): void }) {
  return (
    <Dialog open={object !== null} onClose={onClose} maxWidth="md" fullWidth>
      {object && (
        <Box data-testid="cs-detail">
          <DialogTitle>
            {displayNameOf(object.attributes) || object.externalId}
            <Typography variant="body2" color="text.secondary">
              {object.objectType} · {object.externalId}
            </Typography>
          </DialogTitle>
          <DialogContent dividers>
            <Stack direction="row" spacing={4} sx={{ mb: 2, flexWrap: 'wrap', rowGap: 1 }}>
              <Fact label="Status">
                <Chip
                  size="small"
                  label={CSO_STATUS_LABELS[object.status]}
                  color={object.status === 'normal' ? 'success' : 'default'}
                  data-testid="cs-detail-status"
                />
              </Fact>
              <Fact label="Join" testId="cs-detail-join-type">
                {JOIN_TYPE_LABELS[object.joinType] ?? object.joinType}
              </Fact>
              <Fact label="Metaverse object">
                {object.mvoId !== null ? (
                  <RouterLink to={`/metaverse/${object.mvoId}`} testId="cso-mvo-link">
                    #{object.mvoId}
                  </RouterLink>
                ) : (
                  '—'
                )}
              </Fact>
              <Fact label="Created">{formatDateTime(object.createdAt)}</Fact>
              <Fact label="Last updated">{formatDateTime(object.lastUpdatedAt)}</Fact>
            </Stack>
            <Table data-testid="cs-detail-attributes">
              <TableHead>
                <TableRow>
                  <TableCell sx={{ width: '30%' }}>Attribute</TableCell>
                  <TableCell>Value</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {Object.entries(object.attributes)
                  .sort(([a], [b]) => a.localeCompare(b))
                  .map(([name, value]) => (
                    <TableRow key={name} data-testid={`cs-attr-${name}`}>
                      <TableCell sx={{ fontFamily: 'monospace', verticalAlign: 'top' }}>{name}</TableCell>
                      <TableCell>
                        <ValueView value={value} />
                      </TableCell>
                    </TableRow>
                  ))}
              </TableBody>
            </Table>
            <Typography variant="subtitle2" sx={{ mt: 3, mb: 1 }}>
              History
            </Typography>
            <ObjectHistory
              objectKey={`cso-${object.id}`}
              load={(before) => api.call('connectorSpace.history', { id: object.id, ...(before ? { before } : {}) })}
              testId="cs-history"
              emptyText="No run has recorded a change or error for this object (runs the retention setting purged are gone)."
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose} data-testid="cs-detail-close">
              Close
            </Button>
          </DialogActions>
        </Box>
      )}
    </Dialog>
  );
}

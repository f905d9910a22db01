import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
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
import type { ExecutionItem, ScalarValue } from '../../../../shared/model/index';
import { RouterLink } from '../../components/router-link';
import { ChangeTypeChip } from './change-type-chip';
import { ItemChain } from './item-chain';

interface ExecutionItemDetailProps {
  item: ExecutionItem | null;
  /** The activity's system: an item's connector space object lives there. */
  systemId: number | null;
  onClose(): void;
}

export function ExecutionItemDetail({ item, systemId, onClose }: ExecutionItemDetailProps) {
  // A sync item's changes are the identity's: the values its rules flowed in, each with its rule.
  const flowedIntoIdentity = item !== null && item.mvoId !== null && item.attributeChanges.some((c) => c.syncRule !== undefined);
  return (
    <Dialog open={item !== null} onClose={onClose} maxWidth="md" fullWidth>
      {item && (
        <Box data-testid="execution-item-detail">
          <DialogTitle>
            {item.externalId ?? (item.rowNumber !== null ? `Row ${item.rowNumber}` : `Item ${item.id}`)}
          </DialogTitle>
          <DialogContent dividers>
            <Stack direction="row" spacing={4} sx={{ mb: 2, flexWrap: 'wrap' }}>
              <Fact label="External ID" value={item.externalId ?? '—'} testId="item-external-id" />
              <Fact label="Object type" value={item.objectType ?? '—'} testId="item-object-type" />
              <Box>
                <Typography variant="caption" color="text.secondary" component="div">
                  Change
                </Typography>
                <ChangeTypeChip changeType={item.changeType} />
              </Box>
              <Fact
                label="Row"
                value={item.rowNumber === null ? '—' : String(item.rowNumber)}
                testId="item-row-number"
              />
            </Stack>
            {(item.outcome || item.mvoId !== null || (item.csoId !== null && systemId !== null)) && (
              <Stack spacing={0.5} sx={{ mb: 2 }}>
                {item.outcome && (
                  <Typography variant="body2" data-testid="item-outcome">
                    {item.outcome}
                  </Typography>
                )}
                <Stack direction="row" spacing={3}>
                  {item.mvoId !== null && (
                    <RouterLink to={`/metaverse/${item.mvoId}`} testId="item-mvo-link">
                      Metaverse object #{item.mvoId}
                    </RouterLink>
                  )}
                  {item.csoId !== null && systemId !== null && (
                    <RouterLink to={`/systems/${systemId}/connector-space?cso=${item.csoId}`} testId="item-cso-link">
                      Connector space object
                    </RouterLink>
                  )}
                </Stack>
              </Stack>
            )}
            {item.errorType && (
              <Alert severity="error" sx={{ mb: 2 }} data-testid="item-error">
                <strong>{item.errorType}</strong>
                {item.errorMessage ? `: ${item.errorMessage}` : ''}
              </Alert>
            )}
            <Typography variant="subtitle2" gutterBottom>
              {flowedIntoIdentity ? `Values that flowed into metaverse object #${item.mvoId}` : 'Attribute changes'}
            </Typography>
            {item.attributeChanges.length === 0 ? (
              <Typography variant="body2" color="text.secondary">
                No attribute changes.
              </Typography>
            ) : (
              <Table data-testid="item-attribute-changes">
                <TableHead>
                  <TableRow>
                    <TableCell sx={{ width: '25%' }}>Attribute</TableCell>
                    <TableCell sx={{ width: 90 }}>Change</TableCell>
                    <TableCell>Removed</TableCell>
                    <TableCell>Added</TableCell>
                    {flowedIntoIdentity && <TableCell sx={{ width: '20%' }}>Sync rule</TableCell>}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {item.attributeChanges.map((c) => (
                    <TableRow key={c.name} data-testid={`item-change-${c.name}`}>
                      <TableCell sx={{ fontFamily: 'monospace' }}>{c.name}</TableCell>
                      <TableCell>{c.kind}</TableCell>
                      <TableCell>
                        <Values values={c.removed} removed />
                      </TableCell>
                      <TableCell>
                        <Values values={c.added} />
                      </TableCell>
                      {flowedIntoIdentity && <TableCell data-testid="item-change-rule">{c.syncRule ?? '—'}</TableCell>}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            <Typography variant="subtitle2" sx={{ mt: 3, mb: 1 }}>
              What led to this and what it led to
            </Typography>
            <ItemChain itemId={item.id} />
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose} data-testid="execution-item-close">
              Close
            </Button>
          </DialogActions>
        </Box>
      )}
    </Dialog>
  );
}

function Values({ values, removed = false }: { values: ScalarValue[]; removed?: boolean }) {
  if (values.length === 0)
    return (
      <Typography variant="body2" color="text.disabled">
        —
      </Typography>
    );
  return (
    <Stack spacing={0.25}>
      {values.map((v, i) => (
        <Typography
          key={i}
          variant="body2"
          component={removed ? 'del' : 'ins'}
          sx={{
            textDecoration: removed ? 'line-through' : 'none',
            color: removed ? 'error.main' : 'success.main',
            wordBreak: 'break-all',
          }}
        >
          {String(v)}
        </Typography>
      ))}
    </Stack>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="body2" data-testid={testId}>
        {value}
      </Typography>
    </Box>
  );
}

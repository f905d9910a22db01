import ReplayIcon from '@mui/icons-material/Replay';
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
import { useState } from 'react';
import type { PendingAttributeChange, PendingExport, ScalarValue } from '../../../../shared/model/index';
import { api, errorMessage } from '../../api/client';
import { Fact } from '../../components/fact';
import { formatDateTime, formatNumber } from '../../components/format';
import { RouterLink } from '../../components/router-link';
import { formatScalar } from '../../components/value-view';
import { CHANGE_STATUS_LABELS, PeChangeTypeChip, PeStatusChip } from './pe-format';

interface PendingExportDetailProps {
  pendingExport: PendingExport | null;
  onClose(): void;
  onRetried(): void;
}

export function PendingExportDetail({ pendingExport, onClose, onRetried }: PendingExportDetailProps) {
  return (
    <Dialog open={pendingExport !== null} onClose={onClose} maxWidth="md" fullWidth>
      {pendingExport && <DetailBody pe={pendingExport} onClose={onClose} onRetried={onRetried} />}
    </Dialog>
  );
}

function DetailBody({ pe, onClose, onRetried }: { pe: PendingExport; onClose(): void; onRetried(): void }) {
  const [retrying, setRetrying] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const retry = async (): Promise<void> => {
    setRetrying(true);
    setError(null);
    try {
      await api.call('pendingExports.retry', { id: pe.id });
      onRetried();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setRetrying(false);
    }
  };

  return (
    <Box data-testid="pe-detail">
      <DialogTitle>
        {pe.externalId}
        <Typography variant="body2" color="text.secondary">
          {pe.objectType} · pending export #{pe.id}
        </Typography>
      </DialogTitle>
      <DialogContent dividers>
        <Stack direction="row" spacing={4} sx={{ mb: 2, flexWrap: 'wrap', rowGap: 1.5 }}>
          <Fact label="Change">
            <PeChangeTypeChip changeType={pe.changeType} />
          </Fact>
          <Fact label="Status">
            <PeStatusChip status={pe.status} testId="pe-detail-status" />
          </Fact>
          <Fact label="Errors">
            {formatNumber(pe.errorCount)} of {formatNumber(pe.maxRetries)} attempts
          </Fact>
          <Fact label="Last attempt">{formatDateTime(pe.lastAttemptedAt)}</Fact>
          <Fact label="Next retry">{formatDateTime(pe.nextRetryAt)}</Fact>
          <Fact label="Created">{formatDateTime(pe.createdAt)}</Fact>
        </Stack>
        <Stack direction="row" spacing={3} sx={{ mb: 2 }}>
          {pe.sourceMvoId !== null && (
            <RouterLink to={`/metaverse/${pe.sourceMvoId}`} testId="pe-mvo-link">
              Source metaverse object #{pe.sourceMvoId}
            </RouterLink>
          )}
          <RouterLink to={`/systems/${pe.connectedSystemId}/connector-space?cso=${pe.csoId}`} testId="pe-cso-link">
            Connector space object
          </RouterLink>
          {pe.syncRuleId !== null && (
            <RouterLink to={`/sync-rules/${pe.syncRuleId}`} testId="pe-rule-link">
              Sync rule
            </RouterLink>
          )}
        </Stack>
        {pe.lastError && (
          <Alert severity="error" sx={{ mb: 2 }} data-testid="pe-last-error">
            {pe.lastError}
          </Alert>
        )}
        {error && (
          <Alert severity="error" sx={{ mb: 2 }} data-testid="pe-retry-error">
            {error}
          </Alert>
        )}
        <Typography variant="subtitle2" gutterBottom>
          Attribute changes
        </Typography>
        {pe.changes.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            {pe.changeType === 'delete' ? 'The object is deleted in the system.' : 'No attribute changes.'}
          </Typography>
        ) : (
          <Table data-testid="pe-changes">
            <TableHead>
              <TableRow>
                <TableCell sx={{ width: '25%' }}>Attribute</TableCell>
                <TableCell>New values</TableCell>
                <TableCell>Previous values</TableCell>
                <TableCell sx={{ width: 210 }}>Status</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {pe.changes.map((c) => (
                <TableRow key={c.attribute} data-testid={`pe-change-${c.attribute}`}>
                  <TableCell sx={{ fontFamily: 'monospace', verticalAlign: 'top' }}>{c.attribute}</TableCell>
                  <TableCell sx={{ verticalAlign: 'top' }}>
                    <ChangeValues change={c} values={c.values} />
                  </TableCell>
                  <TableCell sx={{ verticalAlign: 'top' }}>
                    <ChangeValues change={c} values={c.previous} previous />
                  </TableCell>
                  <TableCell sx={{ verticalAlign: 'top' }}>{CHANGE_STATUS_LABELS[c.status] ?? c.status}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </DialogContent>
      <DialogActions>
        {pe.status === 'failed' && (
          <Button
            variant="contained"
            startIcon={<ReplayIcon />}
            onClick={() => void retry()}
            disabled={retrying}
            data-testid="pe-retry"
          >
            {retrying ? 'Retrying…' : 'Retry'}
          </Button>
        )}
        <Button onClick={onClose} data-testid="pe-detail-close">
          Close
        </Button>
      </DialogActions>
    </Box>
  );
}

interface ChangeValuesProps {
  change: PendingAttributeChange;
  values: ScalarValue[];
  previous?: boolean;
}

/** New values in full; previous ones struck through. Unresolved references are metaverse ids: link them. */
function ChangeValues({ change, values, previous = false }: ChangeValuesProps) {
  if (values.length === 0)
    return (
      <Typography variant="body2" color="text.disabled">
        {previous ? '—' : '(cleared)'}
      </Typography>
    );
  return (
    <Stack spacing={0.25}>
      {values.map((v, i) => (
        <Typography
          key={i}
          variant="body2"
          component={previous ? 'del' : 'span'}
          sx={{
            textDecoration: previous ? 'line-through' : 'none',
            color: previous ? 'text.secondary' : 'text.primary',
            wordBreak: 'break-all',
          }}
        >
          {change.referencesMvoIds && !previous ? (
            <RouterLink to={`/metaverse/${formatScalar(v)}`}>metaverse object #{formatScalar(v)}</RouterLink>
          ) : (
            formatScalar(v)
          )}
        </Typography>
      ))}
    </Stack>
  );
}

import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { RUN_TYPE_LABELS } from '../../../../shared/model/index';
import type { HistoryEntry, HistoryPage } from '../../../../shared/model/drill-down';
import { errorMessage } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { RouterLink } from '../../components/router-link';
import { INITIATOR_LABELS } from '../activities/activity-filters';
import { ChangeTypeChip } from '../activities/change-type-chip';

interface ObjectHistoryProps {
  /** Loads the page of entries older than `before` (all newest first). */
  load(before: number | undefined): Promise<HistoryPage>;
  /** Changes when the object does: the history starts over. */
  objectKey: string;
  testId: string;
  emptyText: string;
}

interface Loaded {
  key: string;
  rows: HistoryEntry[];
  nextBefore: number | null;
}

/** Every execution item that touched an object, newest first, with its run and who started it; "Older" pages on. */
export function ObjectHistory({ load, objectKey, testId, emptyText }: ObjectHistoryProps) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    load(undefined).then(
      (page) => {
        if (!cancelled) setLoaded({ key: objectKey, ...page });
      },
      (err: unknown) => {
        if (!cancelled) setError(errorMessage(err));
      },
    );
    return () => {
      cancelled = true;
    };
    // `load` is rebuilt on every render; the object it reads is what objectKey names.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [objectKey]);

  const current = loaded?.key === objectKey ? loaded : null;
  const older = async (): Promise<void> => {
    if (!current?.nextBefore) return;
    setBusy(true);
    try {
      const page = await load(current.nextBefore);
      setLoaded({ key: objectKey, rows: [...current.rows, ...page.rows], nextBefore: page.nextBefore });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (error) return <Alert severity="error">{error}</Alert>;
  if (!current) return <LinearProgress />;
  if (current.rows.length === 0)
    return (
      <Typography variant="body2" color="text.secondary" sx={{ p: 2 }} data-testid={testId}>
        {emptyText}
      </Typography>
    );
  return (
    <Box data-testid={testId}>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: 170 }}>When</TableCell>
            <TableCell>Run</TableCell>
            <TableCell sx={{ width: 140 }}>Change</TableCell>
            <TableCell>Outcome</TableCell>
            <TableCell sx={{ width: 80 }}>By</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {current.rows.map((entry) => (
            <TableRow key={entry.id} data-testid="history-row" data-activity-id={entry.activity.id}>
              <TableCell>{formatDateTime(entry.activity.createdAt)}</TableCell>
              <TableCell>
                <RouterLink to={`/activities/${entry.activity.id}`} testId="history-activity-link">
                  #{entry.activity.id} {entry.activity.runProfileName}
                </RouterLink>
                <Typography variant="caption" color="text.secondary" component="div">
                  {entry.activity.systemName}
                  {entry.activity.runType ? ` · ${RUN_TYPE_LABELS[entry.activity.runType]}` : ''}
                  {entry.externalId ? ` · ${entry.externalId}` : ''}
                </Typography>
              </TableCell>
              <TableCell>
                <ChangeTypeChip changeType={entry.changeType} />
              </TableCell>
              <TableCell>
                {entry.outcome ?? (entry.attributeChanges.length ? entry.attributeChanges.map((c) => c.name).join(', ') : '')}
                {entry.errorType && (
                  <Typography variant="body2" color="error" title={entry.errorMessage ?? undefined}>
                    {entry.errorType}
                    {entry.errorMessage ? `: ${entry.errorMessage}` : ''}
                  </Typography>
                )}
              </TableCell>
              <TableCell>{INITIATOR_LABELS[entry.activity.initiatedBy]}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {current.nextBefore !== null && (
        <Button onClick={() => void older()} disabled={busy} sx={{ mt: 1 }} data-testid={`${testId}-older`}>
          Older entries
        </Button>
      )}
    </Box>
  );
}

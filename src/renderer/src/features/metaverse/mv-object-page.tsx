import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import type { AttributeValue, MetaverseObjectDetail } from '../../../../shared/model/index';
import { api } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { Fact } from '../../components/fact';
import { formatDateTime } from '../../components/format';
import { RouterLink } from '../../components/router-link';
import { ValueView } from '../../components/value-view';
import { ObjectHistory } from '../drill-down/object-history';
import { MvLineage } from './mv-lineage';

export function MvObjectPage() {
  const params = useParams();
  const id = Number(params['id']);
  const valid = Number.isInteger(id) && id > 0;
  const detail = useQuery(
    () => (valid ? api.call('metaverse.get', { id }) : Promise.reject(new Error('Invalid metaverse object id'))),
    `mvo-${id}`,
  );
  const { reload } = detail;
  // A finished sync or import may have changed this object's values or joins.
  useEffect(() => api.on('activities.onFinished', reload), [reload]);

  return (
    <Box data-testid="mv-detail">
      {detail.error && !detail.data && (
        <Alert severity="error" data-testid="mv-detail-error">
          {detail.error}
        </Alert>
      )}
      {!detail.data && !detail.error && <LinearProgress />}
      {detail.data && <DetailBody object={detail.data} />}
    </Box>
  );
}

function DetailBody({ object }: { object: MetaverseObjectDetail }) {
  return (
    <Stack spacing={2}>
      <Paper sx={{ p: 2 }}>
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'flex-start' }}>
          <IconButton component={Link} to="/metaverse" size="small" aria-label="Back to the metaverse">
            <ArrowBackIcon fontSize="small" />
          </IconButton>
          <Box sx={{ flexGrow: 1, minWidth: 0 }}>
            <Typography variant="h5" data-testid="mv-detail-name">
              {object.displayName || `Metaverse object #${object.id}`}
            </Typography>
            <Stack direction="row" spacing={3} sx={{ mt: 1, flexWrap: 'wrap', rowGap: 1 }}>
              <Fact label="Type" testId="mv-detail-type">
                {object.objectType}
              </Fact>
              <Fact label="ID" testId="mv-detail-id">
                {object.id}
              </Fact>
              <Fact label="Origin">{object.origin === 'projected' ? 'Projected' : 'Internal'}</Fact>
              <Fact label="Created">{formatDateTime(object.createdAt)}</Fact>
              <Fact label="Last updated">{formatDateTime(object.lastUpdatedAt)}</Fact>
            </Stack>
          </Box>
          <Chip size="small" variant="outlined" label={`${object.lineage.length} connected`} />
        </Stack>
        {object.deletionDueAt && (
          <Alert severity="warning" sx={{ mt: 2 }} data-testid="mv-deletion-due">
            Deletion due {formatDateTime(object.deletionDueAt)}
            {object.deletionTriggeredBy ? `, triggered by ${object.deletionTriggeredBy}` : ''}. A qualifying rejoin
            before then cancels it.
          </Alert>
        )}
      </Paper>

      <Paper>
        <SectionTitle
          title="Attributes"
          detail="Each attribute holds the values of one contributor: the highest-priority inbound flow with a value."
        />
        <AttributesTable object={object} />
      </Paper>

      <Paper>
        <SectionTitle
          title="Lineage"
          detail="Every connector space object joined to this identity. Open one to see it in its system's connector space."
        />
        <MvLineage lineage={object.lineage} />
      </Paper>
      <Paper>
        <Typography variant="subtitle1" sx={{ px: 2, pt: 1.5, fontWeight: 600 }}>
          History
        </Typography>
        <ObjectHistory
          objectKey={`mvo-${object.id}`}
          load={(before) => api.call('metaverse.history', { id: object.id, ...(before ? { before } : {}) })}
          testId="mv-history"
          emptyText="No run has recorded anything for this identity or its connected objects yet."
        />
      </Paper>
    </Stack>
  );
}

function SectionTitle({ title, detail }: { title: string; detail: string }) {
  return (
    <Box sx={{ px: 2, py: 1.5, borderBottom: 1, borderColor: 'divider' }}>
      <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
        {title}
      </Typography>
      <Typography variant="caption" color="text.secondary">
        {detail}
      </Typography>
    </Box>
  );
}

function AttributesTable({ object }: { object: MetaverseObjectDetail }) {
  const names = Object.keys(object.attributes).sort((a, b) => a.localeCompare(b));
  if (names.length === 0)
    return (
      <Typography color="text.secondary" sx={{ p: 3, textAlign: 'center' }}>
        This object holds no attribute values.
      </Typography>
    );
  return (
    <Table data-testid="mv-attributes">
      <TableHead>
        <TableRow>
          <TableCell sx={{ width: '22%' }}>Attribute</TableCell>
          <TableCell>Values</TableCell>
          <TableCell sx={{ width: '30%' }}>Contributed by</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {names.map((name) => {
          const contribution = object.contributions[name];
          return (
            <TableRow key={name} data-testid={`mv-attr-${name}`}>
              <TableCell sx={{ fontFamily: 'monospace', verticalAlign: 'top' }}>{name}</TableCell>
              <TableCell sx={{ verticalAlign: 'top' }}>
                <AttributeValues
                  value={object.attributes[name] ?? []}
                  references={object.references[name]}
                  attribute={name}
                />
              </TableCell>
              <TableCell sx={{ verticalAlign: 'top' }} data-testid={`mv-attr-contributor-${name}`}>
                {contribution ? (
                  <Stack>
                    <RouterLink to={`/systems/${contribution.systemId}`}>{contribution.systemName}</RouterLink>
                    <Typography variant="caption" color="text.secondary">
                      via{' '}
                      <RouterLink to={`/sync-rules/${contribution.syncRuleId}`}>{contribution.syncRuleName}</RouterLink>
                    </Typography>
                  </Stack>
                ) : (
                  <Typography variant="body2" color="text.secondary">
                    —
                  </Typography>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

interface AttributeValuesProps {
  attribute: string;
  value: AttributeValue;
  references: { id: number; displayName: string }[] | undefined;
}

/** Reference attributes are shown as links to the objects they point at; anything else as values. */
function AttributeValues({ attribute, value, references }: AttributeValuesProps) {
  if (!references) return <ValueView value={value} />;
  if (references.length === 0)
    return (
      <Typography variant="body2" color="text.secondary">
        —
      </Typography>
    );
  return (
    <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
      {references.map((r) => (
        <Chip
          key={r.id}
          size="small"
          variant="outlined"
          clickable
          component={Link}
          to={`/metaverse/${r.id}`}
          label={r.displayName || `#${r.id}`}
          data-testid={`mv-ref-${attribute}`}
        />
      ))}
    </Stack>
  );
}

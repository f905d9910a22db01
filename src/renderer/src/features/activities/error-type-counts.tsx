import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { formatNumber } from '../../components/format';
import { errorTypeItemsPath } from '../drill-down/links';

/** Each error type of a run with its count; a chip opens the items that failed with it. */
export function ErrorTypeCounts({ activityId, active }: { activityId: number; active: string | null }) {
  const counts = useQuery(() => api.call('activities.errorTypes', { id: activityId }), `error-types-${activityId}`);
  if (counts.error) return <Alert severity="error">{counts.error}</Alert>;
  if (!counts.data?.length) return null;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }} data-testid="error-type-counts">
      <Typography variant="body2" color="text.secondary">
        Errors by type:
      </Typography>
      {counts.data.map(({ errorType, count }) => (
        <Chip
          key={errorType}
          component={Link}
          to={errorTypeItemsPath(activityId, errorType)}
          clickable
          size="small"
          color="error"
          variant={active === errorType ? 'filled' : 'outlined'}
          label={`${errorType}: ${formatNumber(count)}`}
          data-testid={`error-type-${errorType}`}
        />
      ))}
    </Stack>
  );
}

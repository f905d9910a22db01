import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import { Link, useParams } from 'react-router';
import { useLiveActivity } from '../../api/activity-store';
import { RouterLink } from '../../components/router-link';
import { ExecutionView } from '../schedules/execution-view';
import { ActivityPanel } from './activity-panel';

export function ActivityPage() {
  const params = useParams();
  const id = Number(params['id']);
  if (!Number.isInteger(id) || id <= 0) return <Alert severity="error">Invalid activity id</Alert>;
  return (
    <Box>
      <Stack direction="row" sx={{ mb: 2 }}>
        <Button component={Link} to="/activities" startIcon={<ArrowBackIcon />}>
          All activities
        </Button>
      </Stack>
      <ActivityDetail key={id} activityId={id} />
    </Box>
  );
}

/** A schedule execution shows its step rail; a run shows its counters and items, with a way up to its execution. */
function ActivityDetail({ activityId }: { activityId: number }) {
  const { activity, error } = useLiveActivity(activityId);
  if (!activity) return error ? <Alert severity="error">{error}</Alert> : <LinearProgress />;
  if (activity.kind === 'schedule')
    return (
      <Paper sx={{ p: 2 }} data-testid="activity-panel" data-activity-id={activityId}>
        <ExecutionView executionId={activityId} />
      </Paper>
    );
  return (
    <Stack spacing={1.5}>
      {activity.parentActivityId !== null && (
        <Alert severity="info" icon={false} data-testid="activity-parent">
          A step of{' '}
          <RouterLink to={`/activities/${activity.parentActivityId}`} testId="activity-parent-link">
            schedule execution #{activity.parentActivityId}
          </RouterLink>
          .
        </Alert>
      )}
      <ActivityPanel activityId={activityId} initial={activity} />
    </Stack>
  );
}

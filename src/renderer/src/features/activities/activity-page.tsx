import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { Link, useParams } from 'react-router';
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
      <ActivityPanel key={id} activityId={id} />
    </Box>
  );
}

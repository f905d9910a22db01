import Chip from '@mui/material/Chip';
import type { ChipProps } from '@mui/material/Chip';
import { ACTIVITY_STATUS_LABELS } from '../../../shared/model/index';
import type { ActivityStatus } from '../../../shared/model/index';

const STATUS_COLORS: Record<ActivityStatus, ChipProps['color']> = {
  inProgress: 'info',
  complete: 'success',
  completeWithWarning: 'warning',
  completeWithError: 'warning',
  failedWithError: 'error',
  cancelled: 'default',
};

export function StatusChip({ status, testId }: { status: ActivityStatus; testId?: string }) {
  return (
    <Chip
      size="small"
      color={STATUS_COLORS[status]}
      variant={status === 'cancelled' ? 'outlined' : 'filled'}
      label={ACTIVITY_STATUS_LABELS[status]}
      data-testid={testId}
    />
  );
}

import Chip from '@mui/material/Chip';
import type { ChipProps } from '@mui/material/Chip';
import type { ItemChangeType } from '../../../../shared/model/index';

export const CHANGE_TYPE_LABELS: Record<ItemChangeType, string> = {
  added: 'Added',
  updated: 'Updated',
  deleted: 'Deleted',
  projected: 'Projected',
  joined: 'Joined',
  attributeFlow: 'Attribute flow',
  disconnected: 'Disconnected',
  provisioned: 'Provisioned',
  exported: 'Exported',
  deprovisioned: 'Deprovisioned',
  exportConfirmed: 'Export confirmed',
  none: 'None',
};

const CHANGE_TYPE_COLORS: Record<ItemChangeType, ChipProps['color']> = {
  added: 'success',
  updated: 'info',
  deleted: 'error',
  projected: 'success',
  joined: 'info',
  attributeFlow: 'info',
  disconnected: 'warning',
  provisioned: 'success',
  exported: 'success',
  deprovisioned: 'warning',
  exportConfirmed: 'success',
  none: 'default',
};

export function ChangeTypeChip({ changeType }: { changeType: ItemChangeType }) {
  return (
    <Chip
      size="small"
      variant="outlined"
      color={CHANGE_TYPE_COLORS[changeType] ?? 'default'}
      label={CHANGE_TYPE_LABELS[changeType] ?? changeType}
    />
  );
}

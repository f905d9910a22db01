import Chip from '@mui/material/Chip';
import type { ChipProps } from '@mui/material/Chip';
import type { ItemChangeType } from '../../../../shared/model/index';

const CHANGE_TYPE: Record<ItemChangeType, { label: string; color: ChipProps['color'] }> = {
  added: { label: 'Added', color: 'success' },
  updated: { label: 'Updated', color: 'info' },
  deleted: { label: 'Deleted', color: 'error' },
  none: { label: 'None', color: 'default' },
};

export function ChangeTypeChip({ changeType }: { changeType: ItemChangeType }) {
  const { label, color } = CHANGE_TYPE[changeType];
  return <Chip size="small" variant="outlined" color={color} label={label} />;
}

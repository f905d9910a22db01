import Chip from '@mui/material/Chip';
import type { ChipProps } from '@mui/material/Chip';
import type { PendingAttributeChange, PendingChangeType, PendingExportStatus } from '../../../../shared/model/index';

export const PE_STATUS_LABELS: Record<PendingExportStatus, string> = {
  pending: 'Pending',
  exported: 'Exported, awaiting confirmation',
  exportNotConfirmed: 'Not confirmed',
  failed: 'Failed',
};

const PE_STATUS_COLORS: Record<PendingExportStatus, ChipProps['color']> = {
  pending: 'info',
  exported: 'success',
  exportNotConfirmed: 'warning',
  failed: 'error',
};

export function PeStatusChip({ status, testId }: { status: PendingExportStatus; testId?: string }) {
  return (
    <Chip
      size="small"
      color={PE_STATUS_COLORS[status] ?? 'default'}
      label={PE_STATUS_LABELS[status] ?? status}
      data-testid={testId}
    />
  );
}

const CHANGE_COLORS: Record<PendingChangeType, ChipProps['color']> = {
  create: 'success',
  update: 'info',
  delete: 'error',
};

export function PeChangeTypeChip({ changeType }: { changeType: PendingChangeType }) {
  return (
    <Chip
      size="small"
      variant="outlined"
      color={CHANGE_COLORS[changeType] ?? 'default'}
      label={changeType.charAt(0).toUpperCase() + changeType.slice(1)}
    />
  );
}

export const CHANGE_STATUS_LABELS: Record<PendingAttributeChange['status'], string> = {
  pending: 'Pending',
  exportedPendingConfirmation: 'Exported, awaiting confirmation',
  exportedNotConfirmed: 'Exported, not confirmed',
};

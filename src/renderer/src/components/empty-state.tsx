import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

export function EmptyState({ title, detail, action }: { title: string; detail?: string; action?: ReactNode }) {
  return (
    <Box sx={{ py: 8, px: 2, textAlign: 'center' }} data-testid="empty-state">
      <Typography variant="h6" gutterBottom>
        {title}
      </Typography>
      {detail && (
        <Typography color="text.secondary" sx={{ mb: 3 }}>
          {detail}
        </Typography>
      )}
      {action}
    </Box>
  );
}

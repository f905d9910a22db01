import MuiLink from '@mui/material/Link';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

interface RouterLinkProps {
  to: string;
  children: ReactNode;
  testId?: string;
  title?: string;
}

/** An in-app link styled like MUI's; clicks inside clickable rows must not also open the row. */
export function RouterLink({ to, children, testId, title }: RouterLinkProps) {
  return (
    <MuiLink
      component={Link}
      to={to}
      underline="hover"
      data-testid={testId}
      title={title}
      onClick={(e) => e.stopPropagation()}
    >
      {children}
    </MuiLink>
  );
}

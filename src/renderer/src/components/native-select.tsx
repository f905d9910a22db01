import TextField from '@mui/material/TextField';
import type { ReactNode } from 'react';

interface NativeSelectFieldProps {
  /** Omit inside table cells; the accessible name then comes from ariaLabel. */
  label?: string;
  ariaLabel?: string;
  value: string;
  onChange(value: string): void;
  testId?: string;
  error?: string | undefined;
  helperText?: ReactNode;
  disabled?: boolean;
  fullWidth?: boolean;
  minWidth?: number;
  children: ReactNode;
}

/**
 * A native <select> in MUI dress: keyboard-friendly, and automation can pick options directly
 * on the element that carries the test id.
 */
export function NativeSelectField(props: NativeSelectFieldProps) {
  return (
    <TextField
      select
      label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      error={Boolean(props.error)}
      helperText={props.error ?? props.helperText}
      disabled={props.disabled}
      fullWidth={props.fullWidth}
      sx={props.minWidth ? { minWidth: props.minWidth } : undefined}
      slotProps={{
        select: { native: true },
        inputLabel: { shrink: true },
        htmlInput: { 'data-testid': props.testId, 'aria-label': props.ariaLabel ?? props.label },
      }}
    >
      {props.children}
    </TextField>
  );
}

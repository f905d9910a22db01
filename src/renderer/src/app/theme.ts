import { createTheme } from '@mui/material/styles';
import type { Theme } from '@mui/material/styles';

export function buildTheme(mode: 'light' | 'dark'): Theme {
  return createTheme({
    palette: { mode, ...(mode === 'light' ? { background: { default: '#f5f6f8' } } : {}) },
    shape: { borderRadius: 6 },
    typography: { fontSize: 13, button: { textTransform: 'none', fontWeight: 600 } },
    components: {
      MuiTable: { defaultProps: { size: 'small' } },
      MuiTextField: { defaultProps: { size: 'small' } },
      MuiButton: { defaultProps: { disableElevation: true } },
      MuiPaper: { defaultProps: { variant: 'outlined' } },
      MuiAppBar: { defaultProps: { elevation: 0 } },
    },
  });
}

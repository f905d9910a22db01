import { createTheme } from '@mui/material/styles';
import type { Theme } from '@mui/material/styles';

export type PresenterMode = 'light' | 'dark';

/**
 * A high-contrast palette for a projector: pure black on white or white on black, and status
 * colours dark (light mode) or bright (dark mode) enough to read from the back of a room.
 */
export function buildPresenterTheme(mode: PresenterMode): Theme {
  const light = mode === 'light';
  return createTheme({
    palette: light
      ? {
          mode,
          background: { default: '#ffffff', paper: '#ffffff' },
          text: { primary: '#000000', secondary: '#1a1a1a', disabled: '#4d4d4d' },
          divider: 'rgba(0, 0, 0, 0.55)',
          primary: { main: '#0033a0' },
          info: { main: '#004f9e' },
          success: { main: '#00661a' },
          warning: { main: '#8a4500' },
          error: { main: '#b00020' },
        }
      : {
          mode,
          background: { default: '#000000', paper: '#000000' },
          text: { primary: '#ffffff', secondary: '#e6e6e6', disabled: '#b3b3b3' },
          divider: 'rgba(255, 255, 255, 0.6)',
          primary: { main: '#8cb8ff' },
          info: { main: '#6fd0ff' },
          success: { main: '#5cf07f' },
          warning: { main: '#ffc445' },
          error: { main: '#ff7070' },
        },
    shape: { borderRadius: 8 },
    typography: { fontSize: 16, button: { textTransform: 'none', fontWeight: 700 } },
    components: {
      MuiButton: { defaultProps: { disableElevation: true } },
      MuiPaper: { defaultProps: { variant: 'outlined' } },
    },
  });
}

/**
 * Sizes in the presenter scale with the window, so the same layout fills a 720p projector and a
 * 1080p screen without scrolling: one unit is 1% of the height, or of a 16:9 box's height where
 * the window is narrower than 16:9.
 */
export const PRESENTER_UNIT_VAR = '--presenter-unit';
export const PRESENTER_UNIT = 'min(1vh, 0.5625vw)';

/** `n` presenter units, for any size in an sx prop (font sizes, gaps, paddings). */
export function pu(n: number): string {
  return `calc(var(${PRESENTER_UNIT_VAR}) * ${n})`;
}

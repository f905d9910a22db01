/** Channel names used by the Electron preload and main. Kept free of imports: sandboxed preloads cannot load packages. */
export const CALL_CHANNEL = 'junction:call';
export const EVENT_CHANNEL = 'junction:event';

import { BrowserWindow, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { safeExternalUrl } from './external-links';

export function rendererIndex(outDir: string): string {
  return pathToFileURL(join(outDir, 'renderer', 'index.html')).href;
}

/** True only for our own renderer files, the single origin the window may show. */
export function isOwnUrl(url: string, outDir: string): boolean {
  return url.startsWith(pathToFileURL(join(outDir, 'renderer')).href + '/');
}

/** The app icon for the window and the Linux task bar; committed PNGs rendered from resources/icons/junction.svg. */
export function windowIcon(outDir: string): string {
  return join(outDir, 'renderer', 'junction-256.png');
}

/** Hands a link to the user's browser or mail client when it is one we trust the OS to open. */
function openExternally(raw: string): void {
  const url = safeExternalUrl(raw);
  // Electronegativity flags every non-literal openExternal for review; this one is reviewed.
  if (url) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
}

export function createMainWindow(outDir: string): BrowserWindow {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    // One literal so Electronegativity can evaluate it. 'unsafe-inline' styles: MUI's emotion
    // injects style tags at run time. connect-src 'self': the renderer talks over IPC only.
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        ],
      },
    });
  });
  // The renderer needs no camera, notifications or the like.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Junction',
    show: false,
    icon: windowIcon(outDir),
    webPreferences: {
      // Flagged for review whenever a preload exists; ours exposes only call/on/off, never ipcRenderer.
      preload: join(outDir, 'preload', 'index.cjs'), // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // A middle click would otherwise open a link in a new window, bypassing will-navigate.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url, outDir)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    // Links to the web open in the user's browser, never in a Junction window.
    openExternally(url);
    return { action: 'deny' };
  });
  void window.loadURL(rendererIndex(outDir));
  return window;
}

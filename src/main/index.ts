import { app, BrowserWindow, dialog, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createUtilityProcessPort } from './electron/utility-process-port';
import { bindIpc, relayEventsTo } from './electron/ipc-binding';
import { createMainWindow, isOwnUrl } from './electron/main-window';
import { createAppHost, type AppHost } from './host/app-host';

// The Electron entry: lifecycle and wiring only. Everything it wires is plain Node code that the
// CLI, the tests and serve mode run too.

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
let host: AppHost | null = null;

async function start(): Promise<void> {
  await app.whenReady();
  const databasePath = process.env.JUNCTION_DB ?? join(app.getPath('userData'), 'junction.sqlite');
  host = createAppHost({
    databasePath,
    port: createUtilityProcessPort(join(outDir, 'main', 'worker.js')),
    info: { host: 'electron', version: app.getVersion(), nativeFilePicker: true },
    pickFile: async (title) => {
      const window = BrowserWindow.getFocusedWindow();
      const options = { title: title ?? 'Choose a file', properties: ['openFile' as const] };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    openPath: async (path) => {
      const error = await shell.openPath(path);
      if (error) throw new Error(error);
    },
  });
  const window = createMainWindow(outDir);
  bindIpc(host, (sender, frameUrl) => sender.id === window.webContents.id && isOwnUrl(frameUrl, outDir));
  relayEventsTo(host, window.webContents);
}

app.on('window-all-closed', () => {
  host?.close();
  host = null;
  app.quit();
});

app.on('web-contents-created', (_event, contents) => {
  // No <webview> and no new windows, ever (the main window replaces this handler with one that
  // also hands safe links to the browser).
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

start().catch((error: unknown) => {
  dialog.showErrorBox('Junction could not start', error instanceof Error ? error.message : String(error));
  app.quit();
});

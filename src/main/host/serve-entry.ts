import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createNodeProcessPort } from '../runs/node-process-port';
import { createAppHost } from './app-host';
import { startBridge } from './bridge-server';
import { defaultDatabasePath, rendererDir, resolveWorkerEntry } from './paths';
import { appVersion } from './version';

// Serve mode: the app without Electron. The same main-process core, the built renderer and the
// typed contract over a loopback bridge, for a browser (and for the Playwright e2e tests).

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '""', url] : [url];
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => process.stdout.write('Could not open a browser: open the address above yourself.\n'));
  child.unref();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      port: { type: 'string' },
      open: { type: 'boolean', default: false },
    },
  });
  const databasePath = values.db ?? defaultDatabasePath();
  const host = createAppHost({
    databasePath,
    port: createNodeProcessPort(resolveWorkerEntry()),
    info: { host: 'browser', version: appVersion(), nativeFilePicker: false },
  });
  const bridge = await startBridge(host, {
    rendererDir: rendererDir(),
    ...(values.port ? { port: Number(values.port) } : {}),
  });
  process.stdout.write(`Junction is running at ${bridge.url}\nDatabase: ${databasePath}\nPress Ctrl+C to stop.\n`);
  if (values.open) openInBrowser(bridge.url);
  const shutdown = (): void => {
    void bridge.close().then(() => {
      host.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`junction serve: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

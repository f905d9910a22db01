import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

const root = import.meta.dirname;

// One build for every process. The main bundle has several entries: the Electron shell (index),
// and the Node-only entries that never load electron: the run process (worker), the CLI and
// serve mode. The renderer is plain web code, served by Electron or by the loopback bridge.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          worker: resolve(root, 'src/main/runs/worker-entry.ts'),
          cli: resolve(root, 'src/main/cli/main.ts'),
          serve: resolve(root, 'src/main/host/serve-entry.ts'),
          bench: resolve(root, 'src/main/bench/bench-main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    base: './',
    // The app icon (SVG and PNG sizes) ships beside index.html: the serve page's favicon.
    publicDir: resolve(root, 'resources/icons'),
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: resolve(root, 'src/renderer/index.html') },
    },
    plugins: [react()],
  },
});

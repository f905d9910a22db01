import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Who may import what (architecture.md): enforced here and by one tsconfig per environment.
const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'url', 'util', 'events', 'stream'];
const noPaths = (...groups) => ({ patterns: groups.map((group) => ({ group: group.patterns, message: group.message })) });

export default tseslint.config(
  { ignores: ['.tmp/**', 'out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        noPaths(
          { patterns: NODE_BUILTINS, message: 'shared/ is pure TypeScript: no Node built-ins' },
          { patterns: ['electron', 'react', 'react-dom', '@mui/*', 'better-sqlite3'], message: 'shared/ may import only shared/ and zod' },
          { patterns: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'shared/ may import only shared/' },
        ),
      ],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**', 'src/main/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        noPaths(
          { patterns: ['electron'], message: 'Only src/main/electron/ and src/main/index.ts may import electron: the rest runs under plain Node' },
          { patterns: ['**/electron/*', '**/renderer/**', '**/preload/**'], message: 'Node-side main code may not import the Electron shell or the renderer' },
        ),
      ],
    },
  },
  {
    files: ['src/main/engine/**/*.ts', 'src/main/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        noPaths(
          { patterns: ['electron'], message: 'The engine and store never import electron' },
          { patterns: ['**/ipc/**', '**/host/**', '**/cli/**', '**/renderer/**'], message: 'The engine and store sit below ipc/host/cli' },
        ),
      ],
    },
  },
  {
    files: ['src/main/electron/**/*.ts', 'src/main/index.ts'],
    rules: {
      'no-restricted-imports': ['error', noPaths({ patterns: ['**/renderer/**'], message: 'main never imports the renderer' })],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        noPaths(
          { patterns: NODE_BUILTINS, message: 'A sandboxed preload has no Node built-ins' },
          { patterns: ['**/main/**', '**/renderer/**', 'zod'], message: 'The preload imports only electron and shared channel names/types' },
        ),
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // The classic hook rules; the React Compiler rules of v7 assume the compiler, which we do not use.
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': [
        'error',
        noPaths(
          { patterns: NODE_BUILTINS, message: 'The renderer has no Node' },
          { patterns: ['electron', 'better-sqlite3'], message: 'The renderer talks to main only through the contract' },
          { patterns: ['**/main/**', '**/preload/**'], message: 'The renderer may import only shared/' },
        ),
      ],
    },
  },
  {
    files: ['src/main/cli/**/*.ts', 'scripts/**/*.{js,mjs,ts}', 'tests/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);

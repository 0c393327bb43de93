// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// shared/ is the domain: it runs in the hub, the main process and the renderer alike,
// so it may not reach for any one platform. The linter holds that line.
const nodeBuiltins = ['ws', 'fs', 'path', 'crypto', 'os', 'http', 'https', 'net', 'events', 'stream', 'zlib', 'child_process', 'fs/promises'];
/**
 * zod only as 'zod': the web build points that name at renderer/lib/zodUnderCsp.ts, which sets
 * zod up for the page's CSP before any schema is built; a path past it would not wait for that.
 */
const zodByName = { group: ['zod/*'], message: "Import zod as 'zod' (the web build sets it up for its CSP through that name: renderer/lib/zodUnderCsp.ts)." };

const platformImports = {
  // Bare names, not patterns: a pattern "events" would also match our own './events'.
  paths: nodeBuiltins.map((name) => ({ name, message: 'shared/ is platform-free: no Node modules.' })),
  patterns: [
    { group: ['node:*'], message: 'shared/ is platform-free: no Node APIs.' },
    { group: ['electron', 'electron/*'], message: 'shared/ is platform-free: no Electron.' },
    { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'shared/ is platform-free: no React.' },
    { group: ['zustand', 'zustand/*'], message: 'shared/ is platform-free: no zustand.' },
    zodByName,
    {
      group: ['../electron/*', '../renderer/*', '../../electron/*', '../../renderer/*', '../../../electron/*', '../../../renderer/*'],
      message: 'shared/ depends on nothing outside itself.',
    },
  ],
};

/** A folder that may not reach into other runtimes' folders, whatever the depth of the path. */
const notInto = (folders, message) => ({
  patterns: folders.map((f) => ({ group: [`${f}/*`, `../${f}/*`, `../../${f}/*`, `../../../${f}/*`, `../../../../${f}/*`], message })),
});

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'bench-results/**', 'scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': ['error', platformImports],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require', 'localStorage', 'navigator'],
    },
  },
  {
    // The renderer runs in a sandboxed page: the desktop reaches it only through the typed
    // bridge in shared/ipc, never by importing the main process's code.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...notInto(['electron'], 'renderer/ talks to the desktop through shared/ipc, not electron/.').patterns, zodByName] },
      ],
    },
  },
  {
    // The hub also runs alone under Node (npm run hub): no Electron, no screen code.
    files: ['electron/hub/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The hub runs without Electron (npm run hub).' }],
          patterns: notInto(['renderer'], 'The hub serves the renderer; it does not import it.').patterns,
        },
      ],
    },
  },
  {
    // A feature is used through its index.ts: another feature's files are its own business,
    // so it can rearrange them without breaking a neighbour. What several features share
    // lives in renderer/ui (widgets) or renderer/lib. The electron/ line is repeated because
    // a later block's options replace the earlier ones for the same rule.
    files: ['renderer/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...notInto(['electron'], 'renderer/ talks to the desktop through shared/ipc, not electron/.').patterns,
            zodByName,
            {
              regex: '^(\\.\\./[^./][^/]*|(\\.\\./)+features/[^/]+)/(?!index$)[^/]+',
              message: "Import another feature through its index ('../<feature>'), or move what is shared to renderer/ui or renderer/lib.",
            },
          ],
        },
      ],
    },
  },
  {
    // The connection, the shared widgets and the helpers sit below the features: they import none.
    files: ['renderer/connection/**/*.{ts,tsx}', 'renderer/ui/**/*.{ts,tsx}', 'renderer/lib/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...notInto(['electron'], 'renderer/ talks to the desktop through shared/ipc, not electron/.').patterns,
            ...notInto(['features'], 'connection/, ui/ and lib/ serve the features; they import none.').patterns,
            zodByName,
          ],
        },
      ],
    },
  },
);

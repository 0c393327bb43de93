// Bundles the Electron main process and the preload with esbuild (vite builds the renderer).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const dependencies = Object.keys(pkg.dependencies ?? {});

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'info',
};

await Promise.all([
  // ESM like the rest of the project; dependencies stay in node_modules (electron-builder
  // ships the production ones). Split, so what the hub imports only when needed (each lag
  // source kind and its client library) is a chunk loaded then, not at start-up.
  build({
    ...common,
    entryPoints: ['electron/main.ts'],
    outdir: 'dist/electron',
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    format: 'esm',
    external: ['electron', ...dependencies],
  }),
  // Sandboxed preloads cannot be ES modules and may require nothing but 'electron'.
  build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
]);

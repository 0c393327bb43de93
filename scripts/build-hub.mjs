// Bundles the standalone hub (`npm run hub`) into dist/hub/cli.mjs, to run on plain Node.
// Running it through tsx instead kept a TypeScript loader (a second V8 isolate and esbuild)
// in the hub's memory all night: about 37 MB of its resident set for nothing it serves.
import { cp } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleNode } from './bundle-node.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
await bundleNode('electron/hub/cli.ts', 'dist/hub/cli.mjs');
// One file, so what it finds beside itself by import.meta.url is beside it here too: the
// PostgreSQL store's schema files (store/postgres/migrate.ts) and ../../dist/renderer.
await cp(`${root}electron/hub/store/postgres/sql`, `${root}dist/hub/sql`, { recursive: true });

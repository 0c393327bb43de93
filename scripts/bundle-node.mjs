// One TypeScript entry as one ES module for plain Node (no splitting: a file that finds
// things beside itself by import.meta.url finds them beside the bundle). Dependencies stay
// in node_modules. Used by the standalone hub's build and by the benchmarks' server processes.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function bundleNode(entry, outfile) {
  const pkg = JSON.parse(await readFile(`${root}package.json`, 'utf8'));
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: true,
    logLevel: 'warning',
    external: ['electron', ...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})],
  });
}

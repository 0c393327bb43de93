import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * What the BUILT page runs to open a night: its first script, the screens' chunk that script
 * imports (renderer/mount.tsx, preloaded), and everything those import. Each byte of it is
 * fetched, compiled and run before the night can be drawn. The hub's deciding of commands and
 * the YAML reader (a runbook file is read in the desktop app's main process or on the hub) are
 * not for the page, and are left out of its bundle altogether (vite.config.ts, treeshake). The
 * schemas of every command and event, and the archive's format, are for a recorded night's
 * review: its chunk is fetched with the page (so it opens offline) but run only on its route.
 */

const root = fileURLToPath(new URL('../../../dist/renderer/', import.meta.url));
const built = existsSync(`${root}index.html`);
if (!built && process.env.CI !== 'true') console.warn('loadPath.test: skipped, dist/renderer is missing; run `npm run build` first.');

const html = (): string => readFileSync(`${root}index.html`, 'utf8');
/** The page's modulepreloads, by file name. */
const preloads = (): string[] => [...html().matchAll(/<link rel="modulepreload"[^>]* href="\.\/([^"]+)"/g)].map((m) => m[1]!);

/** The page's first script and the screens' chunk, and every module they import statically, by file name. */
function loadPath(): Map<string, string> {
  const first = [...html().matchAll(/<script type="module"[^>]* src="\.\/([^"]+)"/g)].map((m) => m[1]!);
  const queue = [...first, ...preloads().filter((f) => f.startsWith('assets/mount-'))];
  const files = new Map<string, string>();
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (files.has(file)) continue;
    const code = readFileSync(`${root}${file}`, 'utf8');
    files.set(file, code);
    // Static imports only (`import{…}from"./x.js"`, `import"./x.js"`): a lazy chunk's `import("./x.js")` is not run with the page.
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*"\.\/([^"]+\.js)"/g)) queue.push(`assets/${m[1]!}`);
  }
  return files;
}

/** The source file `text` is quoted from, so that the check cannot pass for a sentence since reworded. */
const quotedFrom = (path: string, text: string) => expect(readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), 'utf8')).toContain(text);

/** Fails with where the sentence comes from, rather than with the whole bundle. */
const absent = (all: string, path: string, text: string) => {
  quotedFrom(path, text);
  expect(all.includes(text), `${path}: “${text}”`).toBe(false);
};

describe.skipIf(!built && process.env.CI !== 'true')("the page's load path", () => {
  it('holds the night and its screens, not the hub’s deciding of commands, the YAML reader, nor the review’s schemas', () => {
    const files = loadPath();
    const names = [...files.keys()];
    expect(names.some((f) => f.startsWith('assets/mount-'))).toBe(true);
    const all = [...files.values()].join('\n');
    // The runbook panel, the client and the reducer are there…
    expect(all.includes('This runbook has no steps yet.')).toBe(true);
    // …the hub's refusals are not (shared/*/decide.ts)…
    absent(all, 'shared/steps/decide.ts', 'The runbook can be replaced only before the night starts');
    absent(all, 'shared/crew/decide.ts', 'The night needs a lead: make someone else lead first');
    // …nor the YAML package's tags…
    expect(all.includes('tag:yaml.org,2002:'), 'the yaml package').toBe(false);
    // …nor what only a review reads: the command and event schemas, the archive's format.
    absent(all, 'shared/cutover/lifecyclePayloads.ts', 'The secret is empty');
    absent(all, 'shared/archive/format.ts', 'This file is not a Warroom archive: it is not text.');
    expect(names.some((f) => f.startsWith('assets/review-'))).toBe(false);
    // The review's chunk is fetched with the page all the same: a page opened from a hub opens a recorded night offline.
    expect(preloads().some((f) => f.startsWith('assets/review-'))).toBe(true);
  });
});

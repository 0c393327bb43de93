import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * What the BUILT page loads to open a night: its first script, the modules it preloads, and
 * everything those import. Each byte of it is fetched, compiled and run before the night can
 * be drawn. The hub's deciding of commands and the YAML reader (a runbook file is read in the
 * desktop app's main process or on the hub) are not for the page, and are left out of its
 * bundle altogether (vite.config.ts, treeshake).
 */

const root = fileURLToPath(new URL('../../../dist/renderer/', import.meta.url));
const built = existsSync(`${root}index.html`);
if (!built && process.env.CI !== 'true') console.warn('loadPath.test: skipped, dist/renderer is missing; run `npm run build` first.');

/** The page's first script, its modulepreloads, and every module they import statically, by file name. */
function loadPath(): Map<string, string> {
  const html = readFileSync(`${root}index.html`, 'utf8');
  const queue = [...html.matchAll(/<(?:script type="module"[^>]* src|link rel="modulepreload"[^>]* href)="\.\/([^"]+)"/g)].map((m) => m[1]!);
  const files = new Map<string, string>();
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (files.has(file)) continue;
    const code = readFileSync(`${root}${file}`, 'utf8');
    files.set(file, code);
    // Static imports only (`import{…}from"./x.js"`, `import"./x.js"`): a lazy chunk's `import("./x.js")` is not loaded with the page.
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*"\.\/([^"]+\.js)"/g)) queue.push(`assets/${m[1]!}`);
  }
  return files;
}

/** The source files `text` is quoted from, so that the check cannot pass for a sentence since reworded. */
const quotedFrom = (path: string, text: string) => expect(readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), 'utf8')).toContain(text);

describe.skipIf(!built && process.env.CI !== 'true')("the page's load path", () => {
  it('holds the night and its screens, not the hub’s deciding of commands nor the YAML reader', () => {
    const files = loadPath();
    expect([...files.keys()].some((f) => f.startsWith('assets/mount-'))).toBe(true);
    const all = [...files.values()].join('\n');
    // The runbook panel, the client and the reducer are there…
    expect(all.includes('This runbook has no steps yet.')).toBe(true);
    // …the hub's refusals are not (shared/*/decide.ts)…
    for (const [path, refusal] of [
      ['shared/steps/decide.ts', 'The runbook can be replaced only before the night starts'],
      ['shared/crew/decide.ts', 'The night needs a lead: make someone else lead first'],
    ] as const) {
      quotedFrom(path, refusal);
      expect(all.includes(refusal), `${path}: “${refusal}”`).toBe(false);
    }
    // …nor the YAML package's tags.
    expect(all.includes('tag:yaml.org,2002:'), 'the yaml package').toBe(false);
  });
});

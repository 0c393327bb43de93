import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../support/browser';

/*
 * The browser tests' --disable-features replaces Playwright's own (Chromium keeps the last one
 * given), so it repeats Playwright's list (test/support/browser.ts). This reads that list from
 * the installed playwright-core, so an upgrade that changes it fails here rather than quietly
 * turning a feature back on (PaintHolding, HTTPS upgrades, …).
 */
describe('the browser tests’ flags', () => {
  it('turn off every feature Playwright itself turns off', () => {
    const root = dirname(createRequire(import.meta.url).resolve('playwright-core/package.json'));
    const bundle = readFileSync(join(root, 'lib', 'coreBundle.js'), 'utf8');
    const list = /disabledFeatures = \[([\s\S]*?)\]/.exec(bundle)?.[1];
    expect(
      list,
      "playwright-core's list of disabled features (chromiumSwitches) was not found where it was: compare it with test/support/browser.ts by hand",
    ).toBeDefined();
    const theirs = [...list!.replace(/\/\/.*$/gm, '').matchAll(/"([A-Za-z0-9]+)"/g)].map((m) => m[1]!);
    const ours = CHROMIUM_ARGS.filter((a) => a.startsWith('--disable-features=')).flatMap((a) => a.slice('--disable-features='.length).split(','));
    expect(theirs.length).toBeGreaterThan(5);
    expect(theirs.filter((f) => !ours.includes(f))).toEqual([]);
    expect(ours).toEqual(expect.arrayContaining(['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup']));
  });
});

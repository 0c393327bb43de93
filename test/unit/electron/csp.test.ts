import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PREVIEW_STYLE_SOURCE } from '../../../electron/hub/transport/previewStyle';

// Checks the BUILT page: what Electron and the hub actually serve, after vite ran.
const indexPath = fileURLToPath(new URL('../../../dist/renderer/index.html', import.meta.url));
const built = existsSync(indexPath);
const underCi = process.env.CI === 'true';
const skip = !built && !underCi;
if (skip) console.warn(`csp.test: skipped, ${indexPath} is missing; run \`npm run build\` first.`);

const expectedCsp: Record<string, string[]> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  // And the postmortem preview's stylesheet, by its hash: its frame inherits this policy.
  'style-src': ["'self'", PREVIEW_STYLE_SOURCE],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'", 'ws:', 'wss:', 'http://127.0.0.1:*', 'http://localhost:*'],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

function readBuiltHtml(): string {
  if (!built) throw new Error(`${indexPath} is missing: run \`npm run build\` before the tests (required under CI).`);
  // Comments may mention anything; only markup counts.
  return readFileSync(indexPath, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
}

function parseCsp(policy: string): Record<string, string[]> {
  const directives: Record<string, string[]> = {};
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives[name] = values;
  }
  return directives;
}

describe.skipIf(skip)(`the built renderer page${skip ? ' (skipped: not built)' : ''}`, () => {
  it('declares exactly the strict CSP in a meta tag', () => {
    const html = readBuiltHtml();
    const metas = [...html.matchAll(/<meta\s+[^>]*http-equiv="Content-Security-Policy"[^>]*>/gi)];
    expect(metas).toHaveLength(1);
    const content = /content="([^"]*)"/i.exec(metas[0]?.[0] ?? '')?.[1];
    expect(content, 'the CSP meta tag has a content attribute').toBeDefined();
    expect(parseCsp(content ?? '')).toEqual(expectedCsp);
    expect(content).not.toMatch(/unsafe-|strict-dynamic/);
  });

  it('puts the CSP before any script or stylesheet', () => {
    const html = readBuiltHtml();
    const csp = html.search(/http-equiv="Content-Security-Policy"/i);
    const firstResource = html.search(/<script|<link\s+[^>]*rel="stylesheet"/i);
    expect(csp).toBeGreaterThan(-1);
    expect(csp).toBeLessThan(firstResource);
  });

  it('has no inline script: every script is empty and comes from a relative src', () => {
    const html = readBuiltHtml();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes = '', body = ''] of scripts) {
      expect(body.trim(), 'inline script body').toBe('');
      expect(attributes).toMatch(/\ssrc="\.\/[^"]+"/);
    }
  });

  it('has no inline styles or event handler attributes', () => {
    const html = readBuiltHtml();
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  });
});

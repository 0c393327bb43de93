import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { PREVIEW_STYLE_SOURCE } from './previewStyle';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The desktop window's policy, as a header, where `frame-ancestors` also works: no one
 * frames the war room to click through it. The page served by a hub talks to that hub
 * alone, so `connect-src` names it (`host`: the Host it was asked by, already checked to be
 * one of the hub's names) rather than every ws: host: a script slipped into the page could
 * not carry the night off to a socket elsewhere. The meta tag in the page stays wider, for
 * the desktop app, which joins hubs anywhere; a browser enforces both, so the narrower wins.
 */
export function webCsp(host: string | null, otherHubs: readonly string[] = []): string {
  // Several hubs serving one night (--origin naming each other, docs/deploy.md): the page moves its socket to them.
  const others = otherHubs.flatMap((origin) => {
    const h = URL.canParse(origin) ? new URL(origin).host : '';
    return h ? [` ws://${h}`, ` wss://${h}`] : [];
  });
  const connect = host ? `'self' ws://${host} wss://${host}${others.join('')}` : "'self'";
  return `default-src 'none'; script-src 'self'; style-src 'self' ${PREVIEW_STYLE_SOURCE}; img-src 'self' data:; font-src 'self'; connect-src ${connect}; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

/** Serves the built renderer (web mode): how a CTO without the app joins. HEAD gets the same headers, without the body. */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse, csp = webCsp(null)): Promise<boolean> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath.split('?')[0]!);
  } catch {
    return false;
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  const file = normalize(join(root, rel));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return false; // no climbing out
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return false;
  }
  const isHtml = extname(file) === '.html';
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // Built assets carry a content hash in their names; the page itself must stay fresh.
    'cache-control': isHtml ? 'no-cache' : 'public, max-age=31536000, immutable',
    ...(isHtml ? { 'content-security-policy': csp, 'x-frame-options': 'DENY' } : {}),
  });
  res.end(body);
  return true;
}

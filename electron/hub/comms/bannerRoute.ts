import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bannerView, NO_BANNER, type LagSummary } from '@shared/comms';
import { drainUnderWay } from '@shared/metrics';
import type { CutoverState } from '@shared/cutover';
import type { CutoverMetrics } from '../metrics/cutoverMetrics';
import type { CutoverRegistry } from '../cutovers/registry';
import { BANNER_SCRIPT } from './bannerScript';

const BANNER_PATH = /^\/banner\/([a-z0-9-]{1,64})\.json$/;
const SCRIPT_ETAG = `"${createHash('sha256').update(BANNER_SCRIPT).digest('hex').slice(0, 16)}"`;

/*
 * The hosted banner is public by design: customers' browsers fetch it from other origins,
 * with no token. It says only what comms chose to tell customers. An unknown cutover and
 * one with no banner answer alike (inactive), so the route tells nobody which ids exist.
 */
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET',
  'access-control-allow-headers': 'If-None-Match',
  'access-control-expose-headers': 'ETag',
};

/** How long the queues' summaries are kept for the banner: a page polled by every customer must not fit a trend each time. */
const LAG_EVERY_MS = 5_000;
const lagKept = new WeakMap<CutoverMetrics, { at: number; lag: LagSummary[] }>();

/** The queues' summaries while a drain step is under way (its end is theirs, customerEnd); none otherwise. */
function drainLag(metrics: CutoverMetrics, state: CutoverState, t: number): LagSummary[] {
  if (!drainUnderWay(state)) return [];
  const kept = lagKept.get(metrics);
  if (kept && t >= kept.at && t - kept.at < LAG_EVERY_MS) return kept.lag;
  const lag = metrics.lagSummaries(t);
  lagKept.set(metrics, { at: t, lag });
  return lag;
}

export function serveBanner(req: IncomingMessage, res: ServerResponse, path: string, registry: CutoverRegistry, now: () => number): boolean {
  const isScript = path === '/banner.js';
  const match = BANNER_PATH.exec(path);
  if (!isScript && !match) return false;
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { ...CORS, 'access-control-max-age': '86400' }).end();
    return true;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD, OPTIONS' }).end();
    return true;
  }
  const [body, type, etag, maxAge] = isScript
    ? [BANNER_SCRIPT, 'text/javascript; charset=utf-8', SCRIPT_ETAG, 300]
    : (() => {
        // As stored: a command still being written, or refused, is not told to customers.
        const cutover = registry.get(match![1]!);
        const state = cutover?.runtime.durable;
        const t = now();
        const view = cutover && state ? bannerView(state, t, drainLag(cutover.metrics, state, t)) : NO_BANNER;
        const json = JSON.stringify(view);
        return [json, 'application/json', `"${createHash('sha256').update(json).digest('hex').slice(0, 16)}"`, 5] as const;
      })();
  const headers = { ...CORS, 'content-type': type, etag, 'cache-control': `public, max-age=${maxAge}`, 'x-content-type-options': 'nosniff' };
  if (req.headers['if-none-match'] === etag) res.writeHead(304, headers).end();
  else res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : body);
  return true;
}

import { createHash } from 'node:crypto';
import { POSTMORTEM_STYLE } from '../../../shared/postmortem/html';

/*
 * The one inline stylesheet the web client's CSP allows: the postmortem preview's. The preview
 * is an iframe of the page's own making (srcdoc), and such a frame inherits the page's policy,
 * where style-src 'self' refused its <style> (unstyled, and an error in the console at each
 * look). Allowed by its hash, that stylesheet and no other may apply; both the page's meta tag
 * (vite.config.ts) and the hub's header (staticFiles.ts) name it.
 */
export const PREVIEW_STYLE_SOURCE = `'sha256-${createHash('sha256').update(POSTMORTEM_STYLE).digest('base64')}'`;

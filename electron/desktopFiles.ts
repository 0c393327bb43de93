import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, session, type Session } from 'electron';
import type { DesktopFiles } from './archives';

/*
 * The Electron side of the archive channels, kept this thin: dialogs parented to the
 * focused window, and HTML printed to PDF in a hidden window. What to do with them is in
 * archives.ts, tested in Node with these faked.
 */

const PDF_TIMEOUT_MS = 30_000;

/**
 * Nothing but the page itself: no scripts (they are off anyway), no frames, no fetches;
 * inline styles and data: images only, so a PDF is made offline and reveals nothing.
 */
const LOCKDOWN_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

export function electronDesktopFiles(): DesktopFiles {
  return {
    dialog: {
      showSaveDialog: (options) => {
        const parent = BrowserWindow.getFocusedWindow();
        return parent ? dialog.showSaveDialog(parent, options) : dialog.showSaveDialog(options);
      },
      showOpenDialog: (options) => {
        const parent = BrowserWindow.getFocusedWindow();
        return parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options);
      },
    },
    printToPdf: printHtmlToPdf,
    documentsDir: () => app.getPath('documents'),
  };
}

/** Pages the PDF session may load: the temporary file of each print under way. */
const printing = new Set<string>();
let pdfSession: Session | null = null;

/** One in-memory session for printing, refusing every request but the page being printed. */
function printSession(): Session {
  if (!pdfSession) {
    pdfSession = session.fromPartition('warroom-pdf', { cache: false });
    pdfSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !printing.has(details.url) && !details.url.startsWith('data:') }));
  }
  return pdfSession;
}

/** Renders the HTML in a hidden window (JavaScript disabled, no network) and prints it to PDF. */
export async function printHtmlToPdf(html: string): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'warroom-pdf-'));
  const file = join(dir, 'postmortem.html');
  const url = pathToFileURL(file).href;
  await writeFile(file, lockedDown(html), { mode: 0o600 });
  printing.add(url);
  const win = new BrowserWindow({
    show: false,
    width: 900,
    height: 1200,
    webPreferences: {
      session: printSession(),
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webgl: false,
      spellcheck: false,
    },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const print = win.loadFile(file).then(() => win.webContents.printToPDF({ pageSize: 'A4', printBackground: true }));
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`the page did not print within ${PDF_TIMEOUT_MS / 1000} seconds`)), PDF_TIMEOUT_MS);
    });
    return await Promise.race([print, timeout]);
  } finally {
    clearTimeout(timer);
    printing.delete(url);
    win.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The page with a Content-Security-Policy of its own, as the first thing in its head. */
function lockedDown(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${LOCKDOWN_CSP}">`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + meta + html.slice(head.index + head[0].length);
  return `<!doctype html><html><head><meta charset="utf-8">${meta}</head><body>${html}</body></html>`;
}

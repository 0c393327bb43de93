import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Where the built app's files are. This module is bundled into dist/electron/main.js,
 * so `import.meta.url` is that file and the renderer sits next to it in dist/renderer.
 */
const here = new URL('.', import.meta.url);

export function rendererIndexPath(): string {
  return fileURLToPath(new URL('../renderer/index.html', here));
}

/** The file URL our window loads: the only page allowed to navigate or call IPC. */
export function rendererIndexUrl(): string {
  return pathToFileURL(rendererIndexPath()).href;
}

export function preloadPath(): string {
  return fileURLToPath(new URL('preload.cjs', here));
}

/** The desktop's log file, in the user's data folder (logFile.ts). */
export function logFile(userData: string): string {
  return join(userData, 'logs', 'warroom.log');
}

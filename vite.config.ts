import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * How the web client's code names what it imports: the domain as `@shared` (tsconfig.json's
 * paths say the same to tsc), and zod through renderer/lib/zodUnderCsp.ts, which sets it up
 * for the page's CSP before any schema is built. The charts benchmark's page builds with these too.
 */
export const webAliases = [
  { find: /^zod$/, replacement: fromRoot('./renderer/lib/zodUnderCsp.ts') },
  { find: '@shared', replacement: fromRoot('./shared') },
];

// The renderer. Built output must obey the CSP in renderer/index.html: no inline scripts
// or styles, so nothing here may make vite inject any.
export default defineConfig({
  root: fromRoot('./renderer'),
  // Relative URLs: Electron loads the page from file://, the hub serves it at `/`.
  base: './',
  plugins: [react()],
  resolve: { alias: webAliases },
  build: {
    outDir: fromRoot('./dist/renderer'),
    emptyOutDir: true,
    // The polyfill is an inline <script>, which script-src 'self' would block.
    modulePreload: { polyfill: false },
    // Small assets would become data: URIs, which font-src 'self' would block.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});

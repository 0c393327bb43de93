import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { PREVIEW_STYLE_SOURCE } from './electron/hub/transport/previewStyle';

const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const SHARED = fromRoot('./shared/');

/**
 * How the web client's code names what it imports: the domain as `@shared` (tsconfig.json's
 * paths say the same to tsc), and zod through renderer/lib/zodUnderCsp.ts, which sets it up
 * for the page's CSP before any schema is built. The charts benchmark's page builds with these too.
 */
export const webAliases = [
  { find: /^zod$/, replacement: fromRoot('./renderer/lib/zodUnderCsp.ts') },
  { find: '@shared', replacement: fromRoot('./shared') },
];

/** The page's CSP allows the postmortem preview's stylesheet by its hash (previewStyle.ts), written in at build time. */
const previewStyleInCsp: Plugin = {
  name: 'warroom-preview-style-in-csp',
  transformIndexHtml: (html) => {
    if (!html.includes("style-src 'self';")) throw new Error("renderer/index.html: the CSP's style-src is not the one this plugin extends");
    return html.replace("style-src 'self';", `style-src 'self' ${PREVIEW_STYLE_SOURCE};`);
  },
};

/**
 * The screens' chunk (renderer/mount.tsx) is imported by the page's first script only after
 * that script has opened the hub connection (connection/connect.ts). Named in the page as a
 * modulepreload, it is fetched and compiled beside the first script instead of after it. So
 * is the review's (features/review), which runs only on that route: fetched with the page, a
 * page opened from a hub still opens a recorded night once the network has gone.
 */
const preloadScreens: Plugin = {
  name: 'warroom-preload-screens',
  transformIndexHtml: {
    order: 'post',
    handler: (html, ctx) => {
      if (!ctx.bundle) return html; // the dev server: nothing is bundled
      const chunks = Object.values(ctx.bundle).filter((c) => c.type === 'chunk');
      const entryOf = (module: string) => {
        const chunk = chunks.find((c) => c.facadeModuleId?.endsWith(module));
        if (!chunk) throw new Error(`vite.config.ts: no chunk for ${module}`);
        return chunk;
      };
      const files = new Set<string>();
      const add = (file: string) => {
        if (files.has(file)) return;
        files.add(file);
        const chunk = chunks.find((c) => c.fileName === file);
        chunk?.imports.forEach(add);
      };
      add(entryOf('/renderer/mount.tsx').fileName);
      add(entryOf('/renderer/features/review/index.ts').fileName);
      const links = [...files].filter((f) => !html.includes(`./${f}"`)).map((f) => `<link rel="modulepreload" crossorigin href="./${f}">`);
      return html.replace('</head>', `  ${links.join('\n    ')}\n  </head>`);
    },
  },
};

// The renderer. Built output must obey the CSP in renderer/index.html: no inline scripts
// or styles, so nothing here may make vite inject any.
export default defineConfig({
  root: fromRoot('./renderer'),
  // Relative URLs: Electron loads the page from file://, the hub serves it at `/`.
  base: './',
  plugins: [react(), previewStyleInCsp, preloadScreens],
  resolve: { alias: webAliases },
  build: {
    outDir: fromRoot('./dist/renderer'),
    emptyOutDir: true,
    // The polyfill is an inline <script>, which script-src 'self' would block.
    modulePreload: { polyfill: false },
    // Small assets would become data: URIs, which font-src 'self' would block.
    assetsInlineLimit: 0,
    sourcemap: true,
    rollupOptions: {
      // The domain's modules only declare (test/unit/architecture/noImportEffects.test.ts
      // keeps it so): one of them is bundled only for what the page uses of it. Otherwise a
      // barrel brought all of its modules: the hub's deciding of commands came with the
      // reducer and the YAML reader with the runbook's helpers, 62 of the 684 KB the page
      // loaded to open a night (test/unit/renderer/loadPath.test.ts).
      treeshake: { moduleSideEffects: (id: string) => !id.startsWith(SHARED) },
    },
  },
});

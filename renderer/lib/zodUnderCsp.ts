// eslint-disable-next-line no-restricted-imports -- the one module that imports zod by path: 'zod' itself is aliased here
import { z } from 'zod/v4';

/*
 * zod, as the web client's code imports it. zod probes for eval to speed up parsing, the
 * first time it builds an object schema; the page's CSP forbids eval (script-src 'self'), so
 * the probe is refused and the refusal is an error in the console of whoever is on the night.
 * Every `import … from 'zod'` in the web build comes here (vite.config.ts, webAliases), so
 * this runs before any schema is built, whichever chunk the bundler puts the schemas in: an
 * import of this file at the top of the page's entry did not, as the schemas' chunk ran first.
 */
z.config({ jitless: true });

// eslint-disable-next-line no-restricted-imports -- as above
export * from 'zod/v4';
export { z, z as default };

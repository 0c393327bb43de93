import { z } from 'zod';

// zod probes for eval to speed up parsing; the CSP forbids it (script-src 'self'), so the
// probe only logs a violation. Parse without it. Imported first by every page's entry.
z.config({ jitless: true });

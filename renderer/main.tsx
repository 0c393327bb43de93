import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './App';

// zod probes for eval to speed up parsing; the CSP forbids it (script-src 'self'), so the
// probe only logs a violation. Parse without it.
z.config({ jitless: true });

const container = document.getElementById('root');
if (!container) throw new Error('renderer/index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

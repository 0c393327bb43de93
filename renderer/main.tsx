import { connectEarly } from './connection/connect';

// The connection first, then the screens: their code is most of the page's, and the night
// is on its way while it is read (connection/connect.ts).
connectEarly();
void import('./mount');

import { connectEarly } from './connection/connect';

// The connection first, then the screens: their code is most of the page's, and the night
// is on its way while it is read (connection/connect.ts).
try {
  connectEarly();
} catch (e) {
  // The page still loads: the screen opens the connection itself, and says what went wrong.
  console.error(e);
}
void import('./mount');

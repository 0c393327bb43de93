import { connectEarly } from './connection/connect';
// Not through features/start's index, which would bring the start screens, and React, into
// this first script.
import { checkInviteEarly } from './features/start/earlyInviteCheck';

// The connection and the link's check first, then the screens: their code is most of the
// page's, and the night is on its way while it is read (connection/connect.ts).
for (const early of [connectEarly, checkInviteEarly]) {
  try {
    early();
  } catch (e) {
    // The page still loads: the screen asks again itself, and says what went wrong.
    console.error(e);
  }
}
void import('./mount');

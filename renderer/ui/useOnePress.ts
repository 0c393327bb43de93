import { useCallback, useRef, useState, type MouseEvent } from 'react';

/** What a press does: a command's promise keeps the button pressed until the hub has answered. */
type Work = () => unknown;

/**
 * For a button that sends a command in one click: a double click sends it once, and nothing
 * more goes while it is on its way. The second click of a double click sent it again, and the
 * hub's refusal of that one ("The cutover is already in progress") showed right after the first
 * had worked, as if it had not. `pending` is for the button's `disabled`.
 */
export function useOnePress(): { pending: boolean; press: (work: Work) => (e: MouseEvent) => void } {
  const [pending, setPending] = useState(false);
  // Set at once, not at the next drawing: a click that lands before React has drawn the button
  // disabled must find it taken.
  const busy = useRef(false);
  const press = useCallback(
    (work: Work) => (e: MouseEvent) => {
      if (e.detail > 1 || busy.current) return;
      const result = work();
      if (!(result instanceof Promise)) return;
      busy.current = true;
      setPending(true);
      const done = () => {
        busy.current = false;
        setPending(false);
      };
      result.then(done, done);
    },
    [],
  );
  return { pending, press };
}

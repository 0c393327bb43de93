import { useCallback, useEffect, useRef } from 'react';
import { dialogOpen } from './keys';

/** Long enough for the second press of a double Enter, short of a deliberate one. */
const SETTLE_MS = 500;

/**
 * Whether a key press comes hard on one a dialog took: the second Enter of a double press
 * whose first sent a prompt (a step's note, a reason). With the prompt gone it reaches the
 * page, where the runbook would take it as Enter on the selected step and start or complete
 * it, a step nobody looked at again. The keys a dialog takes are seen on the way in (capture),
 * before the dialog's own handler closes it.
 */
export function useSoonAfterDialog(): (e: KeyboardEvent) => boolean {
  const last = useRef(Number.NEGATIVE_INFINITY);
  useEffect(() => {
    const mark = (e: KeyboardEvent) => {
      if (dialogOpen()) last.current = e.timeStamp;
    };
    window.addEventListener('keydown', mark, { capture: true });
    return () => window.removeEventListener('keydown', mark, { capture: true });
  }, []);
  return useCallback((e: KeyboardEvent) => e.timeStamp - last.current < SETTLE_MS, []);
}

import type { MouseEvent } from 'react';

/**
 * What a press on a dialog's backdrop does: closes it, but not on the second press of the
 * double-click that opened it (that press lands on the backdrop the first one drew), and not
 * while `keep` (something typed in it): a stray click beside a half-written reason would throw
 * the reason away. Cancel and Escape still close it.
 */
export const closeOnBackdrop =
  (onClose: () => void, keep = false) =>
  (e: MouseEvent): void => {
    if (e.detail > 1 || keep) return;
    onClose();
  };

/** True when a key press belongs to a text field, not to a shortcut. */
export function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
}

/** A modal dialog open on the page: while one is, every key is the dialog's. */
export function dialogOpen(): boolean {
  return document.querySelector('[aria-modal="true"]') !== null;
}

/** What Enter or Space presses when it has the focus. */
const PRESSABLE = 'button, a[href], summary, [role="button"], [role="tab"], [role="checkbox"], [role="switch"], [role="menuitem"]';

/**
 * Whether a key press is the page's to take as a single-key shortcut. Not when a field or an
 * open dialog has it, nor when a handler before this one took it, nor with a modifier, nor
 * Enter or Space on a focused button or link, which presses it: the runbook took such an
 * Enter as "start the selected step" in place of the press (the help's Close, a prompt's
 * Cancel), and the dialog stayed open over a step just started.
 */
export function isPageKey(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || isTyping(e) || dialogOpen()) return false;
  const pressing = (e.key === 'Enter' || e.key === ' ') && e.target instanceof Element && e.target.closest(PRESSABLE) !== null;
  return !pressing;
}

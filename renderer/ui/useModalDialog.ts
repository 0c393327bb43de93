import { useEffect, useRef, type RefObject } from 'react';

/**
 * What stays live behind an open dialog: the hub's refusals are drawn above the backdrop
 * (styles.css, .toasts), most often the answer to what was just done in the dialog, and are
 * read out and dismissed while it is still open.
 */
const STAYS_LIVE = '.toasts';

/** What Tab may land on; filtered further by `tabStops`. */
const FOCUSABLE = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, [tabindex], [contenteditable="true"]';

/** The dialogs open now, the newest last: only that one takes Tab and Escape. */
const open: HTMLElement[] = [];

/**
 * Makes a dialog modal for the keyboard as it is for the eye: Tab and Shift+Tab go round its
 * own controls, the page behind is inert (no focus, no clicks, not read out), and Escape still
 * closes it when the focus has fallen out of it (a click on the backdrop puts it on the page).
 * Without this, Tab went past the prompt's buttons to the header's "Abort…" and the rows' Done,
 * hidden behind the backdrop: Enter then pressed one, and Escape no longer closed the prompt.
 *
 * `onEscape` is for that fallback only: the dialog's own handler still takes the Escape
 * pressed inside it. Leave it out where the dialog listens on the window itself.
 */
export function useModalDialog(ref: RefObject<HTMLElement | null>, onEscape?: () => void): void {
  const escape = useRef(onEscape);
  escape.current = onEscape;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    open.push(dialog);
    const behind = new InertBehind(dialog);
    const onKey = (e: KeyboardEvent) => {
      if (open.at(-1) !== dialog) return;
      if (e.key === 'Tab') return keepTabInside(dialog, e);
      const target = e.target instanceof Element ? e.target : null;
      if (e.key === 'Escape' && !target?.closest('[aria-modal="true"]')) escape.current?.();
    };
    document.addEventListener('keydown', onKey, { capture: true });
    return () => {
      document.removeEventListener('keydown', onKey, { capture: true });
      behind.release();
      open.splice(open.indexOf(dialog), 1);
    };
  }, [ref]);
}

/** Tab from the last control goes to the first, Shift+Tab from the first to the last; from outside, in. */
function keepTabInside(dialog: HTMLElement, e: KeyboardEvent): void {
  const stops = tabStops(dialog);
  e.preventDefault();
  if (stops.length === 0) return dialog.focus();
  const at = stops.indexOf(document.activeElement as HTMLElement);
  const next = at === -1 ? (e.shiftKey ? stops.length - 1 : 0) : (at + (e.shiftKey ? -1 : 1) + stops.length) % stops.length;
  stops[next]!.focus();
}

/** The dialog's controls Tab stops at, in the page's order: shown, enabled, not taken out of the order. */
export function tabStops(dialog: HTMLElement): HTMLElement[] {
  return [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => el.tabIndex >= 0 && !el.matches(':disabled') && el.getClientRects().length > 0 && !el.closest('[inert]') && !radioSkipped(el),
  );
}

/** Tab stops once in a radio group: on its checked button when it has one. */
function radioSkipped(el: HTMLElement): boolean {
  if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || el.checked || !el.name) return false;
  const group = el.form ? el.form.elements.namedItem(el.name) : null;
  return group instanceof RadioNodeList && group.value !== '';
}

/**
 * Everything on the page but the dialog (and what stays live) made inert, and given back as it
 * was when the dialog closes: only what this dialog made inert is released, so a dialog opened
 * over another leaves the first one's page as it found it.
 */
class InertBehind {
  private made: HTMLElement[] = [];
  private readonly watch: MutationObserver;

  constructor(private readonly dialog: HTMLElement) {
    this.apply();
    // A refusal's toasts appear after the dialog opened, inside what it made inert: drawn
    // again around them, or the refusal could not be read out, copied or dismissed.
    this.watch = new MutationObserver(() => {
      if (this.liveOnes().some((k) => this.made.some((m) => m.contains(k)))) {
        this.undo();
        this.apply();
      }
    });
    this.watch.observe(document.body, { childList: true, subtree: true });
  }

  release(): void {
    this.watch.disconnect();
    this.undo();
  }

  private liveOnes(): HTMLElement[] {
    return [this.dialog, ...document.querySelectorAll<HTMLElement>(STAYS_LIVE)];
  }

  private apply(): void {
    const keep = this.liveOnes();
    const walk = (parent: Element) => {
      for (const child of parent.children) {
        if (!(child instanceof HTMLElement) || keep.includes(child) || child.inert) continue;
        if (keep.some((k) => child.contains(k))) walk(child);
        else {
          child.inert = true;
          this.made.push(child);
        }
      }
    };
    walk(document.body);
  }

  private undo(): void {
    for (const el of this.made) el.inert = false;
    this.made = [];
  }
}

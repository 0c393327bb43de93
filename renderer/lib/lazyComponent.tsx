import { Component as ReactComponent, lazy, Suspense, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { useCutover } from '../connection/cutoverStore';

/*
 * A component whose code is loaded from its own chunk of the build, the first time it is drawn
 * or once the page has a moment to spare (`preload`), whichever comes first. The cutover
 * screen's first view (header, runbook, timeline) should not wait for the code of what it
 * does not show (the charts above all, a third of the build): the browser parses and runs the
 * whole entry script before anything is drawn, and every part left out of it makes a join of
 * a busy night open sooner. The offline shell (public/sw.js) keeps these chunks too, so a
 * reload with no hub can still open them.
 */
export type LazyComponent<P> = ComponentType<P> & { preload: () => Promise<unknown> };

export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>, fallback: ReactNode = null): LazyComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = () => {
    loading ??= load().then(
      (c) => (loaded = c),
      (e: unknown) => {
        loading = null; // the hub was away: the next attempt fetches again
        throw e;
      },
    );
    return loading;
  };
  function Component(props: P) {
    // Once the code is here it is drawn at once, with no Suspense round: a tab or a dialog
    // opened after the page preloaded it shows in the same frame as the click. Decided once
    // per instance, so one drawn while loading keeps its place (and state) when it arrives.
    const [direct] = useState(() => loaded);
    // A fresh lazy wrapper per instance still drawing: one whose load failed is tried again.
    const [Lazy] = useState(() => lazy(async () => ({ default: await preload() })));
    if (direct) {
      const Loaded = direct;
      return <Loaded {...props} />;
    }
    return (
      <NotLoaded>
        <Suspense fallback={fallback}>
          <Lazy {...props} />
        </Suspense>
      </NotLoaded>
    );
  }
  return Object.assign(Component, { preload });
}

/** Its code could not be fetched (the hub went away before it was needed): said in place, not a blank page. */
class NotLoaded extends ReactComponent<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? (
      <p className="hint" role="status">
        This part of the page could not be loaded: the hub does not answer. Open it again once the hub is back.
      </p>
    ) : (
      this.props.children
    );
  }
}

/**
 * Loads these components' code once the page is live with the hub and idle: by the time
 * someone opens the tab or the dialog, it is there (and kept for a reload with no hub). Not
 * while catching up: the hub is still sending the night then, and the page still drawing it.
 */
export function usePreloadWhenIdle(...components: readonly (Pick<LazyComponent<object>, 'preload'> | false)[]): void {
  const live = useCutover((s) => s.status === 'live');
  const wanted = live ? components.filter((c) => c !== false) : [];
  const key = wanted.length;
  useEffect(() => {
    if (key === 0) return;
    const run = () => wanted.forEach((c) => void c.preload().catch(() => undefined));
    if (typeof requestIdleCallback !== 'function') {
      const timer = setTimeout(run, 200);
      return () => clearTimeout(timer);
    }
    const id = requestIdleCallback(run, { timeout: 5000 });
    return () => cancelIdleCallback(id);
    // Only how many there are to load matters: each preload runs once, whatever happens.
  }, [key]);
}

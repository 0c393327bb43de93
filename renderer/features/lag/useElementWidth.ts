import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * The content width of an element, in whole pixels, kept current with a ResizeObserver.
 * Charts need it twice (their own size, and how many points are worth drawing), so they
 * measure once here instead of wrapping recharts' ResponsiveContainer around a guess.
 */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(Math.floor(el.clientWidth));
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined) setWidth(Math.floor(w));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { usePlotArea } from 'recharts';

/*
 * The chart's time axis is ours: recharts' x axis counts brush slots (see timeAxis.ts), so the
 * layers that place things by time (lines, event marks, the ETA, the time labels) take the
 * times the chart shows from here and the plot's box from recharts.
 */

const Domain = createContext<readonly [number, number]>([0, 1]);

export type TimeScaleProps = { from: number; to: number; children: ReactNode };

/** Gives the layers inside it the times the chart shows, left edge to right. */
export function TimeScale({ from, to, children }: TimeScaleProps) {
  const domain = useMemo(() => [from, to] as const, [from, to]);
  return <Domain.Provider value={domain}>{children}</Domain.Provider>;
}

/** Pixels for a time on the plot; null until recharts has laid the plot out. */
export function useTimeX(): ((t: number) => number) | null {
  const [from, to] = useContext(Domain);
  const plot = usePlotArea();
  const left = plot?.x;
  const width = plot?.width;
  return useMemo(
    () => (left === undefined || width === undefined || !(to > from) ? null : (t: number) => left + ((t - from) / (to - from)) * width),
    [left, width, from, to],
  );
}

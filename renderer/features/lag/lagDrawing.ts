import { createContext } from 'react';

/**
 * How the lag charts draw. The screens always use the defaults; the chart benchmark
 * (bench/charts/main.tsx) provides the other settings to compare against, so the
 * components carry no props that only a benchmark sets.
 */
export type LagDrawing = {
  /** Draw every reading; off, lines are downsampled to the chart's width. */
  naive: boolean;
  /** Redraw a chart on every reading; off, when it moves by a pixel (see drawTime). */
  everyReading: boolean;
};

export const LagDrawingContext = createContext<LagDrawing>({ naive: false, everyReading: false });

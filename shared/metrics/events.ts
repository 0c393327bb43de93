import { z } from 'zod';
import { IdSchema } from '../cutover/schema';
import { AlertKindSchema, SeriesConfigSchema } from './schema';

/** Commands on the lag series of a cutover. Samples are not commands: they are stored apart. */
export const metricsCommandPayloads = {
  /** Adds a series, or replaces the one with the same id. */
  'series.define': z.object({ series: SeriesConfigSchema }),
  'series.remove': z.object({ seriesId: IdSchema }),
};

export const metricsEventPayloads = {
  'series.defined': z.object({ series: SeriesConfigSchema }),
  /** `name`: the series' name, for the record once it is gone (absent in older journals). */
  'series.removed': z.object({ seriesId: IdSchema, name: z.string().optional() }),
  /** The hub saw a line crossed: a threshold, "not draining", or a source going down or up. */
  'series.alerted': z.object({ seriesId: IdSchema, kind: AlertKindSchema, value: z.number().nullable(), message: z.string().max(500) }),
};

import { SourceError } from './source';
import { requireNumber } from './coerce';

/*
 * What Postgres and MySQL share: the first column of the first row is the reading.
 */

/** The first row's first column, as a number, or a sentence saying what came back instead. */
export function firstCell(rows: unknown): number {
  if (!Array.isArray(rows) || rows.length === 0) throw new SourceError('the query returned no rows');
  const row: unknown = rows[0];
  if (!Array.isArray(row) || row.length === 0) throw new SourceError('the query returned no columns');
  return requireNumber(row[0], 'the first column');
}

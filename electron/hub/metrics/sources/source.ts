import type { SourceConfig, SourceKind } from '@shared/metrics';

/** What a source may ask of the hub: its secrets by name. */
export type SourceContext = {
  /** The value of a hub secret, or undefined when the hub has none by that name. */
  secret: (name: string) => string | undefined;
};

/**
 * A live connection to one lag source. `read` answers one number or throws a
 * `SourceError`; the poller calls it at the series' interval with a signal that aborts at
 * the series' timeout. A source keeps its connection between reads and reconnects itself.
 */
export type Source = {
  read(signal: AbortSignal): Promise<number>;
  close(): Promise<void>;
};

export type SourceFactory<K extends SourceKind> = (config: Extract<SourceConfig, { kind: K }>, ctx: SourceContext) => Source;

/**
 * Why a read failed, in a sentence for the crew ("connection refused", "queue "alarms" not
 * found"). It never carries a secret: sources build it from the error's code and their own
 * words, never from a URL with a password in it.
 */
export class SourceError extends Error {
  override readonly name = 'SourceError';
}

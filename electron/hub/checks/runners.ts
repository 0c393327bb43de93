import { comparedSentence, compare, withinTolerance, type CheckConfig, type CheckSpec, type SqlSource } from '@shared/checks';
import { SourceError, type Source, type SourceContext } from '../metrics/sources/source';
import { httpCheck } from './httpCheck';

/** What one run read, and what it means. */
export type Reading = { pass: boolean; values: number[]; summary: string };

/** A check's connection(s), kept between runs. `run` reads or throws a `SourceError` sentence. */
export type CheckRunner = { run(signal: AbortSignal): Promise<Reading>; close(): Promise<void> };

/** Everything but a lag condition, which reads the hub's own series (scheduler.ts). */
export type ConnectedSpec = Exclude<CheckSpec, { kind: 'lag' }>;

/*
 * The client libraries load on first use, as the lag sources' do: a night with no SQL check
 * never loads pg or mysql2.
 */
function sqlSide(source: SqlSource, ctx: SourceContext, timeoutMs: number): Source {
  let live: Promise<Source> | null = null;
  const open = () =>
    source.kind === 'postgres'
      ? import('./postgresReadOnly').then((m) => m.postgresReadOnly(source, ctx, timeoutMs))
      : import('./mysqlReadOnly').then((m) => m.mysqlReadOnly(source, ctx, timeoutMs));
  return {
    async read(signal) {
      live ??= open();
      return (await live).read(signal);
    },
    async close() {
      const s = live;
      live = null;
      await (await s?.catch(() => null))?.close();
    },
  };
}

/** Which side failed, when there are two: "the second query: connection refused". */
const sided = (which: string, p: Promise<number>): Promise<number> =>
  p.catch((e: unknown) => {
    throw new SourceError(`${which}: ${e instanceof SourceError ? e.message : 'the read failed'}`);
  });

export function createRunner(config: CheckConfig & { spec: ConnectedSpec }, ctx: SourceContext): CheckRunner {
  const timeoutMs = config.timeoutSec * 1000;
  const spec = config.spec;
  switch (spec.kind) {
    case 'sql': {
      const first = sqlSide(spec.source, ctx, timeoutMs);
      const compared = spec.compare;
      if (compared.to === 'constant') {
        return {
          async run(signal) {
            const v = await first.read(signal);
            return { pass: compare(v, compared.op, compared.value), values: [v], summary: comparedSentence(v, compared.op, compared.value) };
          },
          close: () => first.close(),
        };
      }
      const second = sqlSide(compared.source, ctx, timeoutMs);
      return {
        async run(signal) {
          const [a, b] = await Promise.all([sided('the first query', first.read(signal)), sided('the second query', second.read(signal))]);
          const { pass, summary } = withinTolerance(a, b, compared.tolerance);
          return { pass, values: [a, b], summary };
        },
        close: async () => {
          await Promise.all([first.close(), second.close()]);
        },
      };
    }
    case 'http': {
      const http = httpCheck(spec, ctx);
      return {
        async run(signal) {
          const { status, value } = await http.read(signal);
          const statusOk = status === spec.status;
          const statusWords = statusOk ? `HTTP ${status}` : `HTTP ${status}, not ${spec.status}`;
          if (spec.compare === null || value === null) return { pass: statusOk, values: [status], summary: statusWords };
          const pass = statusOk && compare(value, spec.compare.op, spec.compare.value);
          return { pass, values: [status, value], summary: `${statusWords}; ${comparedSentence(value, spec.compare.op, spec.compare.value)}` };
        },
        close: () => http.close(),
      };
    }
    case 'prometheus': {
      let live: Promise<Source> | null = null;
      const { op, value } = spec.compare;
      return {
        async run(signal) {
          live ??= import('../metrics/sources/prometheus').then((m) => m.prometheusSource(spec.source, ctx));
          const v = await (await live).read(signal);
          return { pass: compare(v, op, value), values: [v], summary: comparedSentence(v, op, value) };
        },
        async close() {
          await (await live?.catch(() => null))?.close();
        },
      };
    }
  }
}

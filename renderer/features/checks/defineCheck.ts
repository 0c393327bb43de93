import { CheckConfigSchema, type CheckConfig, type CompareOp } from '@shared/checks';
import { idFromName } from '@shared/core/words';
import { formatIssues } from '@shared/cutover';

/*
 * The "Define a check" form as plain fields, and the check they make: pure, so the form's
 * sentences are tested without React. The hub decides the rest (a query that writes, a
 * secret named by an operator) and its refusal is shown as it comes.
 */

export type CheckShape = 'sql-compare' | 'sql-constant' | 'http' | 'prometheus' | 'lag';

export type CheckForm = {
  name: string;
  shape: CheckShape;
  dbKind: 'postgres' | 'mysql';
  url: string;
  secret: string;
  query: string;
  otherKind: 'postgres' | 'mysql';
  otherUrl: string;
  otherSecret: string;
  otherQuery: string;
  tolerance: string;
  op: CompareOp;
  value: string;
  status: string;
  pointer: string;
  seriesId: string;
  heldForMin: string;
  stepId: string;
  completes: 'auto' | 'person';
  intervalSec: string;
};

export const EMPTY_FORM: CheckForm = {
  name: '',
  shape: 'sql-compare',
  dbKind: 'postgres',
  url: '',
  secret: '',
  query: '',
  otherKind: 'postgres',
  otherUrl: '',
  otherSecret: '',
  otherQuery: '',
  tolerance: '0',
  op: 'below',
  value: '',
  status: '200',
  pointer: '',
  seriesId: '',
  heldForMin: '0',
  stepId: '',
  completes: 'person',
  intervalSec: '10',
};

/** "Orders row counts" → "orders-row-counts". */
const idFor = (name: string): string => idFromName(name) || 'check';

const secretOf = (s: string) => (s.trim() ? { passwordSecret: s.trim() } : {});

export function checkFromForm(f: CheckForm): { ok: true; check: CheckConfig } | { ok: false; error: string } {
  const constant = { to: 'constant' as const, op: f.op, value: Number(f.value) };
  const spec = (() => {
    switch (f.shape) {
      case 'sql-compare':
        return {
          kind: 'sql',
          source: { kind: f.dbKind, url: f.url, query: f.query, ...secretOf(f.secret) },
          compare: {
            to: 'query',
            source: { kind: f.otherKind, url: f.otherUrl, query: f.otherQuery, ...secretOf(f.otherSecret) },
            tolerance: Number(f.tolerance),
          },
        };
      case 'sql-constant':
        return { kind: 'sql', source: { kind: f.dbKind, url: f.url, query: f.query, ...secretOf(f.secret) }, compare: constant };
      case 'http':
        return {
          kind: 'http',
          source: { kind: 'http', url: f.url, pointer: f.pointer, ...(f.secret.trim() ? { headerSecrets: { authorization: f.secret.trim() } } : {}) },
          status: Number(f.status),
          compare: f.pointer.trim() ? constant : null,
        };
      case 'prometheus':
        return {
          kind: 'prometheus',
          source: { kind: 'prometheus', url: f.url, query: f.query, ...(f.secret.trim() ? { bearerSecret: f.secret.trim() } : {}) },
          compare: constant,
        };
      case 'lag':
        return {
          kind: 'lag',
          seriesId: f.seriesId,
          op: f.op === 'above' || f.op === 'at_least' ? 'above' : 'below',
          value: Number(f.value),
          heldForSec: Math.round(Number(f.heldForMin) * 60),
        };
    }
  })();
  if (f.value.trim() === '' && f.shape !== 'sql-compare' && !(f.shape === 'http' && !f.pointer.trim()))
    return { ok: false, error: 'Give the value to compare with' };
  const parsed = CheckConfigSchema.safeParse({
    id: idFor(f.name),
    name: f.name,
    intervalSec: Number(f.intervalSec),
    step: f.stepId ? { stepId: f.stepId, completes: f.completes } : null,
    spec,
  });
  return parsed.success ? { ok: true, check: parsed.data } : { ok: false, error: formatIssues(parsed.error) };
}

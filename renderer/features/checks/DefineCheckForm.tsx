import { useState, type FormEvent } from 'react';
import { OP_WORDS, type CompareOp } from '@shared/checks';
import { exampleChecksFor, exampleChecksSaid } from '@shared/runbook';
import { useCutover, useMyRole } from '../../connection/cutoverStore';
import { checkFromForm, EMPTY_FORM, type CheckForm, type CheckShape } from './defineCheck';

const SHAPES: Record<CheckShape, string> = {
  'sql-compare': 'SQL: one query against another (row counts on both sides)',
  'sql-constant': 'SQL: a query against a value',
  http: 'HTTP: a status code, and a JSON value',
  prometheus: 'Prometheus: an instant query against a value',
  lag: 'Lag: a series below or above a line, held for a while',
};

/**
 * Defining a check: its kind's fields, a step it verifies, and the template's examples for the
 * lead. `onDone` closes the form, with what adding the examples did when that closed it.
 */
export function DefineCheckForm({ onDone }: { onDone: (said?: string) => void }) {
  const send = useCutover((s) => s.send);
  const steps = useCutover((s) => s.state.steps);
  const phases = useCutover((s) => s.state.phases);
  const series = useCutover((s) => s.state.series);
  const role = useMyRole();
  const [f, setF] = useState<CheckForm>(EMPTY_FORM);
  const [error, setError] = useState<string | null>(null);
  const [addingExamples, setAddingExamples] = useState(false);
  const set =
    <K extends keyof CheckForm>(key: K) =>
    (e: { target: { value: string } }) =>
      setF({ ...f, [key]: e.target.value as CheckForm[K] });
  const verifiable = phases.flatMap((p) =>
    p.stepIds.flatMap((id) => (steps[id] && (steps[id].kind === 'verification' || steps[id].kind === 'gate') ? [steps[id]] : [])),
  );
  const sql = f.shape === 'sql-compare' || f.shape === 'sql-constant';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const made = checkFromForm(steps[f.stepId]?.kind === 'gate' ? { ...f, completes: 'person' } : f);
    if (!made.ok) return setError(made.error);
    setError(null);
    if (await send('check.define', { check: made.check, adding: true })) onDone();
  };
  const addExamples = async () => {
    if (addingExamples) return; // a double click adds them once
    setAddingExamples(true);
    // Only adding: a check already set up under an example's id is kept as the lead left it,
    // and the hub refuses one someone else set up meanwhile.
    const examples = exampleChecksFor(useCutover.getState().state);
    let added = 0;
    for (const check of examples.add) if (await send('check.define', { check, adding: true })) added++;
    onDone(exampleChecksSaid(added, examples));
  };

  return (
    <form className="check-form" onSubmit={(e) => void submit(e)} aria-label="Define a check">
      <label>
        Name <input value={f.name} onChange={set('name')} placeholder="orders: same row count on both sides" required />
      </label>
      <label>
        Kind
        <select value={f.shape} onChange={set('shape')}>
          {Object.entries(SHAPES).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {sql && (
        <label>
          Database
          <select value={f.dbKind} onChange={set('dbKind')}>
            <option value="postgres">PostgreSQL</option>
            <option value="mysql">MySQL / MariaDB</option>
          </select>
        </label>
      )}
      {f.shape !== 'lag' && (
        <>
          <label>
            URL <input value={f.url} onChange={set('url')} placeholder={sql ? 'postgres://user@old-db:5432/app' : 'https://…'} />
          </label>
          <label>
            {f.shape === 'http' ? 'Authorization header secret' : f.shape === 'prometheus' ? 'Bearer token secret' : 'Password secret'} (name, optional)
            <input value={f.secret} onChange={set('secret')} />
          </label>
        </>
      )}
      {(sql || f.shape === 'prometheus') && (
        <label>
          {sql ? 'Query (one SELECT, returns one number)' : 'Query'} <textarea value={f.query} onChange={set('query')} rows={2} />
        </label>
      )}
      {f.shape === 'sql-compare' && (
        <fieldset>
          <legend>Compared with</legend>
          <label>
            Database
            <select value={f.otherKind} onChange={set('otherKind')}>
              <option value="postgres">PostgreSQL</option>
              <option value="mysql">MySQL / MariaDB</option>
            </select>
          </label>
          <label>
            URL <input value={f.otherUrl} onChange={set('otherUrl')} placeholder="postgres://user@new-db:5432/app" />
          </label>
          <label>
            Password secret (name, optional) <input value={f.otherSecret} onChange={set('otherSecret')} />
          </label>
          <label>
            Query <textarea value={f.otherQuery} onChange={set('otherQuery')} rows={2} />
          </label>
          <label>
            Tolerance <input value={f.tolerance} onChange={set('tolerance')} inputMode="decimal" />
          </label>
        </fieldset>
      )}
      {f.shape === 'http' && (
        <>
          <label>
            Expected status <input value={f.status} onChange={set('status')} inputMode="numeric" />
          </label>
          <label>
            JSON path (optional) <input value={f.pointer} onChange={set('pointer')} placeholder="/replication/lagSeconds" />
          </label>
        </>
      )}
      {f.shape === 'lag' && (
        <>
          <label>
            Series
            <select value={f.seriesId} onChange={set('seriesId')}>
              <option value="">Choose…</option>
              {Object.values(series).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Held for (minutes) <input value={f.heldForMin} onChange={set('heldForMin')} inputMode="decimal" />
          </label>
        </>
      )}
      {f.shape !== 'sql-compare' && (
        <label>
          Passes when the value is
          <select value={f.op} onChange={set('op')}>
            {(f.shape === 'lag' ? (['below', 'above'] as CompareOp[]) : (Object.keys(OP_WORDS) as CompareOp[])).map((op) => (
              <option key={op} value={op}>
                {OP_WORDS[op].is}
              </option>
            ))}
          </select>
          <input value={f.value} onChange={set('value')} inputMode="decimal" aria-label="Value" />
        </label>
      )}
      <label>
        Verifies step
        <select value={f.stepId} onChange={set('stepId')}>
          <option value="">None</option>
          {verifiable.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
      </label>
      {/* A gate passes only by the approver's GO; its checks are weighed there (shared/polls/against.ts). */}
      {f.stepId && steps[f.stepId]?.kind === 'gate' && (
        <p className="hint" data-testid="check-gate-hint">
          A gate completes only through the approver’s GO: while this check does not pass, a GO needs an override reason.
        </p>
      )}
      {f.stepId && steps[f.stepId]?.kind !== 'gate' && (
        <label>
          The step
          <select value={f.completes} onChange={set('completes')}>
            <option value="person">needs a person (not while the check fails, unless forced)</option>
            <option value="auto">completes when the check passes</option>
          </select>
        </label>
      )}
      <label>
        Run every (seconds, while a poll or a running step needs it) <input value={f.intervalSec} onChange={set('intervalSec')} inputMode="numeric" />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary">
          Save check
        </button>
        <button type="button" onClick={() => onDone()}>
          Cancel
        </button>
        {role === 'lead' && (
          <button
            type="button"
            onClick={() => void addExamples()}
            disabled={addingExamples}
            title="Row counts, sequences above the max id, replication caught up: to be pointed at real connections"
          >
            Add the template’s example checks
          </button>
        )}
      </div>
    </form>
  );
}

import { SeriesUnitSchema, type SeriesUnit } from '@shared/metrics';
import { FieldIssue } from './FieldIssue';
import type { FormIssue } from './formIssues';
import { withId, withName, type SeriesForm } from './seriesForm';

type SeriesFieldsProps = {
  form: SeriesForm;
  update: (change: (f: SeriesForm) => SeriesForm) => void;
  issue: FormIssue | null;
};

const UNITS: Record<SeriesUnit, string> = { count: 'Count (messages, rows)', seconds: 'Seconds (lag behind)', bytes: 'Bytes' };

type NumberKey = 'intervalSec' | 'timeoutSec' | 'warning' | 'critical' | 'normal';
const NUMBERS: { key: NumberKey; label: string; placeholder: string; testid?: string; title?: string }[] = [
  { key: 'intervalSec', label: 'Read every (s)', placeholder: '5' },
  { key: 'timeoutSec', label: 'Timeout (s)', placeholder: '5' },
  { key: 'warning', label: 'Warning at (optional)', placeholder: 'none', testid: 'series-warning' },
  { key: 'critical', label: 'Critical at (optional)', placeholder: 'none', testid: 'series-critical' },
  {
    key: 'normal',
    label: 'Normal depth (optional)',
    placeholder: 'learned',
    testid: 'series-normal',
    // Why it matters: within it no trend raises an alert, and back within it is "caught up".
    title:
      'Where it runs when all is well: 400 (0 to 400) or 200–400. Left empty, it is learned from the readings before processing stops. Within it no trend raises an alert; back within it is caught up.',
  },
];

/** Push is never read, so it has no interval or timeout; the demo makes values up, so no timeout. */
const appliesTo = (key: NumberKey, f: SeriesForm) =>
  !((f.kind === 'push' && (key === 'intervalSec' || key === 'timeoutSec')) || (f.kind === 'simulated' && key === 'timeoutSec'));

/** What the series is called, how it reads, and where its lines are. */
export function SeriesFields({ form, update, issue }: SeriesFieldsProps) {
  const invalid = (field: string) => issue?.field === field;
  const numbers = NUMBERS.filter((n) => appliesTo(n.key, form));
  return (
    <fieldset className="series-section">
      <legend>Series</legend>
      <div className="row">
        <div className="field series-field--wide">
          <label htmlFor="series-name">Name</label>
          <input
            id="series-name"
            data-testid="series-name"
            value={form.name}
            autoFocus
            autoComplete="off"
            aria-invalid={invalid('name')}
            placeholder="Replica lag"
            onChange={(e) => update((f) => withName(f, e.target.value))}
          />
          <FieldIssue issue={issue} field="name" />
        </div>
        <div className="field">
          <label htmlFor="series-id">Id</label>
          {form.mode === 'add' ? (
            <input
              id="series-id"
              data-testid="series-id"
              className="series-code"
              value={form.id}
              maxLength={64}
              spellCheck={false}
              autoComplete="off"
              aria-invalid={invalid('id')}
              onChange={(e) => update((f) => withId(f, e.target.value))}
            />
          ) : (
            <code id="series-id" className="series-id-fixed" title="An id cannot change once the series exists">
              {form.id}
            </code>
          )}
          <FieldIssue issue={issue} field="id" />
        </div>
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="series-unit">Unit</label>
          <select id="series-unit" data-testid="series-unit" value={form.unit} onChange={(e) => update((f) => ({ ...f, unit: e.target.value as SeriesUnit }))}>
            {SeriesUnitSchema.options.map((u) => (
              <option key={u} value={u}>
                {UNITS[u]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="series-group">Group (optional)</label>
          <input
            id="series-group"
            data-testid="series-group"
            value={form.group}
            maxLength={80}
            autoComplete="off"
            placeholder="Charts in a group share a panel"
            onChange={(e) => update((f) => ({ ...f, group: e.target.value }))}
          />
          <FieldIssue issue={issue} field="group" />
        </div>
      </div>
      <div className="row series-numbers">
        {numbers.map((n) => (
          <div key={n.key} className="field">
            <label htmlFor={`series-${n.key}`}>{n.label}</label>
            <input
              id={`series-${n.key}`}
              data-testid={n.testid ?? `series-${n.key}`}
              inputMode={n.key === 'normal' ? 'text' : 'decimal'}
              title={n.title}
              autoComplete="off"
              value={form[n.key]}
              placeholder={n.placeholder}
              aria-invalid={invalid(n.key)}
              onChange={(e) => update((f) => ({ ...f, [n.key]: e.target.value }))}
            />
          </div>
        ))}
      </div>
      {numbers.map((n) => (
        <FieldIssue key={n.key} issue={issue} field={n.key} />
      ))}
    </fieldset>
  );
}

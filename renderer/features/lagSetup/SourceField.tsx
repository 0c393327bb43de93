import { PASSWORD_IN_URL, urlHasPassword, type FormIssue } from './formIssues';
import { FieldIssue } from './FieldIssue';
import type { FieldSpec, Option } from './sourceKinds';

type SourceFieldProps = {
  spec: FieldSpec;
  value: string;
  onChange: (value: string) => void;
  issue: FormIssue | null;
  /** Runbook steps, for the demo's "builds up from step" selects. */
  steps: readonly Option[];
};

/** One input of a source, drawn from its row in the field table. */
export function SourceField({ spec, value, onChange, issue, steps }: SourceFieldProps) {
  const field = `source.${spec.key}`;
  const id = `series-field-${spec.key}`;
  const common = {
    id,
    value,
    'data-testid': id,
    'aria-invalid': issue?.field === field,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
  };
  const passwordInUrl = spec.credentialsInUrl === true && urlHasPassword(value) && issue?.field !== field;
  let input;
  if (spec.type === 'select' || spec.type === 'step') {
    const options = spec.type === 'step' ? [{ value: '', label: 'None' }, ...steps] : (spec.options ?? []);
    input = (
      <select {...common}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (spec.type === 'multiline' || spec.type === 'pairs') {
    input = <textarea {...common} rows={spec.type === 'pairs' ? 2 : 3} placeholder={spec.placeholder} spellCheck={false} className="series-code" />;
  } else {
    input = (
      <input
        {...common}
        type="text"
        inputMode={spec.type === 'number' ? 'decimal' : spec.type === 'url' ? 'url' : 'text'}
        placeholder={spec.placeholder}
        spellCheck={false}
        autoComplete="off"
        className={spec.type === 'url' ? 'series-code' : undefined}
      />
    );
  }
  return (
    <div className={`field series-field series-field--${spec.type}${spec.half ? ' series-field--half' : ''}`}>
      <label htmlFor={id}>{spec.label}</label>
      {input}
      {spec.hint && <p className="hint">{spec.hint}</p>}
      {passwordInUrl && (
        <p className="series-warn" role="alert">
          {PASSWORD_IN_URL}
        </p>
      )}
      <FieldIssue issue={issue} field={field} />
    </div>
  );
}

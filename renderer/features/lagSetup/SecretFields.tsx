import { FieldIssue } from './FieldIssue';
import type { FormIssue } from './formIssues';
import { SourceField } from './SourceField';
import { fieldValue, type KindValues } from './sourceForm';
import type { SecretGroup, SecretSpec } from './sourceKinds';

export type SecretInForm = { spec: SecretSpec; name: string; value: string };

type SecretFieldsProps = {
  group: SecretGroup;
  on: boolean;
  onToggle: (on: boolean) => void;
  values: KindValues;
  onValue: (key: string, value: string) => void;
  secrets: readonly SecretInForm[];
  onSecretValue: (key: string, value: string) => void;
  /** Names the hub holds a secret for (their values never reach a client). */
  stored: readonly string[];
  /** Only the lead may store a secret on the hub. */
  mayStore: boolean;
  issue: FormIssue | null;
};

function secretState(s: SecretInForm, stored: boolean, mayStore: boolean): string {
  const what = s.spec.label.toLowerCase();
  if (!mayStore) return stored ? 'stored ✓' : `Ask the lead to store the ${what} as ${s.name || '…'}`;
  if (s.value !== '') return stored ? 'Replaces the stored one when you save' : 'Stored on the hub when you save or test';
  return stored ? 'stored ✓' : `Not stored yet: type the ${what} to store it on the hub`;
}

/** A source's secrets: each a name the config carries and a value only the hub keeps. */
export function SecretFields({ group, on, onToggle, values, onValue, secrets, onSecretValue, stored, mayStore, issue }: SecretFieldsProps) {
  return (
    <fieldset className="series-secrets">
      <label className="toggle">
        <input type="checkbox" checked={on} onChange={(e) => onToggle(e.target.checked)} data-testid="series-secrets-on" /> {group.toggle}
      </label>
      {!on && <p className="hint">{group.offHint}</p>}
      {on &&
        group.fields?.map((f) => (
          <SourceField key={f.key} spec={f} value={fieldValue(values, f)} onChange={(v) => onValue(f.key, v)} issue={issue} steps={[]} />
        ))}
      {on &&
        secrets.map((s) => {
          const isStored = s.name !== '' && stored.includes(s.name);
          const nameId = `series-secret-${s.spec.key}`;
          return (
            <div key={s.spec.key} className="series-secret">
              <div className="row">
                <div className="field">
                  <label htmlFor={nameId}>{s.spec.label}: secret name</label>
                  <input
                    id={nameId}
                    data-testid={nameId}
                    className="series-code"
                    value={s.name}
                    spellCheck={false}
                    autoComplete="off"
                    onChange={(e) => onValue(s.spec.key, e.target.value)}
                  />
                </div>
                {mayStore && (
                  <div className="field">
                    <label htmlFor={`${nameId}-value`}>{s.spec.label}</label>
                    <input
                      id={`${nameId}-value`}
                      data-testid={`${nameId}-value`}
                      type="password"
                      autoComplete="new-password"
                      value={s.value}
                      placeholder={isStored ? 'Leave empty to keep the stored one' : ''}
                      onChange={(e) => onSecretValue(s.spec.key, e.target.value)}
                    />
                  </div>
                )}
              </div>
              <p className={isStored && s.value === '' ? 'series-stored' : 'hint'} data-testid={`${nameId}-state`}>
                {secretState(s, isStored, mayStore)}
              </p>
              <FieldIssue issue={issue} field={`source.${s.spec.key}`} />
            </div>
          );
        })}
    </fieldset>
  );
}

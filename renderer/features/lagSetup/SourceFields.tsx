import type { SourceKind } from '@shared/metrics';
import type { FormIssue } from './formIssues';
import { PushHelp } from './PushHelp';
import { SecretFields } from './SecretFields';
import { draftOf, secretsInForm, withDraft, withSecretValue, withValue, type SeriesForm } from './seriesForm';
import { SourceField } from './SourceField';
import { fieldValue } from './sourceForm';
import { KINDS, kindSpec, visibleFields, type Option } from './sourceKinds';

type SourceFieldsProps = {
  form: SeriesForm;
  update: (change: (f: SeriesForm) => SeriesForm) => void;
  issue: FormIssue | null;
  steps: readonly Option[];
  storedSecrets: readonly string[];
  mayStoreSecrets: boolean;
  hub: string;
  cutoverId: string;
};

/** Where the number comes from: the kind, then that kind's own fields and secrets. */
export function SourceFields({ form, update, issue, steps, storedSecrets, mayStoreSecrets, hub, cutoverId }: SourceFieldsProps) {
  const spec = kindSpec(form.kind);
  const draft = draftOf(form);
  return (
    <fieldset className="series-section">
      <legend>Source</legend>
      <div className="field">
        <label htmlFor="series-kind">Kind</label>
        <select id="series-kind" data-testid="series-kind" value={form.kind} onChange={(e) => update((f) => ({ ...f, kind: e.target.value as SourceKind }))}>
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </div>
      {form.kind === 'simulated' && (
        <p className="hint">A demo backlog the hub makes up: it builds while a step runs and drains after another is done. Not for a real night.</p>
      )}
      <div className="series-source-fields">
        {visibleFields(spec, draft.values).map((f) => (
          <SourceField
            key={`${form.kind}.${f.key}`}
            spec={f}
            value={fieldValue(draft.values, f)}
            onChange={(v) => update((g) => withValue(g, f.key, v))}
            issue={issue}
            steps={steps}
          />
        ))}
      </div>
      {spec.secrets && (
        <SecretFields
          key={form.kind}
          group={spec.secrets}
          on={draft.useSecrets}
          onToggle={(on) => update((f) => withDraft(f, { useSecrets: on }))}
          values={draft.values}
          onValue={(key, v) => update((f) => withValue(f, key, v))}
          secrets={secretsInForm(form)}
          onSecretValue={(key, v) => update((f) => withSecretValue(f, key, v))}
          stored={storedSecrets}
          mayStore={mayStoreSecrets}
          issue={issue}
        />
      )}
      {form.kind === 'push' && <PushHelp hub={hub} cutoverId={cutoverId} seriesId={form.id.trim()} />}
    </fieldset>
  );
}

import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { mayIssue } from '@shared/cutover';
import type { SeriesConfig } from '@shared/metrics';
import { useCutover, useMyRole } from '../../connection/cutoverStore';
import { ConnectionTest } from './ConnectionTest';
import { buildSeries, formFromSeries, newSeriesForm, sourceFromForm, typedSecrets, withoutSecretValues, type SeriesForm } from './seriesForm';
import { SeriesFields } from './SeriesFields';
import { probeSentence } from './seriesText';
import { SourceFields } from './SourceFields';
import { kindSpec, type Option } from './sourceKinds';
import { useHubUrl } from './useHubUrl';
import { useModalDialog } from '../../ui/useModalDialog';

type SeriesSetupDialogProps = {
  /** The series to edit; a new one is added when absent. */
  series?: SeriesConfig;
  onClose: () => void;
};

/** Which problems to show: none until the crew tries to test or save. */
type Checked = 'none' | 'source' | 'all';

/**
 * Adds or edits one lag series. Typed secret values go to the hub with `secret.set` (the
 * lead only) before the series, and leave the form the moment they are sent.
 */
export function SeriesSetupDialog({ series, onClose }: SeriesSetupDialogProps) {
  const send = useCutover((s) => s.send);
  const probe = useCutover((s) => s.probe);
  const seriesOrder = useCutover((s) => s.state.seriesOrder);
  const storedSecrets = useCutover((s) => s.state.secretNames);
  const phases = useCutover((s) => s.state.phases);
  const steps = useCutover((s) => s.state.steps);
  const cutoverId = useCutover((s) => s.state.info?.id ?? '');
  const mayStoreSecrets = mayIssue(useMyRole(), 'secret.set');
  const hub = useHubUrl();
  const dialog = useRef<HTMLFormElement>(null);

  const [form, setForm] = useState<SeriesForm>(() => (series ? formFromSeries(series) : newSeriesForm()));
  const [checked, setChecked] = useState<Checked>('none');
  const [sending, setSending] = useState(false);
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const update = (change: (f: SeriesForm) => SeriesForm) => {
    setForm(change);
    setResult(null);
  };

  const stepOptions = useMemo<Option[]>(
    () => phases.flatMap((p) => p.stepIds.flatMap((id) => (steps[id] ? [{ value: id, label: steps[id].title }] : []))),
    [phases, steps],
  );
  const built = buildSeries(form, seriesOrder);
  const source = sourceFromForm(form);
  const issue = checked === 'all' && !built.ok ? built.issue : checked === 'source' && !source.ok ? source.issue : null;

  /** Stores what was typed (lead only), then forgets it; false when the hub refused. */
  const storeTypedSecrets = async (): Promise<boolean> => {
    const typed = mayStoreSecrets ? typedSecrets(form) : [];
    if (typed.length === 0) return true;
    const sent = typed.map((s) => send('secret.set', s));
    setForm(withoutSecretValues);
    return (await Promise.all(sent)).every(Boolean);
  };

  const test = async () => {
    setChecked((c) => (c === 'all' ? c : 'source'));
    if (!source.ok) return;
    setTesting(true);
    setResult(null);
    try {
      if (!(await storeTypedSecrets())) return setResult({ ok: false, text: 'The hub did not store the secret, so the test did not run' });
      setResult(probeSentence(await probe(source.source)));
    } finally {
      setTesting(false);
    }
  };

  const save = async () => {
    setChecked('all');
    if (!built.ok || sending) return;
    setSending(true);
    try {
      if (!(await storeTypedSecrets())) return;
      if (await send('series.define', { series: built.series })) onClose();
    } finally {
      setSending(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      if (!sending) onClose();
    }
    // Enter in a text box is not "save": a half-filled series must not go out by accident.
    if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
  };

  // Escape with the focus fallen out of the form: as inside it, not while the series is on its way.
  useModalDialog(dialog, () => !sending && onClose());

  const title = series ? `Edit “${series.name}”` : 'Add a lag series';
  return (
    <div className="modal-backdrop">
      <form
        ref={dialog}
        className="modal series-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid="series-dialog"
        noValidate
        onKeyDown={onKeyDown}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2>{title}</h2>
        {/* What is typed once it is sent would go nowhere: the fields wait with it. */}
        <fieldset className="series-dialog__body" disabled={sending}>
          <SeriesFields form={form} update={update} issue={issue} />
          <SourceFields
            form={form}
            update={update}
            issue={issue}
            steps={stepOptions}
            storedSecrets={storedSecrets}
            mayStoreSecrets={mayStoreSecrets}
            hub={hub}
            cutoverId={cutoverId}
          />
        </fieldset>
        <div className="series-dialog__foot">
          <ConnectionTest polled={kindSpec(form.kind).polled} testing={testing} result={result} onTest={() => void test()} />
          {issue && !isShown(issue.field, form) && (
            <p className="error" role="alert">
              {issue.message}
            </p>
          )}
          {/* Sent is sent: with the link down it waits in this window and goes when the link is
              back. Cancel then would close the dialog over a series the hub still adds. */}
          {sending && (
            <p className="hint" role="status" data-testid="series-sending">
              Sent: the series is saved as soon as the hub has it.
            </p>
          )}
          <div className="modal__actions">
            <button type="button" onClick={onClose} disabled={sending}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={sending} data-testid="series-save">
              {sending ? 'Saving…' : series ? 'Save changes' : 'Add series'}
            </button>
          </div>
        </div>
      </form>
    </div>
  );
}

/** Whether an issue's field is on screen to carry it; if not, it is shown by the buttons. */
function isShown(field: string, form: SeriesForm): boolean {
  if (field === 'intervalSec' || field === 'timeoutSec') return form.kind !== 'push' && !(form.kind === 'simulated' && field === 'timeoutSec');
  if (!field.startsWith('source.')) return ['name', 'id', 'group', 'warning', 'critical'].includes(field);
  const spec = kindSpec(form.kind);
  const key = field.slice('source.'.length);
  return [...spec.fields, ...(spec.secrets?.fields ?? []), ...(spec.secrets?.secrets ?? [])].some((f) => f.key === key);
}

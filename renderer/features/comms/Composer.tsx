import { useEffect, useLayoutEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { BannerStateSchema, customerTimeZone, liveEnd, STATE_LABEL, templateVariables, type BannerState, type Destination } from '@shared/comms';
import { useCutover, useMyRole } from '../../connection/cutoverStore';
import { COMMS_FIELDS, useStateFor } from '../../connection/useStateFor';
import { useHubNow } from '../../lib/useNow';
import {
  decisionSuggestion,
  destinationOptions,
  findTemplate,
  senderStatus,
  setupHint,
  templateForStep,
  templateGroups,
  type TemplateEntry,
} from './commsView';
import { composeDraft, draftFrom, endNotYet, firstTemplateId, missingSentence, nightBannerState, type Draft } from './composerView';
import { useComposeRequest } from './composeRequest';
import { CompleteStepOffer } from './CompleteStepOffer';
import { DestinationPicker } from './DestinationPicker';
import { MessageText } from './MessageText';
import { SentUpdate } from './SentUpdate';
import { TemplatePicker } from './TemplatePicker';
import { useLagSummaries } from './useLagSummaries';

type ComposerProps = { entries: readonly TemplateEntry[] };

const REPLACE_EDITS = 'Replace the text you edited with this template?';

/**
 * Writes one update: a template filled with live values (re-filled every few seconds),
 * both texts editable, the destinations that are set up, one Send (Ctrl/Cmd+Enter).
 */
export function Composer({ entries }: ComposerProps) {
  const state = useStateFor(COMMS_FIELDS);
  const member = useCutover((s) => s.member);
  const send = useCutover((s) => s.send);
  const role = useMyRole();
  const now = useHubNow(5_000);
  const lag = useLagSummaries(now);
  const request = useComposeRequest((s) => s.request);
  const requestDone = useComposeRequest((s) => s.done);
  const message = useRef<HTMLTextAreaElement>(null);
  // After a request, into the message with the template's text drawn, at its end: what is
  // typed next belongs there. On the template list, typing picked another template by its
  // first letters and put that one's text in place of the step's.
  const [focusMessage, setFocusMessage] = useState(0);
  useLayoutEffect(() => {
    const el = message.current;
    if (focusMessage === 0 || !el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, [focusMessage]);

  const sender = senderStatus(state, member);
  const options = useMemo(() => destinationOptions(state.comms.config), [state.comms.config]);
  const enabled = options.filter((o) => o.enabled).map((o) => o.destination);
  const groups = useMemo(() => templateGroups(entries), [entries]);
  const fresh = (templateId: string | null): Draft => draftFrom(findTemplate(entries, templateId), enabled, nightBannerState(state));
  const [draft, setDraft] = useState<Draft>(() => fresh(firstTemplateId(state)));
  const [sending, setSending] = useState(false);
  /**
   * The journal's seq when the last update was handed over, until the next one is begun: a
   * blank composer then is no mistake, and what it says of that update is what the outbox did.
   */
  const [sentSince, setSentSince] = useState<number | null>(null);
  /**
   * The comms step this update was composed for: once sent, the composer offers to tick it off.
   * Let go of when another template is picked by hand: that update is not the one the step
   * asked for, and the offer said the step's update was on its way when it had not been sent.
   */
  const [forStep, setForStep] = useState<string | null>(null);
  const [sentForStep, setSentForStep] = useState<{ stepId: string; update: string | null } | null>(null);

  const vars = useMemo(() => templateVariables({ state, now, lag }), [state, now, lag]);
  // Customers read every time in the one zone the lead set for them, as the banner adds its own.
  const bannerVars = useMemo(() => templateVariables({ state, now, lag, timeZone: customerTimeZone(state) }), [state, now, lag]);
  const composed = composeDraft({ ...draft, destinations: draft.destinations.filter((d) => enabled.includes(d)) }, vars, bannerVars);
  // The end the banner itself adds to this line, by the banner's own rule: the preview shows it too.
  // Projected once per change of the night, clock or line, not at every keystroke in the texts.
  const toBanner = draft.destinations.includes('banner');
  const addedEnd = useMemo(
    () => (toBanner ? liveEnd(state, now, { state: draft.state, ...(composed.bannerNamesEnd ? { bannerNamesEnd: true as const } : {}) }, lag).etaText : null),
    [toBanner, state, now, draft.state, composed.bannerNamesEnd, lag],
  );
  const template = findTemplate(entries, draft.templateId);
  // A draft nobody has typed in follows its template: saved anew meanwhile (a fixed customer
  // line), the old wording it was copied from would otherwise go out.
  useEffect(() => {
    if (!template || draft.edited || (draft.text === template.text && draft.bannerText === template.bannerText)) return;
    setDraft((d) => (d.edited || d.templateId !== template.id ? d : { ...d, text: template.text, bannerText: template.bannerText }));
  }, [template?.text, template?.bannerText]);
  const offered = sender.may ? decisionSuggestion(state, entries) : null;
  const suggestion = offered && offered.templateId !== draft.templateId ? offered : null;

  const pick = (templateId: string | null): boolean => {
    if (draft.edited && !window.confirm(REPLACE_EDITS)) return false;
    setDraft(fresh(templateId));
    setSentSince(null);
    return true;
  };
  /** A template picked by hand, in the list or from a suggestion: see forStep. */
  const pickByHand = (templateId: string | null) => {
    if (pick(templateId)) setForStep(null);
  };

  // "Compose update…" on a comms step, or "Tell everyone…" after a decision.
  useEffect(() => {
    if (!request) return;
    const step = request.stepId ? state.steps[request.stepId] : undefined;
    const templateId = request.templateId ?? (step ? templateForStep(step, entries) : null);
    if (pick(templateId)) {
      setForStep(step ? step.id : null);
      setFocusMessage((n) => n + 1);
    }
    requestDone(request.seq);
    // Only a new request acts: the draft and the night change all the time.
  }, [request]);

  const edit = (patch: Partial<Pick<Draft, 'text' | 'bannerText'>>) => {
    setDraft((d) => ({ ...d, ...patch, edited: true }));
    setSentSince(null);
  };
  const toggle = (d: Destination) =>
    setDraft((x) => ({ ...x, destinations: x.destinations.includes(d) ? x.destinations.filter((y) => y !== d) : [...x.destinations, d] }));

  const blocked = !sender.may || sending || composed.problems.length > 0;
  const notYet = endNotYet(state, draft.state);
  const submit = async () => {
    if (blocked) return;
    setSending(true);
    const shown = useCutover.getState().state;
    const since = shown.seq;
    const ok = await send('message.send', {
      ...(draft.templateId ? { templateId: draft.templateId } : {}),
      text: composed.text,
      bannerText: composed.bannerText,
      state: draft.state,
      destinations: draft.destinations.filter((d) => enabled.includes(d)),
      ...(composed.bannerNamesEnd ? { bannerNamesEnd: true } : {}),
      // As the template has it: a second send of it within the minute is the same update (the hub's twin rule).
      ...(draft.templateId && !draft.edited ? { unedited: true as const } : {}),
      // The newest update this screen shows: one someone else sends meanwhile (or while this
      // waits offline) would be overtaken by this, which the hub refuses instead.
      after: shown.messageOrder.at(-1) ?? null,
    });
    setSending(false);
    if (!ok) return;
    setDraft(fresh(null));
    setSentSince(since);
    setSentForStep(forStep ? { stepId: forStep, update: template?.title ?? null } : null);
    setForStep(null);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    }
  };

  return (
    // Sent only by the Send button or Ctrl/⌘+Enter. A plain Enter in a field or on a
    // destination's checkbox submits a form by itself (the browser's implicit submission, as
    // a click on its submit button): it posted to Slack and the customers by a slip.
    <form className="comms-composer" aria-label="Compose an update" onSubmit={ignoreImplicitSubmit} onKeyDown={onKeyDown}>
      {!sender.may && (
        <p className="comms-note" data-testid="comms-may-not-send">
          {sender.reason}
        </p>
      )}
      {suggestion && (
        <p className="comms-suggest">
          {suggestion.text}{' '}
          <button type="button" className="link" onClick={() => pickByHand(suggestion.templateId)}>
            Use “{findTemplate(entries, suggestion.templateId)?.title}”
          </button>
        </p>
      )}
      {forStep && state.steps[forStep] && (
        <p className="hint" data-testid="comms-for-step">
          For the step “{state.steps[forStep].title}”: once it is sent, you can mark the step done here. Another template is another update, not this step’s.
        </p>
      )}
      <fieldset className="comms-composer__body" disabled={!sender.may}>
        <div className="comms-composer__row">
          <TemplatePicker groups={groups} value={draft.templateId} onChange={pickByHand} />
          <label className="field comms-composer__state">
            <span>Banner state</span>
            <select value={draft.state} onChange={(e) => setDraft((d) => ({ ...d, state: e.target.value as BannerState }))}>
              {BannerStateSchema.options.map((s) => (
                <option key={s} value={s}>
                  {STATE_LABEL[s]}
                </option>
              ))}
            </select>
          </label>
        </div>
        {draft.edited && (
          <p className="hint comms-detached">
            {template ? `Edited: live values still fill in, but it no longer follows “${template.title}”.` : 'Your own text.'}
            {template && (
              <>
                {' '}
                <button type="button" className="link" onClick={() => setDraft(fresh(template.id))}>
                  Back to the template
                </button>
              </>
            )}
          </p>
        )}
        <label className="field">
          <span>
            Crew message <small>(Slack and the timeline)</small>
          </span>
          <textarea
            ref={message}
            rows={4}
            value={draft.text}
            onChange={(e) => edit({ text: e.target.value })}
            placeholder="What the crew needs to know; {{variables}} fill in"
          />
        </label>
        <div className="comms-preview" data-testid="comms-preview" aria-label="Crew message preview">
          {composed.preview.trim() ? <MessageText text={composed.preview} missing={composed.missing} /> : <span className="hint">The preview shows here.</span>}
        </div>
        <label className="field">
          <span>
            Customer banner line <small>(banner and status page)</small>
          </span>
          <textarea rows={2} value={draft.bannerText} onChange={(e) => edit({ bannerText: e.target.value })} placeholder="One calm line for customers" />
        </label>
        <div className="comms-preview comms-preview--banner" data-testid="comms-banner-preview" aria-label="Banner line preview">
          {composed.bannerText ? (
            <>
              <MessageText text={composed.bannerText} missing={composed.missing} />
              {/* What the banner adds, as customers will read it: the hub keeps it current. */}
              {addedEnd && <span className="comms-preview__added"> (expected to finish around {addedEnd})</span>}
            </>
          ) : (
            <span className="hint">Empty: write one to send to the banner or the status page (they never show the crew message).</span>
          )}
        </div>
        {composed.missing.length > 0 && (
          <ul className="comms-missing" aria-label="Unknown variables">
            {composed.missing.map((m) => (
              <li key={m}>{missingSentence(m)} It would be sent as written.</li>
            ))}
          </ul>
        )}
        {notYet && (
          <p className="comms-warning" role="status" data-testid="comms-not-yet">
            {notYet}
          </p>
        )}
        <DestinationPicker options={options} selected={draft.destinations} onToggle={toggle} setupHint={setupHint(options, role === 'lead')} />
        <div className="comms-composer__send">
          <button type="button" className="primary" data-testid="comms-send" disabled={blocked} onClick={() => void submit()}>
            {sending ? 'Sending…' : 'Send'}
          </button>
          <span className="hint">
            <kbd>Ctrl</kbd>/<kbd>⌘</kbd> + <kbd>Enter</kbd>
          </span>
          {sentSince === null && sender.may && composed.problems[0] && <span className="hint">{composed.problems[0]}</span>}
        </div>
        {sentSince !== null && <SentUpdate since={sentSince} />}
      </fieldset>
      {sentForStep && <CompleteStepOffer stepId={sentForStep.stepId} update={sentForStep.update} onDismiss={() => setSentForStep(null)} />}
    </form>
  );
}

const ignoreImplicitSubmit = (e: FormEvent) => e.preventDefault();

import { memo } from 'react';
import type { ActionItem } from '@shared/actions';
import { ponrCrossed, type StepState } from '@shared/cutover';
import { ROLLBACK_PHASE_ID } from '@shared/polls';
import { useCutover } from '../../connection/cutoverStore';
import { MadeItems } from '../actions';
import { StepChecks } from '../checks';
import { composeUpdate } from '../comms';
import { STATUS_LABEL } from './runbookView';
import { ACTION_LABEL, availableActions, type StepAction, type StepPermissions } from './stepActions';

export type StepRowProps = {
  step: StepState;
  planned: string;
  actual: string;
  slipMin: number;
  waitingOn: string;
  isNow: boolean;
  isMine: boolean;
  mayWork: boolean;
  ponrClosed: string | null;
  ponrAhead: string | null;
  /** Checks are bound to this step: only then is its check list drawn (it reads the store). */
  hasChecks: boolean;
  /** One of them does not pass: no plain Done (the check list offers Complete anyway…). */
  checksFail: boolean;
  mayOverride: boolean;
  selected: boolean;
  sending: boolean;
  may: StepPermissions;
  running: boolean;
  /** A step of the way forward while the night rolls back: its buttons are not the bright ones. */
  quiet: boolean;
  /** Action items made from this step. */
  made: readonly ActionItem[];
  onAction: (stepId: string, action: StepAction) => void;
  onSelect: (stepId: string) => void;
};

function slipText(slip: number, status: StepState['status']): { text: string; tone: string } | null {
  if (status === 'skipped') return null;
  if (slip > 0) return { text: `+${slip}m`, tone: slip >= 10 ? 'danger' : 'warn' };
  if (slip < 0 && (status === 'done' || status === 'in_progress')) return { text: `${slip}m`, tone: 'ok' };
  return null;
}

/**
 * A change of this window's on its way to the hub: "sending…", or "not confirmed" once the
 * hub refused the link (not "not sent": one in flight as the link went may have been stored) (an invite revoked while the change waited). It is kept under that link,
 * which is not let in again: this window does not send it. The banner says a change made here
 * may not have reached the hub (one in flight as the link went) and to look at the night
 * before doing it again. Only a row with a change waiting reads the connection.
 */
function SendingTag() {
  const refused = useCutover((s) => s.status === 'refused');
  return refused ? (
    <span
      className="sending"
      data-testid="not-sent"
      title="The hub refused this window’s link: this change is not sent from here, and the hub never confirmed it. Once you are back in, look at the night before doing it again."
    >
      not confirmed
    </span>
  ) : (
    <span className="sending" data-testid="sending">
      sending…
    </span>
  );
}

/** One step: its status in a word and an icon, owner, times, slip, what blocks it, and its controls. */
export const StepRow = memo(function StepRow(p: StepRowProps) {
  const { step } = p;
  const status = STATUS_LABEL[step.status];
  const slip = slipText(p.slipMin, step.status);
  const actions = availableActions(
    step,
    p.waitingOn !== '',
    { ...p.may, operate: p.mayWork },
    p.running,
    { closed: p.ponrClosed !== null, mayOverride: p.mayOverride, ahead: p.ponrAhead !== null },
    p.checksFail,
  );
  const classes = ['step', `step--${step.status}`, p.isNow && 'step--now', p.selected && 'step--selected', p.isMine && 'step--mine'].filter(Boolean).join(' ');
  return (
    // Any click in the row selects it, its buttons' too (caught on the way in: they and the
    // check list stop theirs from bubbling). Started by the mouse on one row while the
    // keyboard's selection sat on another, the next Enter completed that other step.
    <li
      className={classes}
      data-step-id={step.id}
      data-status={step.status}
      aria-current={p.isNow ? 'step' : undefined}
      onClickCapture={() => p.onSelect(step.id)}
    >
      <span className={`step__status step__status--${step.status}`} title={status.word}>
        <span aria-hidden="true">{status.icon}</span> {status.word}
      </span>
      <div className="step__main">
        <div className="step__title">
          {p.isNow && <span className="now-tag">NOW</span>}
          {step.title}
          {step.kind !== 'task' && <span className={`kind kind--${step.kind}`}>{step.kind}</span>}
          {step.pointOfNoReturn && <span className="kind kind--ponr">point of no return</span>}
          {p.sending && <SendingTag />}
        </div>
        <div className="step__meta">
          {step.owner && <span className="owner">{step.owner}</span>}
          <span title="planned">plan {p.planned}</span>
          <span title={step.startedAt ? 'actual' : 'projected'}>
            {step.startedAt ? 'actual' : 'now'} {p.actual}
          </span>
          {slip && <span className={`slip slip--${slip.tone}`}>{slip.text}</span>}
          {step.startedBy && <span className="who">by {step.endedBy ?? step.startedBy}</span>}
        </div>
        {step.phaseId === ROLLBACK_PHASE_ID && step.description && <div className="hint">{step.description}</div>}
        {p.waitingOn && <div className="step__waiting">Waiting on {p.waitingOn}</div>}
        {step.kind === 'gate' && step.status !== 'done' && <div className="hint">Completes when the approver records GO (Go/No-go tab).</div>}
        {p.hasChecks && <StepChecks step={step} mayWork={p.mayWork} />}
        {p.ponrClosed && p.running && (
          <div className="step__ponr" role="note">
            Point of no return: needs the approver’s GO ({p.ponrClosed}).
          </div>
        )}
        {step.statusReason && <div className="step__reason">{step.statusReason}</div>}
        {/* Offered nothing (stepActions): the lead reads why, and what to do instead. */}
        {p.may.lead && step.status === 'failed' && step.pointOfNoReturn && ponrCrossed(step) && (
          <div className="hint">The night has crossed this point of no return: it cannot be reopened. Add a step for what must be done again.</div>
        )}
        {step.forcedReason && <div className="step__reason">Started early: {step.forcedReason}</div>}
        {step.notes.length > 0 && (
          <ul className="step__notes">
            {step.notes.map((n) => (
              <li key={n.id}>
                <b>{n.by}</b> {n.text}
              </li>
            ))}
          </ul>
        )}
        <MadeItems items={p.made} />
      </div>
      <div className="step__actions">
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            className={(a === 'complete' || a === 'start') && !p.quiet ? 'primary' : a === 'fail' || a === 'override' ? 'danger' : ''}
            disabled={p.sending}
            onClick={(e) => {
              e.stopPropagation();
              // The second click of a double click lands on the button that took this one's
              // place once the first was in (Done where Start was): a slip, never an action.
              if (e.detail > 1) return;
              p.onAction(step.id, a === 'complete' && e.shiftKey ? 'completeWithNote' : a);
            }}
          >
            {ACTION_LABEL[a]}
          </button>
        ))}
        {step.kind === 'comms' && p.may.note && step.status !== 'skipped' && (
          <button
            type="button"
            data-testid="compose-update"
            onClick={(e) => {
              e.stopPropagation();
              composeUpdate({ stepId: step.id });
            }}
          >
            Compose update…
          </button>
        )}
      </div>
    </li>
  );
});

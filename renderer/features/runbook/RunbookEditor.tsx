import { useState } from 'react';
import { ponrRemovalRefusal, type CommandPayloadInput, type CommandType, type CutoverState, type StepState } from '@shared/cutover';
import { whyNotRemovable } from '@shared/steps';
import { REFUSED, useCutover } from '../../connection/cutoverStore';
import { ReasonPrompt, type PromptRequest } from '../../ui/ReasonPrompt';
import { changesOf, draftOf, KIND_WORDS, moveCommand, newStepCommand, newStepId, whyNotEditable, whyNotMovable } from './planEdits';
import { StepEditor } from './StepEditor';

type Editing = { kind: 'edit'; step: StepState } | { kind: 'add'; phaseId: string; phaseTitle: string };

/** Every step that transitively waits for `id`: choosing one of them as a dependency would close a circle. */
function waitingOn(state: CutoverState, id: string): Set<string> {
  const found = new Set<string>();
  const visit = (target: string) => {
    for (const s of Object.values(state.steps)) {
      if (!s.dependsOn.includes(target) || found.has(s.id)) continue;
      found.add(s.id);
      visit(s.id);
    }
  };
  visit(id);
  return found;
}

/**
 * The lead's runbook while editing: each step with Edit…, Up, Down and Remove…, and "Add a
 * step…" under each phase. Every change is a command the hub decides and an event on the
 * timeline; what has ended says why it is not offered.
 */
export function RunbookEditor({ state }: { state: CutoverState }) {
  const [editing, setEditing] = useState<Editing | null>(null);
  const [prompt, setPrompt] = useState<PromptRequest | null>(null);
  const request = useCutover((s) => s.request);
  const send = useCutover((s) => s.send);

  /** The hub's sentence when it refuses, for the editor to show beside the form. */
  const ask = async <T extends CommandType>(type: T, payload: CommandPayloadInput<T>): Promise<string | null> =>
    (await request(type, payload)) === REFUSED ? (useCutover.getState().refusals.at(-1)?.reason ?? 'The hub refused it') : null;

  const others = (id: string | null) => {
    const after = id ? waitingOn(state, id) : new Set<string>();
    return Object.values(state.steps).filter((s) => s.id !== id && !after.has(s.id));
  };

  return (
    <div className="runbook-editor" data-testid="runbook-editor">
      {state.phases.map((phase) => (
        <section key={phase.id} className="phase" aria-label={`${phase.title} (editing)`}>
          <h2 className="phase__title">{phase.title}</h2>
          <ol className="steps steps--editing">
            {phase.stepIds.map((id) => {
              const step = state.steps[id];
              if (!step) return null;
              const locked = whyNotEditable(step);
              const fixed = whyNotMovable(step);
              const up = fixed ? null : moveCommand(state, id, -1);
              const down = fixed ? null : moveCommand(state, id, 1);
              const notRemovable = whyNotRemovable(state, step);
              return (
                <li key={id} className={`step step--editing step--${step.status}`} data-step-id={id} data-status={step.status}>
                  <div className="step__main">
                    <div className="step__title">
                      {step.title}
                      {step.kind !== 'task' && <span className={`kind kind--${step.kind}`}>{KIND_WORDS[step.kind]}</span>}
                      {step.pointOfNoReturn && <span className="kind kind--ponr">point of no return</span>}
                    </div>
                    <div className="step__meta">
                      {step.owner && <span className="owner">{step.owner}</span>}
                      <span>{step.plannedDurationMin} min</span>
                      {locked && <span className="hint">{locked}</span>}
                      {!locked && fixed && <span className="hint">{fixed}</span>}
                    </div>
                  </div>
                  <div className="step__actions">
                    <button type="button" disabled={locked !== null} onClick={() => setEditing({ kind: 'edit', step })} aria-label={`Edit “${step.title}”`}>
                      Edit…
                    </button>
                    <button type="button" disabled={!up} onClick={() => up && void send('step.move', up)} aria-label={`Move “${step.title}” up`}>
                      ↑
                    </button>
                    <button type="button" disabled={!down} onClick={() => down && void send('step.move', down)} aria-label={`Move “${step.title}” down`}>
                      ↓
                    </button>
                    <button
                      type="button"
                      className="danger"
                      disabled={notRemovable !== null}
                      title={notRemovable ?? undefined}
                      aria-label={`Remove “${step.title}”`}
                      onClick={() =>
                        setPrompt({
                          title: `Remove “${step.title}”`,
                          intro: 'It leaves the runbook for everyone; the timeline keeps that it was removed, and by whom.',
                          label: null,
                          required: false,
                          confirm: 'Remove step',
                          danger: true,
                          onSubmit: () => void send('step.remove', { stepId: id }),
                        })
                      }
                    >
                      Remove…
                    </button>
                  </div>
                </li>
              );
            })}
          </ol>
          <button type="button" className="runbook-editor__add" onClick={() => setEditing({ kind: 'add', phaseId: phase.id, phaseTitle: phase.title })}>
            Add a step to {phase.title}…
          </button>
        </section>
      ))}
      {editing?.kind === 'edit' && (
        <StepEditor
          title={`Edit: ${editing.step.title}`}
          draft={draftOf(editing.step)}
          others={others(editing.step.id)}
          confirm="Save changes"
          ponrFixed={ponrRemovalRefusal(state, editing.step, { pointOfNoReturn: false })}
          onClose={() => setEditing(null)}
          onSave={async (d, minutes) => {
            const changes = changesOf(editing.step, d, minutes);
            return Object.keys(changes).length === 0 ? null : ask('step.edit', { stepId: editing.step.id, changes });
          }}
        />
      )}
      {editing?.kind === 'add' && (
        <StepEditor
          title={`Add a step to ${editing.phaseTitle}`}
          draft={draftOf(null)}
          others={others(null)}
          confirm="Add step"
          onClose={() => setEditing(null)}
          onSave={(d, minutes) => ask('step.add', newStepCommand(state, editing.phaseId, d, minutes, newStepId()))}
        />
      )}
      {prompt && <ReasonPrompt request={prompt} onClose={() => setPrompt(null)} />}
    </div>
  );
}

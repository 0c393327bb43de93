import type { CommandPayloadInput, CutoverState, StepEdit, StepKind, StepState } from '@shared/cutover';
import { parseDuration } from '@shared/runbook';

/*
 * The lead's edits to the plan during the night, as the editor words them. The hub decides
 * (shared/steps/decide.ts): these only shape commands and say beforehand what it would refuse.
 */

/** What the step editor holds: the fields a lead may change, as typed. */
export type StepDraft = {
  title: string;
  owner: string;
  /** As written: "15m", "1h30m" or a number of minutes. */
  duration: string;
  dependsOn: string[];
  kind: StepKind;
  rollbackNote: string;
  pointOfNoReturn: boolean;
};

export const KIND_WORDS: Record<StepKind, string> = {
  task: 'Task',
  verification: 'Verification',
  gate: 'Gate (the approver’s GO)',
  comms: 'Comms',
  checkpoint: 'Checkpoint',
};

const ENDED = new Set<StepState['status']>(['done', 'skipped', 'failed']);

/** Why a step cannot be rewritten now, or null: what has ended is the record of the night. */
export function whyNotEditable(step: StepState): string | null {
  return ENDED.has(step.status)
    ? `${step.status === 'done' ? 'Done' : step.status === 'skipped' ? 'Skipped' : 'Failed'}: a step that has ended is not rewritten`
    : null;
}

/** Why a step cannot be moved or removed now, or null: only a step not yet started can. */
export function whyNotMovable(step: StepState): string | null {
  return whyNotEditable(step) ?? (step.status === 'in_progress' ? 'In progress: only a step not yet started can be moved or removed' : null);
}

export const draftOf = (step: StepState | null): StepDraft => ({
  title: step?.title ?? '',
  owner: step?.owner ?? '',
  duration: step ? `${step.plannedDurationMin}m` : '15m',
  dependsOn: step ? [...step.dependsOn] : [],
  kind: step?.kind ?? 'task',
  rollbackNote: step?.rollbackNote ?? '',
  pointOfNoReturn: step?.pointOfNoReturn ?? false,
});

export type DraftReading = { ok: true; durationMin: number } | { ok: false; problem: string };

/** The draft's own problems, said in the form before anything is sent. */
export function readDraft(d: StepDraft): DraftReading {
  if (!d.title.trim()) return { ok: false, problem: 'A step needs a title' };
  const duration = /^\d+(\.\d+)?$/.test(d.duration.trim()) ? { ok: true as const, minutes: Number(d.duration) } : parseDuration(d.duration.trim());
  if (!duration.ok) return { ok: false, problem: duration.error };
  return { ok: true, durationMin: duration.minutes };
}

/** Only what changed, so the timeline and other windows see the edit for what it was. */
export function changesOf(step: StepState, d: StepDraft, durationMin: number): StepEdit {
  const next: StepEdit = {
    title: d.title.trim(),
    owner: d.owner.trim(),
    plannedDurationMin: durationMin,
    dependsOn: d.dependsOn,
    kind: d.kind,
    rollbackNote: d.rollbackNote.trim(),
    pointOfNoReturn: d.pointOfNoReturn,
  };
  const same = (k: keyof StepEdit) => JSON.stringify(next[k]) === JSON.stringify(step[k as keyof StepState]);
  return Object.fromEntries(Object.entries(next).filter(([k]) => !same(k as keyof StepEdit))) as StepEdit;
}

/**
 * A new step at the end of a phase: planned to start when the last thing it waits for ends
 * (or the phase's last step, or the window's start).
 */
export function newStepCommand(state: CutoverState, phaseId: string, d: StepDraft, durationMin: number, id: string): CommandPayloadInput<'step.add'> {
  const ends = d.dependsOn.map((dep) => state.steps[dep]).filter((s): s is StepState => s !== undefined);
  const phase = state.phases.find((p) => p.id === phaseId);
  const last = phase?.stepIds.length ? state.steps[phase.stepIds[phase.stepIds.length - 1]!] : undefined;
  const after = ends.length ? ends : last ? [last] : [];
  const offset = Math.max(0, ...after.map((s) => s.plannedOffsetMin + s.plannedDurationMin));
  return {
    phaseId,
    step: {
      id,
      title: d.title.trim(),
      owner: d.owner.trim(),
      plannedOffsetMin: offset,
      plannedDurationMin: durationMin,
      dependsOn: d.dependsOn,
      kind: d.kind,
      rollbackNote: d.rollbackNote.trim(),
      pointOfNoReturn: d.pointOfNoReturn,
    },
  };
}

/** Where "up" or "down" takes a step: within its phase, or to the end/start of the next one. Null at either end. */
export function moveCommand(state: CutoverState, stepId: string, direction: -1 | 1): CommandPayloadInput<'step.move'> | null {
  const pi = state.phases.findIndex((p) => p.stepIds.includes(stepId));
  const phase = state.phases[pi];
  if (!phase) return null;
  const ids = phase.stepIds;
  const at = ids.indexOf(stepId);
  if (direction === -1) {
    if (at >= 2) return { stepId, phaseId: phase.id, afterStepId: ids[at - 2]! };
    if (at === 1) return { stepId, phaseId: phase.id, afterStepId: null };
    const prev = state.phases[pi - 1];
    return prev ? { stepId, phaseId: prev.id, afterStepId: prev.stepIds[prev.stepIds.length - 1] ?? null } : null;
  }
  if (at < ids.length - 1) return { stepId, phaseId: phase.id, afterStepId: ids[at + 1]! };
  const next = state.phases[pi + 1];
  return next ? { stepId, phaseId: next.id, afterStepId: null } : null;
}

/** A fresh id for a step added during the night: short, unlikely to meet another. */
export const newStepId = (): string => `x${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

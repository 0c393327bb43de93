import type { CutoverEvent, StepState } from '@shared/cutover';

/*
 * What happened on the night, drawn where it happened on the lag charts: "Done: Restart
 * processing" sits where the backlog turned. Pure, from the events the client already has.
 */

export type AnnotationKind = 'status' | 'decision' | 'step' | 'note';
export type Annotation = { at: number; label: string; kind: AnnotationKind };

/** Which kinds win a crowded chart: the night's turns first, notes last. */
const PRIORITY: Record<AnnotationKind, number> = { status: 0, decision: 1, step: 2, note: 3 };

type StepTitles = Readonly<Record<string, Pick<StepState, 'title'> | undefined>>;

function annotationOf(e: CutoverEvent, steps: StepTitles): Annotation | null {
  const step = (id: string) => steps[id]?.title ?? id;
  const at = e.ts;
  switch (e.type) {
    case 'step.started':
      return { at, kind: 'step', label: `Started: ${step(e.payload.stepId)}` };
    case 'step.completed':
      return { at, kind: 'step', label: `Done: ${step(e.payload.stepId)}` };
    case 'step.failed':
      return { at, kind: 'step', label: `Failed: ${step(e.payload.stepId)}` };
    case 'decision.recorded':
      return { at, kind: 'decision', label: `${e.payload.decision.toUpperCase()}: ${e.payload.rationale}` };
    case 'note.added':
      return { at, kind: 'note', label: e.payload.text };
    case 'cutover.statusChanged':
      return { at, kind: 'status', label: `Cutover ${e.payload.to.replace('_', ' ')}` };
    case 'rollback.started':
      return { at, kind: 'status', label: 'Rollback started' };
    default:
      return null;
  }
}

/** Every annotation of the night, in time order. */
export function annotationsFrom(events: readonly CutoverEvent[], steps: StepTitles): Annotation[] {
  const out: Annotation[] = [];
  for (const e of events) {
    const a = annotationOf(e, steps);
    if (a) out.push(a);
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Those within [from, to]; past `max`, the most telling ones (by kind, then the latest). */
export function annotationsIn(all: readonly Annotation[], from: number, to: number, max = 40): Annotation[] {
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (all[mid]!.at < from) lo = mid + 1;
    else hi = mid;
  }
  const inRange: Annotation[] = [];
  for (let i = lo; i < all.length && all[i]!.at <= to; i++) inRange.push(all[i]!);
  if (inRange.length <= max) return inRange;
  return inRange
    .map((a, i) => ({ a, i }))
    .sort((x, y) => PRIORITY[x.a.kind] - PRIORITY[y.a.kind] || y.i - x.i)
    .slice(0, max)
    .sort((x, y) => x.i - y.i)
    .map((x) => x.a);
}

export type PlacedAnnotation = Annotation & {
  /** A stable key for React (time and kind, with a counter for twins). */
  key: string;
  /** Label row above the plot (0 nearest), or null when there is no room: the line stays, with its tooltip. */
  lane: number | null;
  /** The label as drawn: shortened to fit; the full one is the tooltip. */
  text: string;
  /** Which side of the line the label sits on. */
  side: 'right' | 'left';
};

export type AnnotationLayout = { lanes: number; charPx: number; gapPx: number; maxChars: number };
export const DEFAULT_ANNOTATION_LAYOUT: AnnotationLayout = { lanes: 2, charPx: 6.3, gapPx: 8, maxChars: 26 };

export function shorten(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(1, maxChars - 1)).trimEnd()}\u2026`;
}

/**
 * Gives each annotation a label row so labels never overlap: the most telling ones are
 * placed first, each in the first row where it fits; one that fits nowhere keeps its line
 * and tooltip but no label. Near the right edge a label sits left of its line.
 */
export function layoutAnnotations(
  list: readonly Annotation[],
  from: number,
  to: number,
  plotWidth: number,
  layout: AnnotationLayout = DEFAULT_ANNOTATION_LAYOUT,
): PlacedAnnotation[] {
  const span = to - from;
  const taken: [number, number][][] = Array.from({ length: layout.lanes }, () => []);
  const seen = new Map<string, number>();
  const placed = list.map((a): PlacedAnnotation => {
    const base = `${a.at}-${a.kind}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { ...a, key: n === 0 ? base : `${base}-${n}`, lane: null, text: shorten(a.label, layout.maxChars), side: 'right' };
  });
  const order = placed.map((p, i) => i).sort((x, y) => PRIORITY[placed[x]!.kind] - PRIORITY[placed[y]!.kind] || placed[y]!.at - placed[x]!.at);
  for (const i of order) {
    const p = placed[i]!;
    const x = span > 0 ? ((p.at - from) / span) * plotWidth : 0;
    const w = p.text.length * layout.charPx + 4;
    p.side = x + w > plotWidth ? 'left' : 'right';
    const box: [number, number] = p.side === 'right' ? [x, x + w] : [x - w, x];
    const lane = taken.findIndex((boxes) => boxes.every(([a, b]) => box[1] + layout.gapPx <= a || box[0] >= b + layout.gapPx));
    if (lane >= 0) {
      taken[lane]!.push(box);
      p.lane = lane;
    }
  }
  return placed;
}

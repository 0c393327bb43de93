import { describe, expect, it } from 'vitest';
import { annotationsFrom, annotationsIn, layoutAnnotations, shorten, type Annotation } from '../../../renderer/features/lag/annotations';
import { CTO, DBA, LEAD, Night } from '../../support/domain';
import { WINDOW_START } from '../../support/hubHarness';

const at = (min: number) => WINDOW_START + min * 60_000;

describe('annotations from the night', () => {
  it('marks the steps, decisions, notes and status changes where they happened', () => {
    const n = new Night()
      .ok(LEAD, 'cutover.start')
      .ok(DBA, 'step.start', { stepId: 'a' })
      .at(15)
      .ok(DBA, 'step.complete', { stepId: 'a' })
      .at(20)
      .ok(DBA, 'note.add', { text: 'Queue building as expected', severity: 'info' })
      .at(25)
      .ok(CTO, 'decision.record', { decision: 'go', rationale: 'lag under 5 s' });
    expect(annotationsFrom(n.events, n.state.steps)).toEqual([
      { at: at(0), kind: 'status', label: 'Cutover in progress' },
      { at: at(0), kind: 'step', label: 'Started: Stop event processing' },
      { at: at(15), kind: 'step', label: 'Done: Stop event processing' },
      { at: at(20), kind: 'note', label: 'Queue building as expected' },
      { at: at(25), kind: 'decision', label: 'GO: lag under 5 s' },
    ]);
  });

  it('keeps those in the range; past the most a chart shows, the night’s turns before notes', () => {
    const notes: Annotation[] = Array.from({ length: 50 }, (_, i) => ({ at: at(i), kind: 'note', label: `note ${i}` }));
    const all = [...notes, { at: at(10), kind: 'status', label: 'Cutover in progress' } as Annotation].sort((a, b) => a.at - b.at);
    expect(annotationsIn(all, at(5), at(7)).map((a) => a.label)).toEqual(['note 5', 'note 6', 'note 7']);
    const few = annotationsIn(all, at(0), at(60), 5);
    expect(few.map((a) => a.label)).toEqual(['Cutover in progress', 'note 46', 'note 47', 'note 48', 'note 49']);
  });
});

describe('laying out annotation labels', () => {
  const a = (min: number, label: string, kind: Annotation['kind'] = 'step'): Annotation => ({ at: at(min), label, kind });

  it('puts labels that would overlap in different rows, the latest first, and hides one with no room left', () => {
    const placed = layoutAnnotations([a(0, 'Started: Stop'), a(1, 'Done: Stop'), a(2, 'Started: Switch'), a(50, 'Done: Switch')], at(0), at(100), 500);
    expect(placed.map((p) => p.lane)).toEqual([null, 1, 0, 0]);
    const byLane = new Map<number, [number, number][]>();
    for (const p of placed.filter((q) => q.lane !== null)) {
      const x = ((p.at - at(0)) / (at(100) - at(0))) * 500;
      const w = p.text.length * 6.3;
      byLane.set(p.lane!, [...(byLane.get(p.lane!) ?? []), [x, x + w]]);
    }
    for (const boxes of byLane.values()) boxes.sort((x, y) => x[0] - y[0]).reduce((prev, box) => (expect(box[0]).toBeGreaterThan(prev[1]), box));
  });

  it('gives the night’s turns the rows first', () => {
    const placed = layoutAnnotations([a(0, 'a note', 'note'), a(0.5, 'another note', 'note'), a(1, 'Cutover in progress', 'status')], at(0), at(100), 500);
    expect(placed.find((p) => p.kind === 'status')!.lane).toBe(0);
    expect(placed.filter((p) => p.lane === null)).toHaveLength(1);
  });

  it('shortens long labels and sets one near the right edge to the left of its line', () => {
    const [p] = layoutAnnotations([a(99, 'Done: Restart event processing on every consumer')], at(0), at(100), 500);
    expect(p!.text).toBe(shorten('Done: Restart event processing on every consumer', 26));
    expect(p!.text.endsWith('\u2026')).toBe(true);
    expect(p!.text.length).toBeLessThanOrEqual(26);
    expect(p!.side).toBe('left');
    expect(p!.label).toBe('Done: Restart event processing on every consumer');
  });

  it('keys twins apart', () => {
    const placed = layoutAnnotations([a(1, 'x', 'note'), a(1, 'y', 'note')], at(0), at(100), 500);
    expect(new Set(placed.map((p) => p.key)).size).toBe(2);
  });
});

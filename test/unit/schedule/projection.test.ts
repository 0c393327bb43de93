import { describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { projectSchedule } from '@shared/schedule';
import { CTO, DBA, LEAD, Night } from '../../support/domain';
import { step, WINDOW_START } from '../../support/hubHarness';

const at = (min: number) => WINDOW_START + min * 60_000;

// SMALL_RUNBOOK: a (0–15) → b (15–25) → c (25–30, point of no return); d (15–25) after a.
describe('schedule projection', () => {
  it('projects the plan itself before anything has happened', () => {
    const p = projectSchedule(new Night().state, at(-60));
    expect(p).toMatchObject({ pace: 1, plannedEnd: at(30), projectedEnd: at(30), slipMin: 0, pastWindowMin: 0 });
    expect(p.steps.c).toEqual({ plannedStart: at(25), plannedEnd: at(30), projectedStart: at(25), projectedEnd: at(30), slipMin: 0 });
  });

  it('projects a step after one listed later in the plan, once an edit makes it wait on that one', () => {
    const n = new Night();
    expect(projectSchedule(n.state, at(-60)).steps.c!.projectedStart).toBe(at(25));
    // c, listed before d, now waits for d too, which runs 15–35.
    n.ok(LEAD, 'step.edit', { stepId: 'd', changes: { plannedDurationMin: 20 } }).ok(LEAD, 'step.edit', { stepId: 'c', changes: { dependsOn: ['b', 'd'] } });
    const p = projectSchedule(n.state, at(-60));
    expect(p.steps.c).toMatchObject({ projectedStart: at(35), projectedEnd: at(40) });
    expect(p.projectedEnd).toBe(at(40));
  });

  it('counts a late start as slip for everything after it', () => {
    const p = projectSchedule(new Night().state, at(10));
    expect(p.steps.a!.projectedStart).toBe(at(10));
    expect(p.slipMin).toBe(10);
  });

  it('projects the end of the window from the slip so far', () => {
    // Seed 000: a 15-minute step took 30. The rest is expected to run at the same pace.
    const n = new Night().ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' }).at(30).ok(DBA, 'step.complete', { stepId: 'a' });
    const p = projectSchedule(n.state, at(30));
    expect(p.pace).toBe(2);
    expect(p.steps.a!.slipMin).toBe(15);
    expect(p.steps.b).toMatchObject({ projectedStart: at(30), projectedEnd: at(50) });
    expect(p.steps.c).toMatchObject({ projectedStart: at(50), projectedEnd: at(60), slipMin: 30 });
    expect(p).toMatchObject({ projectedEnd: at(60), slipMin: 30, pastWindowMin: 0 });
    expect(p.phases.p2).toMatchObject({ plannedEnd: at(25), projectedEnd: at(50), slipMin: 25 });
  });

  it('takes an overrunning step as evidence before it finishes', () => {
    const n = new Night().ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' });
    const p = projectSchedule(n.state, at(24));
    expect(p.pace).toBeCloseTo(24 / 15);
    expect(p.steps.a!.projectedEnd).toBe(at(24));
    expect(p.steps.b!.projectedEnd).toBe(at(24) + 10 * (24 / 15) * 60_000);
  });

  it('believes running ahead only slowly', () => {
    const n = new Night().ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' }).at(10).ok(DBA, 'step.complete', { stepId: 'a' });
    expect(projectSchedule(n.state, at(10)).pace).toBeCloseTo((10 + 30) / (15 + 30));
    n.ok(DBA, 'step.start', { stepId: 'b' }).at(10.1).ok(DBA, 'step.complete', { stepId: 'b' });
    expect(projectSchedule(n.state, at(10.1)).pace).toBe(0.8); // and never faster than the floor
  });

  it('takes no pace from a step ticked off without being started', () => {
    const n = new Night().ok(LEAD, 'cutover.start').at(2).ok(DBA, 'step.complete', { stepId: 'a' });
    expect(projectSchedule(n.state, at(2)).pace).toBe(1);
  });

  it('never projects a running step to end before now', () => {
    const n = new Night().ok(LEAD, 'cutover.start').ok(DBA, 'step.skip', { stepId: 'a', reason: 'r' }).at(15).ok(DBA, 'step.start', { stepId: 'b' });
    expect(projectSchedule(n.state, at(40)).steps.b!.projectedEnd).toBe(at(40));
  });

  it('bounds the pace and reports minutes past the window end', () => {
    const n = new Night().ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' }).at(110).ok(DBA, 'step.complete', { stepId: 'a' });
    const p = projectSchedule(n.state, at(110));
    expect(p.pace).toBe(3);
    expect(p.projectedEnd).toBe(at(110 + 30 + 15));
    expect(p.pastWindowMin).toBe(35);
  });

  it('counts down to the point of no return and says when it has passed', () => {
    const n = new Night()
      .ok(LEAD, 'cutover.start')
      .ok(DBA, 'step.start', { stepId: 'a' })
      .at(15)
      .ok(DBA, 'step.complete', { stepId: 'a' })
      .ok(DBA, 'step.start', { stepId: 'b' });
    expect(projectSchedule(n.state, at(17)).pointOfNoReturn).toEqual({ stepId: 'c', at: at(25), minutesLeft: 8, passed: false, next: false });
    n.at(25)
      .ok(DBA, 'step.complete', { stepId: 'b' })
      .ok(CTO, 'decision.record', { decision: 'go', rationale: 'switched' })
      .ok(DBA, 'step.start', { stepId: 'c', cross: true });
    expect(projectSchedule(n.state, at(26)).pointOfNoReturn).toMatchObject({ passed: true, at: at(25) });
  });

  it('follows a night running early: steps done well ahead pull the projected end forward', () => {
    // a and b finish in a third of their time; c follows b, so it can start at once.
    const n = new Night().ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' }).at(5).ok(DBA, 'step.complete', { stepId: 'a' });
    n.ok(DBA, 'step.start', { stepId: 'b' })
      .ok(DBA, 'step.start', { stepId: 'd' })
      .at(8)
      .ok(DBA, 'step.complete', { stepId: 'b' })
      .ok(DBA, 'step.complete', { stepId: 'd' });
    const p = projectSchedule(n.state, at(8));
    expect(p.steps.c!.projectedStart).toBe(at(8));
    expect(p.projectedEnd).toBeLessThan(at(30) - 15 * 60_000);
    expect(p.slipMin).toBeLessThan(-15);
  });

  it('counts down to the point of no return from when it is projected, and says when it is next', () => {
    // b ends 17 minutes early: the point of no return is not "in 17m" but now.
    const n = new Night().ok(LEAD, 'cutover.start').ok(DBA, 'step.complete', { stepId: 'a' }).at(8).ok(DBA, 'step.complete', { stepId: 'b' });
    expect(projectSchedule(n.state, at(8)).pointOfNoReturn).toEqual({ stepId: 'c', at: at(8), minutesLeft: 0, passed: false, next: true });
  });

  it('keeps a step that waits for nothing but the clock at its planned time', () => {
    const n = new Night().ok(LEAD, 'cutover.start');
    // a has no dependencies and is planned at 19:00; an hour before, it still projects then.
    expect(projectSchedule(n.state, at(-60)).steps.a!.projectedStart).toBe(at(0));
  });

  it('keeps a skipped step’s times, and projects a failed one as still to be done while the night runs', () => {
    const n = new Night().ok(LEAD, 'cutover.start').at(5).ok(DBA, 'step.skip', { stepId: 'a', reason: 'not needed' });
    expect(projectSchedule(n.state, at(20)).steps.a).toMatchObject({ projectedStart: at(5), projectedEnd: at(5) });

    // a (0–15) failed at 5: b and d wait on it, so the night is not "ahead" 20 minutes later.
    const failed = new Night()
      .ok(LEAD, 'cutover.start')
      .ok(DBA, 'step.start', { stepId: 'a' })
      .at(5)
      .ok(DBA, 'step.fail', { stepId: 'a', reason: 'timed out' });
    const p = projectSchedule(failed.state, at(20));
    expect(p.steps.a).toMatchObject({ projectedStart: at(20), projectedEnd: at(35) });
    expect(p.steps.b).toMatchObject({ projectedStart: at(35), projectedEnd: at(45) });
    expect(p.slipMin).toBe(20);
    // Forty minutes on, still failed: the slip grows with the clock, as a blocked step's does.
    expect(projectSchedule(failed.state, at(40)).slipMin).toBe(40);

    // Once the night has ended, a failed step's times stand as they were.
    failed.at(21).ok(LEAD, 'cutover.finish', { outcome: 'rolled_back', reason: 'the switch failed' });
    expect(projectSchedule(failed.state, at(60)).steps.a).toMatchObject({ projectedStart: at(0), projectedEnd: at(5) });
  });

  it('freezes an ended night at its end: the projected end is when it ended, the slip how late that was', () => {
    // Aborted at 19:40 with b, c and d never done. Projected from the clock, those steps
    // made the slip grow by a minute a minute after the end ("185 min late" at 22:20).
    const n = new Night()
      .ok(LEAD, 'cutover.start')
      .ok(DBA, 'step.complete', { stepId: 'a' })
      .at(40)
      .ok(LEAD, 'cutover.finish', { outcome: 'aborted', reason: 'provider outage' });
    for (const later of [at(40), at(60), at(200)])
      expect(projectSchedule(n.state, later)).toMatchObject({ plannedEnd: at(30), projectedEnd: at(40), slipMin: 10, pastWindowMin: 0 });
  });

  it('projects the way back while rolling back, not the forward steps it abandoned', () => {
    // Stop (0–10) → copy (10–30) → switch, verify, tidy until 21:00. ROLLBACK at 19:15 with
    // the copy under way: drop the copy (20 min), then restart processing (10 min).
    const rb: RunbookPlan = {
      phases: [
        {
          id: 'p',
          title: 'Move',
          steps: [
            step('stop', 'Stop processing', 0, 10, [], { rollbackNote: 'Restart processing on the old database' }),
            step('copy', 'Copy data', 10, 20, ['stop'], { rollbackNote: 'Drop the copy' }),
            step('switch', 'Switch', 30, 30, ['copy']),
            step('verify', 'Verify', 60, 30, ['switch']),
            step('tidy', 'Tidy', 90, 30, ['verify']),
          ],
        },
      ],
    };
    const n = new Night(rb).ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'stop' }).at(10).ok(DBA, 'step.complete', { stepId: 'stop' });
    n.ok(DBA, 'step.start', { stepId: 'copy' }).at(15).ok(CTO, 'decision.record', { decision: 'rollback', rationale: 'copy corrupt' });
    // Counting switch, verify and tidy, the night (and the customers' banner) said 21:00, on time.
    expect(projectSchedule(n.state, at(15))).toMatchObject({ plannedEnd: at(45), projectedEnd: at(45), slipMin: 0 });
    // The way back running late moves the end, at its own pace: dropping the copy has taken
    // 35 minutes of 20 by 19:50, so restarting takes 10 × 1.5. The abandoned copy, still
    // under way on the clock, is no evidence of pace.
    n.ok(DBA, 'step.start', { stepId: 'rb-copy' });
    expect(projectSchedule(n.state, at(50))).toMatchObject({ pace: 1.5, projectedEnd: at(65), slipMin: 20 });
  });

  it('measures a step blocked and resumed from its first start, the time blocked included', () => {
    // a (15 min) started 19:00, blocked 19:10–19:20, done 19:25: 25 minutes on the clock. Timed
    // from the resumption it took 5, and the night looked ahead of plan at the pace's floor.
    const n = new Night().ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' }).at(10).ok(DBA, 'step.block', { stepId: 'a', reason: 'lock wait' });
    n.at(20).ok(DBA, 'step.start', { stepId: 'a' }).at(25).ok(DBA, 'step.complete', { stepId: 'a' });
    const p = projectSchedule(n.state, at(25));
    expect(p.pace).toBeCloseTo(25 / 15);
    expect(p.steps.a).toMatchObject({ projectedStart: at(0), projectedEnd: at(25) });
    expect(p.slipMin).toBeGreaterThan(0);
  });
});

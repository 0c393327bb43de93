import { describe, it, expect } from 'vitest';
import { databaseCutoverTemplate, listTemplates, runbookProblem, templateTitle, templateWindowMinutes } from '@shared/runbook';
import { RunbookPlanSchema } from '@shared/cutover/schema';
import type { StepPlan } from '@shared/cutover/schema';

const plan = databaseCutoverTemplate();
const steps = plan.phases.flatMap((p) => p.steps);
const byId = new Map(steps.map((s) => [s.id, s]));
const step = (id: string): StepPlan => {
  const s = byId.get(id);
  if (!s) throw new Error(`no step ${id}`);
  return s;
};
const end = (s: StepPlan) => s.plannedOffsetMin + s.plannedDurationMin;
/** Every step `id` waits for, directly or through others. */
const ancestors = (id: string, seen = new Set<string>()): Set<string> => {
  for (const d of step(id).dependsOn) if (!seen.has(d)) ancestors(d, seen.add(d));
  return seen;
};
const phaseOf = (title: string) => {
  const p = plan.phases.find((x) => x.title === title);
  if (!p) throw new Error(`no phase ${title}`);
  return p;
};

describe('the database cutover template', () => {
  it('is a valid runbook the hub would accept', () => {
    expect(runbookProblem(plan)).toBeNull();
    expect(RunbookPlanSchema.parse(plan)).toEqual(plan);
  });

  it('follows the night it is shaped on, phase by phase', () => {
    expect(plan.phases.map((p) => p.title)).toEqual([
      'Preparation',
      'Stop and queue events',
      'Switch database',
      'Update sequences',
      'Restart processing',
      'Drain queues',
      'Verify',
      'Monitor',
    ]);
  });

  it('has exactly one point of no return: restarting processing on the new database', () => {
    const ponr = steps.filter((s) => s.pointOfNoReturn);
    expect(ponr.map((s) => s.id)).toEqual(['restart-processing']);
    expect(ponr[0]?.rollbackNote).not.toBe('');
  });

  it('holds a go/no-go gate that everything from stopping processing onwards waits for', () => {
    const gates = steps.filter((s) => s.kind === 'gate');
    expect(gates).toHaveLength(1);
    const gate = gates[0]!;
    for (const s of steps.filter((x) => x.plannedOffsetMin >= end(gate))) expect(ancestors(s.id).has(gate.id), s.id).toBe(true);
    expect(end(gate)).toBeLessThanOrEqual(step('stop-processing').plannedOffsetMin);
  });

  it('plans processing to be stopped for the 30 minutes the customers were promised', () => {
    const stop = step('stop-processing');
    const restart = step('restart-processing');
    expect(end(restart) - stop.plannedOffsetMin).toBe(30);
    // Everything done while stopped sits inside those 30 minutes and leads to the restart.
    for (const title of ['Stop and queue events', 'Switch database', 'Update sequences']) {
      for (const s of phaseOf(title).steps) {
        expect(s.plannedOffsetMin, s.id).toBeGreaterThanOrEqual(stop.plannedOffsetMin);
        expect(end(s), s.id).toBeLessThanOrEqual(restart.plannedOffsetMin);
        expect(s.id === stop.id || ancestors(s.id).has(stop.id), s.id).toBe(true);
        expect(ancestors(restart.id).has(s.id), s.id).toBe(true);
      }
    }
  });

  it('fits the 120-minute window with time to spare', () => {
    expect(templateWindowMinutes).toBe(120);
    const last = Math.max(...steps.map(end));
    expect(last).toBeLessThanOrEqual(templateWindowMinutes);
    expect(last).toBeGreaterThan(templateWindowMinutes / 2);
  });

  it('verifies the switch, with checks on the new database and on the drained queues', () => {
    const checks = steps.filter((s) => s.kind === 'verification').map((s) => s.id);
    expect(checks).toEqual(expect.arrayContaining(['replication', 'sequences-check', 'verify-writes', 'caught-up']));
    for (const id of ['verify-writes', 'caught-up']) expect(ancestors(id).has('restart-processing')).toBe(true);
  });

  it('keeps customers told: banner and Slack updates when the window starts, when processing restarts and when it ends', () => {
    const comms = steps.filter((s) => s.kind === 'comms');
    expect(comms.map((s) => s.id)).toEqual(['banner-start', 'banner-restarted', 'banner-done']);
    expect(comms.every((s) => s.owner === 'comms')).toBe(true);
  });

  it('says how to roll back every step that changes something while processing is stopped', () => {
    const risky = [...phaseOf('Stop and queue events').steps, ...phaseOf('Switch database').steps, ...phaseOf('Update sequences').steps].filter(
      (s) => s.kind === 'task',
    );
    expect(risky.length).toBeGreaterThanOrEqual(4);
    for (const s of risky) expect(s.rollbackNote, s.id).not.toBe('');
  });

  it('gives every step an owner from the crew and a planned duration', () => {
    const stations = new Set(['lead', 'DBA', 'SRE', 'developer', 'tester', 'comms']);
    for (const s of steps) {
      expect(stations.has(s.owner), `${s.id}: ${s.owner}`).toBe(true);
      expect(s.plannedDurationMin, s.id).toBeGreaterThan(0);
    }
  });

  it('is the one template listed, with its title and window', () => {
    expect(listTemplates()).toEqual([{ id: 'database-cutover', title: templateTitle, plan, windowMinutes: 120 }]);
    expect(templateTitle).toBe('Database cutover to the cloud');
  });
});

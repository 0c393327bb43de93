import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HubClient } from '@shared/client';
import type { CheckConfigInput } from '@shared/checks';
import type { CutoverEvent, RunbookPlan } from '@shared/cutover';
import { startHub } from '../../../electron/hub/hub';
import { live, nodeClient, refusal, startTestHub, step, until, type TestHub } from '../../support/hubHarness';
import { requireService, unique } from '../../support/services';

/*
 * Checks through a real hub over a real socket, against a real PostgreSQL: two schemas stand
 * for the old and the new database, and `orders` was copied with one row missing.
 */

const enabled = await requireService('PostgreSQL', '127.0.0.1', 5432);
const URL = 'postgres://postgres@127.0.0.1:5432/test';

const RUNBOOK: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Switch',
      steps: [
        step('copy', 'Copy the orders', 0, 10, []),
        step('verify', 'Row counts match', 10, 5, ['copy'], { kind: 'verification' }),
        step('gate', 'Go/no-go', 15, 5, ['verify'], { kind: 'gate' }),
        step('switch', 'Switch traffic', 20, 10, ['gate']),
      ],
    },
  ],
};

const evaluated = (c: HubClient, checkId: string) =>
  c.events.filter((e): e is Extract<CutoverEvent, { type: 'check.evaluated' }> => e.type === 'check.evaluated' && e.payload.checkId === checkId);

describe.skipIf(!enabled)('checks through a real hub, against a real PostgreSQL', () => {
  const oldDb = unique('old');
  const newDb = unique('new');
  let admin: pg.Client;
  let t: TestHub | undefined;

  const rowCounts = (completes: 'auto' | 'person', interval = 2): CheckConfigInput => ({
    id: 'orders-rows',
    name: 'orders row counts',
    intervalSec: interval,
    step: { stepId: 'verify', completes },
    spec: {
      kind: 'sql',
      source: { kind: 'postgres', url: URL, query: `SELECT count(*) FROM ${oldDb}.orders` },
      compare: { to: 'query', source: { kind: 'postgres', url: URL, query: `SELECT count(*) FROM ${newDb}.orders` }, tolerance: 0 },
    },
  });

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: URL });
    await admin.connect();
    for (const s of [oldDb, newDb]) await admin.query(`CREATE SCHEMA ${s}; CREATE TABLE ${s}.orders (id int primary key, total numeric)`);
    await admin.query(`INSERT INTO ${oldDb}.orders SELECT g, g * 1.5 FROM generate_series(1, 1000) g`);
  });
  beforeEach(async () => {
    await admin.query(`TRUNCATE ${newDb}.orders; INSERT INTO ${newDb}.orders SELECT * FROM ${oldDb}.orders WHERE id <> 777`);
  });
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });
  afterAll(async () => {
    for (const s of [oldDb, newDb]) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await admin.end();
  });

  it('fails with both numbers, passes once the row is copied, and completes its step as the hub, with the evidence', async () => {
    t = await startTestHub({}, RUNBOOK);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('check.define', { check: rowCounts('auto') }).done;
    await lead.send('cutover.start', {}).done;
    await lead.send('step.complete', { stepId: 'copy' }).done;
    await lead.send('step.start', { stepId: 'verify' }).done;

    await lead.send('check.run', { checkId: 'orders-rows' }).done;
    await until(lead, (c) => evaluated(c, 'orders-rows').length > 0, 10_000, 'the first result');
    const first = evaluated(lead, 'orders-rows')[0]!;
    expect(first.payload).toMatchObject({ pass: false, values: [1000, 999], error: null, summary: '1,000 vs 999: differ by 1 (tolerance 0)' });
    expect(first.actor.id).toBe('hub');
    expect(lead.state.steps.verify!.status).toBe('in_progress');

    await admin.query(`INSERT INTO ${newDb}.orders SELECT * FROM ${oldDb}.orders WHERE id = 777`);
    // The step is running, so the hub runs its check every 2 s by itself: no one asks again.
    await until(lead, (c) => c.state.steps.verify!.status === 'done', 15_000, 'the step completed by the hub');
    const passed = evaluated(lead, 'orders-rows').at(-1)!;
    expect(passed.payload).toMatchObject({ pass: true, values: [1000, 1000], summary: '1,000 and 1,000: the same' });
    const done = lead.events.find((e) => e.type === 'step.completed' && e.payload.stepId === 'verify')!;
    expect(done.actor).toMatchObject({ id: 'hub', role: 'system' });
    expect(done.seq).toBe(passed.seq + 1);
    expect(done.type === 'step.completed' && done.payload.evidence).toEqual([
      { checkId: 'orders-rows', name: 'orders row counts', pass: true, summary: '1,000 and 1,000: the same', at: null, attempt: passed.payload.attempt },
    ]);
  });

  it('refuses a step that needs a person while its check fails, unless forced with a reason, and keeps the reason', async () => {
    t = await startTestHub({}, RUNBOOK);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('check.define', { check: rowCounts('person', 3600) }).done;
    await lead.send('cutover.start', {}).done;
    await lead.send('step.complete', { stepId: 'copy' }).done;
    await lead.send('step.start', { stepId: 'verify' }).done;
    expect(await refusal(lead.send('step.complete', { stepId: 'verify' }).done)).toBe(
      '“Row counts match” cannot be completed while its check “orders row counts” (not run yet) does not pass; complete it anyway with a reason',
    );
    await lead.send('check.run', { checkId: 'orders-rows' }).done;
    await until(lead, (c) => evaluated(c, 'orders-rows').length > 0, 10_000, 'a result');
    expect(await refusal(lead.send('step.complete', { stepId: 'verify' }).done)).toContain(
      '“orders row counts” (1,000 vs 999: differ by 1 (tolerance 0)) does not pass',
    );
    await lead.send('step.complete', { stepId: 'verify', force: 'Row 777 is a known test order, deleted on purpose' }).done;
    const done = lead.events.find((e) => e.type === 'step.completed' && e.payload.stepId === 'verify')!;
    expect(done.type === 'step.completed' && done.payload).toMatchObject({
      forced: 'Row 777 is a known test order, deleted on purpose',
      evidence: [{ checkId: 'orders-rows', pass: false, summary: '1,000 vs 999: differ by 1 (tolerance 0)', attempt: 1 }],
    });
    expect(done.actor.name).toBe('Lena');
  });

  it('refuses an approver’s GO over an unmet condition without a reason, and records it with one', async () => {
    t = await startTestHub({}, RUNBOOK);
    const lead = t.client('lead', 'Lena');
    const cto = t.client('approver', 'Chris');
    await Promise.all([live(lead), live(cto)]);
    await lead.send('check.define', { check: { ...rowCounts('person', 3600), step: null } }).done;
    await lead.send('cutover.start', {}).done;
    await lead.send('step.complete', { stepId: 'copy' }).done;
    await lead.send('step.complete', { stepId: 'verify' }).done;
    await lead.send('poll.open', {
      question: 'Switch traffic to the new database?',
      stations: ['role:approver'],
      gateStepId: 'gate',
      conditions: ['Crew ready', { text: 'orders copied in full', checkId: 'orders-rows' }],
    }).done;
    const pollId = lead.state.pollOrder[0]!;
    // Bound to an open poll: the hub runs it by itself.
    await until(cto, (c) => evaluated(c, 'orders-rows').length > 0, 10_000, 'a result');
    expect(await refusal(cto.send('decision.record', { pollId, decision: 'go', rationale: 'Looks fine' }).done)).toBe(
      'Not every condition is met: “orders copied in full” (1,000 vs 999: differ by 1 (tolerance 0)). A GO over an unmet condition needs an override reason',
    );
    expect(cto.state.steps.gate!.status).toBe('pending');
    await cto.send('decision.record', { pollId, decision: 'go', rationale: 'Go', override: 'Order 777 was a test order, deleted on purpose' }).done;
    await until(lead, (c) => c.state.steps.gate!.status === 'done');
    expect(lead.state.decisions.at(-1)).toMatchObject({
      decision: 'go',
      override: { reason: 'Order 777 was a test order, deleted on purpose', unmet: ['orders copied in full'] },
    });
  });

  it('refuses at definition a query that is not a single SELECT, with a sentence, and keeps nothing', async () => {
    t = await startTestHub({}, RUNBOOK);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    const withQuery = (query: string): CheckConfigInput => ({
      ...rowCounts('person'),
      spec: { kind: 'sql', source: { kind: 'postgres', url: URL, query }, compare: { to: 'constant', op: 'equal', value: 0 } },
    });
    expect(await refusal(lead.send('check.define', { check: withQuery(`DELETE FROM ${newDb}.orders`) }).done)).toBe(
      'A check may only read: “DELETE …” is not a SELECT (write SELECT …, or WITH … SELECT …)',
    );
    expect(
      await refusal(
        lead.send('check.define', { check: withQuery(`WITH x AS (UPDATE ${newDb}.orders SET total = 0 RETURNING 1) SELECT count(*) FROM x`) }).done,
      ),
    ).toBe('A check may only read: this WITH … SELECT holds an UPDATE, and a check never writes');
    expect(await refusal(lead.send('check.define', { check: withQuery('SELECT 1; DROP TABLE orders') }).done)).toBe(
      'A check runs one statement: this query has more than one (a “;” in the middle)',
    );
    // MySQL runs a /*! … */ comment as SQL: INTO OUTFILE there writes a file on the database's host.
    const onMysql: CheckConfigInput = {
      ...rowCounts('person'),
      spec: {
        kind: 'sql',
        source: { kind: 'mysql', url: 'mysql://root@127.0.0.1:3306/test', query: "SELECT count(*) FROM orders /*! INTO OUTFILE '/tmp/orders' */" },
        compare: { to: 'constant', op: 'equal', value: 0 },
      },
    };
    expect(await refusal(lead.send('check.define', { check: onMysql }).done)).toMatch(/^MySQL runs \/\*! … \*\/ comments as SQL/);
    expect(lead.state.checkOrder).toEqual([]);
  });

  it('refuses a new check named as one already set up, which would replace it unseen; a replacement asked for as one goes', async () => {
    t = await startTestHub({}, RUNBOOK);
    const lead = t.client('lead', 'Lena');
    const dba = t.client('operator', 'Dana');
    await Promise.all([live(lead), live(dba)]);
    await lead.send('check.define', { check: rowCounts('person'), adding: true }).done;
    // Dana adds her own "orders row counts", against a constant: the lead's comparison stays.
    const hers: CheckConfigInput = {
      ...rowCounts('person'),
      spec: {
        kind: 'sql',
        source: { kind: 'postgres', url: URL, query: `SELECT count(*) FROM ${newDb}.orders` },
        compare: { to: 'constant', op: 'equal', value: 999 },
      },
    };
    expect(await refusal(dba.send('check.define', { check: hers, adding: true }).done)).toBe(
      'A check named “orders row counts” is already set up: give this one another name, or remove that one first',
    );
    const kept = () => t!.hub.registry.get(t!.cutoverId)!.runtime.state.checks['orders-rows']!.config.spec;
    expect(kept()).toMatchObject({ compare: { to: 'query' } });
    // Not adding: the same id replaces the check, as a change to it.
    await dba.send('check.define', { check: hers }).done;
    expect(kept()).toMatchObject({ compare: { to: 'constant', value: 999 } });
  });

  it('asks why before a check that still guards a step of the night goes, and puts the reason on the record', async () => {
    t = await startTestHub({}, RUNBOOK);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    // Before the night, checks are set up and taken down freely.
    await lead.send('check.define', { check: { ...rowCounts('person'), id: 'draft-rows', name: 'draft rows' } }).done;
    await lead.send('check.remove', { checkId: 'draft-rows' }).done;
    await lead.send('check.define', { check: rowCounts('person') }).done;
    await lead.send('cutover.start', {}).done;

    // Mid-night, with "Row counts match" not done: a plain removal is refused, and the rail stays.
    expect(await refusal(lead.send('check.remove', { checkId: 'orders-rows' }).done)).toBe(
      '“orders row counts” verifies “Row counts match”, which is not done: without it the step could be completed with nothing read. Say why it goes; the reason is put on the record',
    );
    expect(lead.state.checkOrder).toEqual(['orders-rows']);
    expect(await refusal(lead.send('check.remove', { checkId: 'orders-rows', reason: '   ' }).done)).toMatch(/reason is required/i);

    // With a reason it goes, and the event says what it was and why, after it is gone.
    await lead.send('check.remove', { checkId: 'orders-rows', reason: 'The new database counts archived orders too; checked by hand' }).done;
    expect(lead.state.checkOrder).toEqual([]);
    const removed = lead.events.filter((e) => e.type === 'check.removed').map((e) => e.payload);
    expect(removed).toEqual([
      { checkId: 'draft-rows', name: 'draft rows' },
      { checkId: 'orders-rows', name: 'orders row counts', reason: 'The new database counts archived orders too; checked by hand' },
    ]);

    // Once its step is skipped (or done), the check guards nothing: no reason is asked.
    await lead.send('check.define', { check: rowCounts('person') }).done;
    await lead.send('step.skip', { stepId: 'verify', reason: 'Counted by hand' }).done;
    await lead.send('check.remove', { checkId: 'orders-rows' }).done;
    expect(lead.state.checkOrder).toEqual([]);
  });

  it('keeps a check on the step it guards mid-night: defined again off it or onto another step, it is refused', async () => {
    t = await startTestHub({}, RUNBOOK);
    const lead = t.client('lead', 'Lena');
    const dba = t.client('operator', 'Dana');
    await Promise.all([live(lead), live(dba)]);
    await lead.send('check.define', { check: rowCounts('person') }).done;
    await lead.send('cutover.start', {}).done;
    // Not a removal, which the lead makes with a reason: the same check, sent again with no step, or another.
    const movedOff =
      '“orders row counts” verifies “Row counts match”, which is not done: it stays on that step while it runs. If it must go, the lead removes it and says why, on the record';
    expect(await refusal(dba.send('check.define', { check: { ...rowCounts('person'), step: null } }).done)).toBe(movedOff);
    expect(await refusal(dba.send('check.define', { check: { ...rowCounts('person'), step: { stepId: 'gate', completes: 'person' } } }).done)).toBe(movedOff);
    const bound = () => t!.hub.registry.get(t!.cutoverId)!.runtime.state.checks['orders-rows']!.config.step;
    expect(bound()).toMatchObject({ stepId: 'verify' });
    // A change that keeps it on its step goes, as before.
    await dba.send('check.define', { check: rowCounts('person', 5) }).done;
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.checks['orders-rows']!.config.intervalSec).toBe(5);
    // Once the step is skipped, the check guards nothing and may be moved.
    await lead.send('step.skip', { stepId: 'verify', reason: 'Counted by hand' }).done;
    await dba.send('check.define', { check: { ...rowCounts('person'), step: null } }).done;
    expect(bound()).toBeNull();
  });

  it('lets only the lead change what a check guarding a step reads, or whether it completes it', async () => {
    t = await startTestHub({}, RUNBOOK);
    const lead = t.client('lead', 'Lena');
    const dba = t.client('operator', 'Dana');
    await Promise.all([live(lead), live(dba)]);
    await lead.send('check.define', { check: rowCounts('person') }).done;
    await lead.send('cutover.start', {}).done;
    // Pointed at a query that always agrees, under the same name, it would vouch for the step.
    const agreeing = (completes: 'auto' | 'person'): CheckConfigInput => ({
      ...rowCounts(completes),
      spec: { kind: 'sql', source: { kind: 'postgres', url: URL, query: 'SELECT 1' }, compare: { to: 'constant', op: 'equal', value: 1 } },
    });
    const leadOnly =
      '“orders row counts” verifies “Row counts match”, which is not done: only the lead may change what it reads or whether it completes its step';
    expect(await refusal(dba.send('check.define', { check: agreeing('person') }).done)).toBe(leadOnly);
    expect(await refusal(dba.send('check.define', { check: rowCounts('auto') }).done)).toBe(leadOnly);
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.checks['orders-rows']!.config.spec).toEqual(rowCounts('person').spec);
    // Its pace is anyone's to change; what it reads is the lead's.
    await dba.send('check.define', { check: rowCounts('person', 5) }).done;
    await lead.send('check.define', { check: agreeing('person') }).done;
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.checks['orders-rows']!.config.spec).toMatchObject({ source: { query: 'SELECT 1' } });
  });

  it('does not take a pass read hours ago as the evidence of a step completed now: it asks for the check to be read again', async () => {
    let clock = Date.UTC(2026, 3, 29, 18, 0);
    t = await startTestHub({ now: () => clock }, RUNBOOK);
    await admin.query(`INSERT INTO ${newDb}.orders SELECT * FROM ${oldDb}.orders WHERE id = 777`);
    const lead = t.client('lead', 'Lena');
    const dba = t.client('operator', 'Dana');
    await Promise.all([live(lead), live(dba)]);
    await lead.send('check.define', { check: rowCounts('person', 10) }).done;
    await lead.send('cutover.start', {}).done;
    await dba.send('step.complete', { stepId: 'copy' }).done;
    await dba.send('check.run', { checkId: 'orders-rows' }).done;
    await until(dba, (c) => c.state.checks['orders-rows']?.last?.pass === true, 10_000, 'the pass');
    // Three hours on, nobody has read it since: the rows may have drifted apart meanwhile.
    clock += 3 * 60 * 60_000;
    expect(await refusal(dba.send('step.complete', { stepId: 'verify' }).done)).toBe(
      '“Row counts match” cannot be completed on an old reading: “orders row counts” last passed 3h 00m ago. Run it again (Run now), or start the step, which runs it',
    );
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.steps.verify!.status).toBe('pending');
    // Read again, it vouches for the step, and the completion carries that reading.
    await dba.send('check.run', { checkId: 'orders-rows' }).done;
    await until(dba, (c) => c.state.checks['orders-rows']!.last!.at === clock, 10_000, 'the new reading');
    await dba.send('step.complete', { stepId: 'verify' }).done;
    const done = dba.events.findLast((e) => e.type === 'step.completed');
    expect(done?.payload).toMatchObject({ stepId: 'verify', evidence: [{ checkId: 'orders-rows', pass: true, at: clock }] });
    expect(done?.payload).not.toHaveProperty('forced');
  });

  it('does not complete a step by itself on another of its checks’ pass read hours ago', async () => {
    let clock = Date.UTC(2026, 3, 29, 18, 0);
    t = await startTestHub({ now: () => clock }, RUNBOOK);
    await admin.query(`INSERT INTO ${newDb}.orders SELECT * FROM ${oldDb}.orders WHERE id = 777`);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    // The totals, slow to read, passed while the DBA set up at 18:00; the counts complete the step.
    const totals: CheckConfigInput = {
      ...rowCounts('person', 3600),
      id: 'orders-totals',
      name: 'orders totals',
      spec: {
        kind: 'sql',
        source: { kind: 'postgres', url: URL, query: `SELECT sum(total) FROM ${oldDb}.orders` },
        compare: {
          to: 'query',
          source: { kind: 'postgres', url: URL, query: `SELECT sum(total) FROM ${newDb}.orders, (SELECT pg_sleep(1.5)) AS slow` },
          tolerance: 0,
        },
      },
    };
    await lead.send('check.define', { check: totals }).done;
    await lead.send('check.define', { check: rowCounts('auto', 3600) }).done;
    await lead.send('check.run', { checkId: 'orders-totals' }).done;
    await until(lead, (c) => c.state.checks['orders-totals']?.last?.pass === true, 10_000, 'the totals passing at 18:00');
    // Three hours on, a total has drifted apart; the night reaches the step.
    await admin.query(`UPDATE ${newDb}.orders SET total = total + 1 WHERE id = 1`);
    clock += 3 * 60 * 60_000;
    await lead.send('cutover.start', {}).done;
    await lead.send('step.complete', { stepId: 'copy' }).done;
    await lead.send('step.start', { stepId: 'verify' }).done;
    // The counts pass first; the totals' old pass vouches for nothing, and their new reading fails.
    await until(lead, (c) => c.state.checks['orders-rows']?.last?.pass === true, 10_000, 'the counts passing');
    await until(lead, (c) => c.state.checks['orders-totals']!.last!.at === clock, 10_000, 'the totals read again');
    expect(lead.state.checks['orders-totals']!.last!.pass).toBe(false);
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.steps.verify!.status).toBe('in_progress');
    expect(lead.events.filter((e) => e.type === 'step.completed' && e.payload.stepId === 'verify')).toEqual([]);
  });

  it('lets no check complete a gate, and weighs a check bound to the gate against a GO, carrying it on the gate', async () => {
    t = await startTestHub({}, RUNBOOK);
    const lead = t.client('lead', 'Lena');
    const cto = t.client('approver', 'Chris');
    await Promise.all([live(lead), live(cto)]);
    const onGate = (completes: 'auto' | 'person'): CheckConfigInput => ({ ...rowCounts(completes, 3600), step: { stepId: 'gate', completes } });
    expect(await refusal(lead.send('check.define', { check: onGate('auto') }).done)).toBe(
      '“Go/no-go” is a gate: it completes only through the approver’s GO, which weighs its checks; a check cannot complete it',
    );
    await lead.send('check.define', { check: onGate('person') }).done;
    await lead.send('cutover.start', {}).done;
    await lead.send('step.complete', { stepId: 'copy' }).done;
    await lead.send('step.complete', { stepId: 'verify' }).done;
    await lead.send('poll.open', { question: 'Switch traffic?', stations: ['role:approver'], gateStepId: 'gate', conditions: ['Crew ready'] }).done;
    const pollId = lead.state.pollOrder[0]!;
    await lead.send('check.run', { checkId: 'orders-rows' }).done;
    await until(cto, (c) => c.state.checks['orders-rows']?.last?.pass === false, 10_000, 'the failing result');
    expect(await refusal(cto.send('decision.record', { pollId, decision: 'go', rationale: 'Looks fine' }).done)).toBe(
      'Not every condition is met: the gate’s check “orders row counts” (1,000 vs 999: differ by 1 (tolerance 0)). A GO over an unmet condition needs an override reason',
    );
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.steps.gate!.status).toBe('pending');
    await cto.send('decision.record', { pollId, decision: 'go', rationale: 'Go', override: 'Order 777 was a test order' }).done;
    await until(lead, (c) => c.state.steps.gate!.status === 'done');
    expect(lead.state.decisions.at(-1)).toMatchObject({ override: { reason: 'Order 777 was a test order', unmet: ['check “orders row counts”'] } });
    const passed = lead.events.findLast((e) => e.type === 'step.completed' && e.payload.stepId === 'gate');
    expect(passed?.payload).toMatchObject({ evidence: [{ checkId: 'orders-rows', pass: false, summary: '1,000 vs 999: differ by 1 (tolerance 0)' }] });
  });

  /** A night at its gate: the check passes, bound to a condition of the gate's poll, and Dana has answered GO. */
  async function atTheGate(clock: () => number, stations: string[]) {
    t = await startTestHub({ now: clock }, RUNBOOK);
    await admin.query(`INSERT INTO ${newDb}.orders SELECT * FROM ${oldDb}.orders WHERE id = 777`);
    const lead = t.client('lead', 'Lena');
    const dba = t.client('operator', 'Dana');
    const cto = t.client('approver', 'Chris');
    await Promise.all([live(lead), live(dba), live(cto)]);
    await lead.send('check.define', { check: { ...rowCounts('person', 10), step: null } }).done;
    await lead.send('cutover.start', {}).done;
    await lead.send('step.complete', { stepId: 'copy' }).done;
    await lead.send('step.complete', { stepId: 'verify' }).done;
    await lead.send('poll.open', {
      question: 'Switch traffic to the new database?',
      stations,
      gateStepId: 'gate',
      conditions: [{ text: 'orders copied in full', checkId: 'orders-rows' }],
    }).done;
    const pollId = lead.state.pollOrder[0]!;
    await until(cto, (c) => c.state.checks['orders-rows']?.last?.pass === true, 10_000, 'the pass');
    await dba.send('poll.answer', { pollId, vote: 'go' }).done;
    return { lead, dba, cto, pollId };
  }

  it('does not take a condition’s pass read long ago as met: a GO on it is an override until the check is read again', async () => {
    let clock = Date.UTC(2026, 3, 29, 1, 30);
    const { lead, dba, cto, pollId } = await atTheGate(() => clock, ['role:operator', 'role:lead']);
    // The lead closes the round by hand: nothing runs the condition's check any more.
    await lead.send('poll.close', { pollId }).done;
    // Forty minutes on, nobody has read the counts since: the copy may have drifted meanwhile.
    clock += 40 * 60_000;
    expect(await refusal(cto.send('decision.record', { pollId, decision: 'go', rationale: 'All green' }).done)).toBe(
      'Not every condition is met: “orders copied in full” (last passed 40m ago: not read since). A GO over an unmet condition needs an override reason',
    );
    expect(t!.hub.registry.get(t!.cutoverId)!.runtime.state.steps.gate!.status).toBe('pending');
    // Read again, the condition is met, and the GO goes as a plain one.
    await dba.send('check.run', { checkId: 'orders-rows' }).done;
    await until(cto, (c) => c.state.checks['orders-rows']!.last!.at === clock, 10_000, 'the new reading');
    await cto.send('decision.record', { pollId, decision: 'go', rationale: 'All green' }).done;
    await until(lead, (c) => c.state.steps.gate!.status === 'done');
    expect(lead.state.decisions.at(-1)).not.toHaveProperty('override');
  });

  it('keeps reading a condition’s check after the last answer closes the round, while the approver has still to decide', async () => {
    let clock = Date.UTC(2026, 3, 29, 1, 30);
    const { lead, cto, pollId } = await atTheGate(() => clock, ['role:operator']);
    // Dana's GO was the last answer: the round is closed, its answers in, waiting on the approver.
    await until(cto, (c) => c.state.polls[pollId]!.rounds.at(-1)!.closeReason === 'complete');
    clock += 40 * 60_000;
    // Due again by the hub's clock, the hub reads it by itself: the approver decides on a fresh reading.
    await until(cto, (c) => c.state.checks['orders-rows']!.last!.at === clock, 10_000, 'the hub reading it again');
    await cto.send('decision.record', { pollId, decision: 'go', rationale: 'All green' }).done;
    await until(lead, (c) => c.state.steps.gate!.status === 'done');
    expect(lead.state.decisions.at(-1)).not.toHaveProperty('override');
  });

  it('resumes its checks after a hub restart, recording no result twice', async () => {
    let clock = Date.UTC(2026, 3, 29, 18, 0);
    t = await startTestHub({ now: () => clock }, RUNBOOK);
    const { dir, cutoverId, tokens } = t;
    let lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('check.define', { check: rowCounts('person', 10) }).done;
    await lead.send('cutover.start', {}).done;
    await lead.send('step.complete', { stepId: 'copy' }).done;
    await lead.send('step.start', { stepId: 'verify' }).done;
    await until(lead, (c) => evaluated(c, 'orders-rows').length === 1, 10_000, 'the first scheduled result');
    // Ten seconds later it runs again, unchanged: not recorded within the minute.
    clock += 10_000;
    await new Promise((r) => setTimeout(r, 1500));
    expect(evaluated(lead, 'orders-rows')).toHaveLength(1);
    lead.stop();
    await t.hub.close();

    clock += 20_000;
    const hub = await startHub({ dataDir: dir, port: 0, log: () => undefined, now: () => clock });
    try {
      lead = nodeClient(hub.url, cutoverId, tokens.lead, 'Lena');
      lead.start();
      await live(lead);
      // 30 s after the first result: due again, unchanged, and still within the minute.
      await new Promise((r) => setTimeout(r, 1500));
      expect(evaluated(lead, 'orders-rows')).toHaveLength(1);
      // A minute after the first: recorded once, with the count of every run in between.
      clock += 31_000;
      await until(lead, (c) => evaluated(c, 'orders-rows').length === 2, 10_000, 'the once-a-minute result');
      await new Promise((r) => setTimeout(r, 1200));
      const results = evaluated(lead, 'orders-rows');
      expect(results).toHaveLength(2);
      expect(results[1]!.payload.attempt).toBeGreaterThan(results[0]!.payload.attempt);
      expect(results[1]!.ts - results[0]!.ts).toBeGreaterThanOrEqual(60_000);
      // A change is recorded at once, whatever the minute says.
      await admin.query(`INSERT INTO ${newDb}.orders SELECT * FROM ${oldDb}.orders WHERE id = 777`);
      clock += 10_000;
      await until(lead, (c) => evaluated(c, 'orders-rows').at(-1)!.payload.pass, 10_000, 'the passing result');
      expect(evaluated(lead, 'orders-rows')).toHaveLength(3);
    } finally {
      lead.stop();
      await hub.close();
      t = undefined;
      const { rm } = await import('node:fs/promises');
      await rm(dir, { recursive: true, force: true });
    }
  });
});

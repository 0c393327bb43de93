import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startHub } from '../../../electron/hub/hub';
import type { CommandType, Role } from '@shared/cutover';
import { live, nodeClient, startTestHub, until } from '../../support/hubHarness';

const stepId = fc.constantFrom('a', 'b', 'c', 'd', 'nope');
const reason = fc.constantFrom('lag too high', 'done by hand', ' ');
const commandArb: fc.Arbitrary<[CommandType, unknown]> = fc.oneof(
  fc.constant<[CommandType, unknown]>(['cutover.start', {}]),
  fc.tuple(stepId, fc.option(reason, { nil: undefined })).map(([s, force]): [CommandType, unknown] => ['step.start', { stepId: s, force }]),
  stepId.map((s): [CommandType, unknown] => ['step.complete', { stepId: s }]),
  fc
    .tuple(fc.constantFrom<CommandType>('step.skip', 'step.fail', 'step.block', 'step.reopen'), stepId, reason)
    .map(([t, s, r]): [CommandType, unknown] => [t, { stepId: s, reason: r }]),
  fc.tuple(stepId, fc.string({ maxLength: 20 })).map(([s, text]): [CommandType, unknown] => ['step.note', { stepId: s, text }]),
  fc
    .tuple(fc.string({ maxLength: 30 }), fc.constantFrom('info', 'issue', 'decision', 'action'))
    .map(([text, severity]): [CommandType, unknown] => ['note.add', { text, severity }]),
  fc.tuple(stepId, fc.integer({ min: 0, max: 90 })).map(([s, d]): [CommandType, unknown] => ['step.edit', { stepId: s, changes: { plannedDurationMin: d } }]),
  fc.boolean().map((on): [CommandType, unknown] => ['member.shift', { onShift: on }]),
  fc.constantFrom('completed', 'aborted').map((o): [CommandType, unknown] => ['cutover.finish', { outcome: o, reason: 'end' }]),
);
const roleArb = fc.constantFrom<Role>('lead', 'operator', 'approver', 'observer');

describe('convergence', () => {
  it('folds random command sequences to the same state on the hub, on every client, and after a restart', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(roleArb, commandArb), { minLength: 1, maxLength: 40 }), async (script) => {
        const t = await startTestHub();
        try {
          const clients = {
            lead: t.client('lead', 'L'),
            operator: t.client('operator', 'O'),
            approver: t.client('approver', 'A'),
            observer: t.client('observer', 'V'),
          } as const;
          await Promise.all(Object.values(clients).map(live));
          // Everyone fires at once; the hub decides the order and some commands are refused.
          await Promise.all(
            script.map(([role, [type, payload]]) => clients[role as keyof typeof clients].send(type, payload as never).done.catch(() => undefined)),
          );
          const hubState = t.hub.registry.get(t.cutoverId)!.runtime.state;
          await Promise.all(Object.values(clients).map((c) => until(c, (x) => x.state.seq === hubState.seq)));
          for (const c of Object.values(clients)) expect(c.state).toEqual(hubState);

          for (const c of Object.values(clients)) c.stop();
          await t.hub.close();
          const again = await startHub({ dataDir: t.dir, port: 0, log: () => undefined });
          try {
            expect(again.registry.get(t.cutoverId)!.runtime.state).toEqual(hubState);
            const late = nodeClient(again.url, t.cutoverId, t.tokens.observer, 'V');
            late.start();
            await until(late, (x) => x.status === 'live');
            expect(late.state).toEqual(hubState);
            late.stop();
          } finally {
            await again.close();
          }
        } finally {
          await t.stop().catch(() => undefined);
        }
      }),
      { numRuns: 25 },
    );
  });
});

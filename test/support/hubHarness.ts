import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { CommandRejected, HubClient, type WebSocketLike } from '@shared/client';
import type { Role, RunbookPlan } from '@shared/cutover';
import { socketUrl } from '@shared/protocol';
import { startHub, type Hub, type HubOptions } from '../../electron/hub/hub';

export const tempDir = (prefix = 'warroom-test-') => mkdtemp(join(tmpdir(), prefix));

/** A small runbook: a → b → c in one phase, and d depending on a in another. */
export const SMALL_RUNBOOK: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Stop and switch',
      steps: [
        step('a', 'Stop event processing', 0, 15, []),
        step('b', 'Switch database', 15, 10, ['a']),
        step('c', 'Update sequences', 25, 5, ['b'], { pointOfNoReturn: true }),
      ],
    },
    { id: 'p2', title: 'Verify', steps: [step('d', 'Check replication', 15, 10, ['a'], { kind: 'verification' })] },
  ],
};

export function step(
  id: string,
  title: string,
  offset: number,
  duration: number,
  deps: string[],
  extra: Partial<RunbookPlan['phases'][number]['steps'][number]> = {},
) {
  return {
    id,
    title,
    description: '',
    owner: 'DBA',
    plannedOffsetMin: offset,
    plannedDurationMin: duration,
    dependsOn: deps,
    kind: 'task' as const,
    rollbackNote: '',
    pointOfNoReturn: false,
    ...extra,
  };
}

export type TestHub = {
  hub: Hub;
  dir: string;
  cutoverId: string;
  tokens: Record<Role, string>;
  client: (role: Role, name?: string, extra?: Partial<ConstructorParameters<typeof HubClient>[0]>) => HubClient;
  /** Someone who came in by a link of their own (one the lead created for one person), started. */
  personal: (lead: HubClient, role: Role, name: string) => Promise<HubClient>;
  stop: () => Promise<void>;
};

export const WINDOW_START = Date.UTC(2026, 3, 29, 18, 0); // 19:00 BST, the night of seed 000

export async function startTestHub(opts: Partial<HubOptions> = {}, runbook: RunbookPlan = SMALL_RUNBOOK, windowStart = WINDOW_START): Promise<TestHub> {
  const dir = opts.dataDir ?? (await tempDir());
  const hub = await startHub({ dataDir: dir, port: 0, log: () => undefined, ...opts });
  const { cutoverId, invites } = await hub.createCutover({
    title: 'Database cutover',
    window: { start: windowStart, end: windowStart + 120 * 60_000, timeZone: 'Europe/London' },
    isRehearsal: false,
    runbook,
  });
  const tokens = Object.fromEntries(invites.map((i) => [i.invite.role, i.token])) as Record<Role, string>;
  const clients: HubClient[] = [];
  return {
    hub,
    dir,
    cutoverId,
    tokens,
    client(role, name = `${role}-person`, extra = {}) {
      const c = nodeClient(hub.url, cutoverId, tokens[role], name, extra);
      clients.push(c);
      c.start();
      return c;
    },
    async personal(lead, role, name) {
      const { result } = await lead.send('invite.create', { role, station: '', label: name, singleUse: true }).outcome;
      const c = nodeClient(hub.url, cutoverId, (result as { token: string }).token, name);
      clients.push(c);
      c.start();
      return c;
    },
    async stop() {
      for (const c of clients) c.stop();
      await hub.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function nodeClient(
  hubUrl: string,
  cutoverId: string,
  token: string,
  name: string,
  extra: Partial<ConstructorParameters<typeof HubClient>[0]> = {},
): HubClient {
  return new HubClient({
    url: socketUrl(hubUrl, cutoverId),
    auth: { token },
    name,
    createSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as WebSocketLike,
    newId: randomUUID,
    now: Date.now,
    backoff: { baseMs: 20, maxMs: 200 },
    ...extra,
  });
}

/** Resolves when the predicate holds, checking after every change the client reports. */
export function until(client: HubClient, predicate: (c: HubClient) => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  return new Promise((resolve, reject) => {
    if (predicate(client)) return resolve();
    const timer = setTimeout(() => {
      off();
      reject(new Error(`Timed out waiting for ${what} (status ${client.status}, seq ${client.state.seq})`));
    }, timeoutMs);
    const off = client.subscribe(() => {
      if (predicate(client)) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
}

/** Resolves once `check` holds, polling: for conditions no client reports (a fake's state). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const live = (c: HubClient) => until(c, (x) => x.status === 'live', 5000, 'live');

/** What the hub answered a command: 'accepted', or the sentence it was refused with. */
export const refusal = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'accepted',
    (e: unknown) => (e instanceof CommandRejected ? e.message : String(e)),
  );

/** The lead, live on `hub`'s night, which they have started and whose step `stepId` they have started and done. */
export async function leadWithStepDone(hub: TestHub, stepId = 'a'): Promise<HubClient> {
  const lead = hub.client('lead', 'Lena');
  await live(lead);
  await lead.send('cutover.start', {}).done;
  await lead.send('step.start', { stepId }).done;
  await lead.send('step.complete', { stepId }).done;
  return lead;
}

/** A night's store inside a test hub, reached past the runtime: a test makes its writes wait or fail (a slow or full disk). */
export type JournalInside = { append: (raws: string[]) => Promise<void> };
export const journalOf = (hub: Hub, cutoverId: string): JournalInside =>
  (hub.registry.get(cutoverId)!.runtime as unknown as { opts: { store: JournalInside } }).opts.store;

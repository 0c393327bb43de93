import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { HubClient } from '@shared/client';
import type { CutoverEvent } from '@shared/cutover';
import { openConnection, pendingKey, type Target } from '../../../renderer/connection/openConnection';
import { startTestHub, until, type TestHub } from '../../support/hubHarness';

/*
 * The queue of unanswered commands is kept in the browser's storage, shared by every tab of the
 * same link and by nobody else: tabs open on a real hub through openConnection, with one
 * storage between them as a browser has it. "Offline" is a tab not started yet: what it is sent
 * waits in its queue, as when no hub answers.
 */

let t: TestHub | undefined;
const tabs: HubClient[] = [];
let kept: Map<string, string>;

beforeEach(() => {
  kept = new Map();
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => kept.get(k) ?? null,
    setItem: (k: string, v: string) => void kept.set(k, v),
    removeItem: (k: string) => void kept.delete(k),
  });
  // What openConnection reads of the page: not a link naming several hubs, and no offline shell to install.
  vi.stubGlobal('window', { location: { href: 'http://localhost/' } });
  vi.stubGlobal('location', { protocol: 'file:' });
  vi.stubGlobal('WebSocket', WebSocket);
});

afterEach(async () => {
  for (const tab of tabs.splice(0)) tab.stop();
  await t?.stop();
  t = undefined;
  vi.unstubAllGlobals();
});

/** A tab on the link with this token, not yet connected. */
function tab(token: string, name: string): HubClient {
  const client = openConnection(web(token), name);
  tabs.push(client);
  return client;
}

const web = (token: string): Target => ({ mode: 'web', hub: t!.hub.url, cutoverId: t!.cutoverId, token });

const note = (text: string) => ({ text, severity: 'info' as const });

const notesSaying = (events: readonly CutoverEvent[], text: string) =>
  events.flatMap((e) => (e.type === 'note.added' && e.payload.text === text ? [e.actor.name] : []));

const keptTexts = (target: Target) => (JSON.parse(kept.get(pendingKey(target)) ?? '[]') as { payload: { text: string } }[]).map((c) => c.payload.text);

describe('the queue kept for a reload, between tabs', () => {
  it('keeps a note queued in one tab when another tab of the link has the hub take the first one', async () => {
    t = await startTestHub();
    const operator = t.tokens.operator;
    const a = tab(operator, 'Omar');
    a.send('note.add', note('X: replica caught up'));
    // Tab B opens while the hub is away and picks up X from the storage.
    const b = tab(operator, 'Omar');
    expect(b.pending.map((c) => (c.payload as { text: string }).text)).toEqual(['X: replica caught up']);
    a.send('note.add', note('Y: switching writes'));
    expect(keptTexts(web(operator))).toEqual(['X: replica caught up', 'Y: switching writes']);

    // The hub is back for tab B, which sends X; the hub takes it.
    b.start();
    await until(b, (c) => c.status === 'live' && c.pending.length === 0, 5000, 'X answered');
    // Tab A is reloaded before it sent anything: Y is still there for it.
    a.stop();
    const reloaded = tab(operator, 'Omar');
    expect(reloaded.pending.map((c) => (c.payload as { text: string }).text)).toEqual(['Y: switching writes']);
    reloaded.start();
    await until(reloaded, (c) => c.status === 'live' && c.pending.length === 0, 5000, 'Y answered');
    await until(reloaded, (c) => notesSaying(c.events, 'X: replica caught up').length === 1, 5000, 'X in the timeline');
    expect(notesSaying(reloaded.events, 'Y: switching writes')).toEqual(['Omar']);
    expect(kept.has(pendingKey(web(operator)))).toBe(false);
  });

  it('never has a tab on another link send the queued commands as its own member', async () => {
    t = await startTestHub();
    const omar = tab(t.tokens.operator, 'Omar');
    omar.send('note.add', note('Replica lag 40 s on orders-db'));
    // The lead opens their own link in the same browser: the operator's note is not theirs to send.
    const lena = tab(t.tokens.lead, 'Lena');
    expect(lena.pending).toEqual([]);
    lena.start();
    omar.start();
    await until(omar, (c) => c.status === 'live' && c.pending.length === 0, 5000, 'the note answered');
    await until(lena, (c) => c.status === 'live' && notesSaying(c.events, 'Replica lag 40 s on orders-db').length > 0, 5000, 'the note seen');
    expect(notesSaying(lena.events, 'Replica lag 40 s on orders-db')).toEqual(['Omar']);
    // The link's token is not written in the storage's keys.
    expect([...kept.keys()].some((k) => k.includes(t!.tokens.operator) || k.includes(t!.tokens.lead))).toBe(false);
  });

  it('applies a kept command once when two tabs of the link both send it', async () => {
    t = await startTestHub();
    const operator = t.tokens.operator;
    const a = tab(operator, 'Omar');
    const { id } = a.send('note.add', note('Rollback plan re-read'));
    const b = tab(operator, 'Omar');
    expect(b.pending.map((c) => c.id)).toEqual([id]);
    a.start();
    b.start();
    await until(a, (c) => c.status === 'live' && c.pending.length === 0, 5000, 'A answered');
    await until(b, (c) => c.status === 'live' && c.pending.length === 0, 5000, 'B answered');
    let refusedInB = 0;
    b.onUnclaimedRefusal(() => refusedInB++);
    await until(b, (c) => notesSaying(c.events, 'Rollback plan re-read').length > 0, 5000, 'the note seen');
    expect(notesSaying(b.events, 'Rollback plan re-read')).toEqual(['Omar']);
    expect(refusedInB).toBe(0);
    expect(kept.has(pendingKey(web(operator)))).toBe(false);
  });

  it('takes over commands the page kept before each link had its own queue', () => {
    kept.set('warroom.pending.http://hub.example|c1', JSON.stringify([{ id: 'q1', type: 'note.add', payload: note('kept before'), queuedAt: 1, sent: false }]));
    const target: Target = { mode: 'web', hub: 'http://hub.example', cutoverId: 'c1', token: 'tok-1' };
    const client = openConnection(target, 'Omar');
    expect(client.pending.map((c) => c.id)).toEqual(['q1']);
    expect([...kept.keys()]).toEqual([pendingKey(target)]);
  });
});

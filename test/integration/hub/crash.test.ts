import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { CutoverEvent } from '@shared/cutover';
import { tempDir } from '../../support/hubHarness';
import { RawSocket } from '../../support/rawSocket';
import { cutoverOnDisk, spawnHub } from '../../support/spawnHub';

async function allEvents(url: string, cutoverId: string, token: string): Promise<CutoverEvent[]> {
  const raw = await RawSocket.open(url, cutoverId, token);
  raw.send({ t: 'hello', protocol: 1, name: 'Auditor', since: 0 });
  const events: CutoverEvent[] = [];
  const welcome = await raw.next('welcome');
  while (events.length < welcome.headSeq) events.push(...(await raw.next('events')).events);
  raw.close();
  return events;
}

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('a hub killed during a burst of commands', () => {
  it('keeps every acknowledged event exactly once with contiguous seqs, over three crashes', { timeout: 60_000 }, async () => {
    const dir = await tempDir('warroom-crash-');
    dirs.push(dir);
    const { cutoverId, leadToken: token } = await cutoverOnDisk(dir);
    const acked = new Map<string, number[]>();
    const sent: string[] = [];

    for (let round = 0; round < 3; round++) {
      const { proc, url } = await spawnHub(dir);
      const raw = await RawSocket.open(url, cutoverId, token);
      raw.send({ t: 'hello', protocol: 1, name: 'Lena', since: 0 });
      await raw.next('synced');
      raw.ws.on('message', (d) => {
        const m = JSON.parse(d.toString()) as { t: string; id: string; seqs: number[] };
        if (m.t === 'ack') acked.set(m.id, m.seqs);
      });
      // Fire commands without waiting; kill the hub once some are acknowledged and more are in flight.
      const before = acked.size;
      let i = 0;
      const firing = setInterval(() => {
        for (let k = 0; k < 20; k++) {
          const id = `r${round}-${i++}`;
          sent.push(id);
          raw.send({ t: 'command', id, type: 'note.add', payload: { text: id, severity: 'info' } });
        }
      }, 2);
      while (acked.size < before + 150) await new Promise((r) => setTimeout(r, 2));
      proc.kill('SIGKILL');
      clearInterval(firing);
      await new Promise((r) => proc.once('exit', r));
    }

    const { proc, url } = await spawnHub(dir);
    try {
      const events = await allEvents(url, cutoverId, token);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      const bySeq = new Map(events.map((e) => [e.seq, e]));
      for (const [id, seqs] of acked) {
        expect(
          events.filter((e) => e.commandId === id),
          `command ${id}`,
        ).toHaveLength(1);
        expect(bySeq.get(seqs[0]!)?.commandId).toBe(id);
      }
      const ids = events.map((e) => e.commandId).filter((x): x is string => x !== undefined);
      expect(new Set(ids).size).toBe(ids.length);
      expect(acked.size).toBeGreaterThanOrEqual(450);

      // Resending everything after the crashes changes nothing already applied.
      const raw = await RawSocket.open(url, cutoverId, token);
      raw.send({ t: 'hello', protocol: 1, name: 'Lena', since: events.length });
      await raw.next('synced');
      for (const id of sent.slice(0, 300)) raw.send({ t: 'command', id, type: 'note.add', payload: { text: id, severity: 'info' } });
      for (let k = 0; k < 300; k++) await raw.next('ack');
      raw.close();
      const after = await allEvents(url, cutoverId, token);
      const notes = after.filter((e) => e.type === 'note.added').map((e) => e.commandId);
      expect(new Set(notes).size).toBe(notes.length);
    } finally {
      proc.kill('SIGKILL');
    }
  });
});

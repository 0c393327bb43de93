import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SampleBatch } from '@shared/metrics';
import { ARCHIVE_VERSION, archiveFileName, decodeArchive, encodeArchive, slugify } from '@shared/archive';
import { sha256Pure } from '@shared/archive/sha256';
import { foldEvents, type CutoverEvent } from '@shared/cutover';
import { exportArchive } from '../../../electron/hub/transport/archiveRoute';
import { live, startTestHub, type TestHub } from '../../support/hubHarness';
import { recordNight, reseal, seal, split } from './night';

let t: TestHub | undefined;
afterEach(async () => {
  vi.unstubAllGlobals();
  await t?.stop();
  t = undefined;
});

const archiveUrl = (hub: TestHub, cutoverId = hub.cutoverId) => `${hub.hub.url}/api/cutovers/${cutoverId}/archive`;
const get = (url: string, token?: string) => fetch(url, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });

async function recordedArchive(): Promise<{ text: string; tokens: string[]; hub: TestHub }> {
  t = await startTestHub();
  const { tokens } = await recordNight(t);
  const res = await get(archiveUrl(t), t.tokens.observer);
  expect(res.status).toBe(200);
  return { text: await res.text(), tokens, hub: t };
}

const errorOf = async (text: string) => {
  const r = await decodeArchive(text);
  if (r.ok) throw new Error('expected the archive to be refused');
  return r.error;
};

describe('the archive of a night recorded through a real hub', () => {
  it('comes over HTTP with any role’s token, and opens to the very state the hub holds', async () => {
    t = await startTestHub();
    await recordNight(t);
    const runtime = t.hub.registry.get(t.cutoverId)!.runtime;
    for (const role of ['lead', 'operator', 'approver', 'comms', 'observer'] as const) {
      const res = await get(archiveUrl(t), t.tokens[role]);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="database-cutover-2026-04-29.warroom.json"');
      const decoded = await decodeArchive(await res.text());
      if (!decoded.ok) throw new Error(decoded.error);
      expect(decoded.state).toEqual(runtime.state);
      expect(decoded.archive.events).toHaveLength(runtime.state.seq);
      expect(decoded.archive).toMatchObject({
        format: 'warroom-archive',
        version: 1,
        exportedBy: role,
        cutover: { id: t.cutoverId, title: 'Database cutover', isRehearsal: false, window: runtime.state.info!.window },
        counts: { events: runtime.state.seq, samples: 0 },
        samples: [],
      });
      expect(decoded.archive.events.map((e) => e.type)).toContain('decision.recorded');
    }
  });

  it('refuses a missing, wrong, revoked or foreign token, and an unknown cutover, alike', async () => {
    t = await startTestHub();
    const other = await t.hub.createCutover({ title: 'Other', window: { start: 0, end: 1, timeZone: 'UTC' }, runbook: { phases: [] } });
    const lead = t.client('lead');
    await live(lead);
    const { result } = await lead.send('invite.create', { role: 'operator', station: 'DBA' }).outcome;
    const revoked = result as { inviteId: string; token: string };
    await lead.send('invite.revoke', { inviteId: revoked.inviteId }).done;

    const refusals = [
      await get(archiveUrl(t)),
      await get(archiveUrl(t), 'not-a-token'),
      await get(archiveUrl(t), revoked.token),
      await get(archiveUrl(t), other.invites[0]!.token),
      await get(archiveUrl(t, 'c-0000000000'), t.tokens.lead),
      await fetch(archiveUrl(t), { headers: { authorization: `Basic ${t.tokens.lead}` } }),
    ];
    for (const res of refusals) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'This invite token is not valid for this cutover' });
    }
    expect((await fetch(archiveUrl(t), { method: 'POST', headers: { authorization: `Bearer ${t.tokens.lead}` } })).status).toBe(404);
  });

  it('holds none of the invite tokens the night minted, nor their hashes', async () => {
    const { text, tokens, hub } = await recordedArchive();
    expect(tokens.length).toBe(7);
    for (const token of tokens) expect(text).not.toContain(token);
    const stored = JSON.parse(await readFile(join(hub.dir, 'cutovers', hub.cutoverId, 'invites.json'), 'utf8')) as { id: string; hash: string }[];
    expect(stored.length).toBe(7);
    for (const { id, hash } of stored) {
      expect(text).not.toContain(hash);
      expect(text).toContain(id); // the invite itself is on the record, without its secret
    }
    // invite.created carries the invite's public description only.
    const decoded = await decodeArchive(text);
    if (!decoded.ok) throw new Error(decoded.error);
    for (const e of decoded.archive.events.filter((e) => e.type === 'invite.created')) {
      expect(Object.keys(e.payload.invite).sort()).toEqual(['id', 'label', 'role', 'station']);
    }
  });

  it('is built by exportArchive for the desktop app the same as over HTTP', async () => {
    const { text, hub } = await recordedArchive();
    const direct = await exportArchive(hub.hub, hub.cutoverId, {
      exportedBy: 'observer',
      now: () => JSON.parse(text.slice(0, text.indexOf(',"body":')) + '}').exportedAt as number,
    });
    expect(direct).toEqual({ text, fileName: 'database-cutover-2026-04-29.warroom.json' });
    expect(await exportArchive(hub.hub, 'c-missing')).toBeNull();
  });
});

describe('opening an archive that is not right', () => {
  it('says a newer Warroom made it', async () => {
    const { text } = await recordedArchive();
    const { header, bodyText } = split(text);
    expect(await errorOf(seal({ ...header, version: ARCHIVE_VERSION + 1 }, bodyText))).toBe(
      `This archive was made by a newer Warroom (format version ${ARCHIVE_VERSION + 1}); update Warroom to open it.`,
    );
    const newerEvent = reseal(text, (body) => void (body.events[3]!.v = 2));
    expect(await errorOf(newerEvent)).toBe(
      'This archive was made by a newer Warroom (the event at index 3 (seq 4) has event version 2); update Warroom to open it.',
    );
    // A type added since, in an archive whose checksum holds: not "damaged".
    const newerType = reseal(text, (body) => void (body.events[3]!.type = 'step.attached' as never));
    expect(await errorOf(newerType)).toBe(
      'This archive was made by a newer Warroom (the event at index 3 (seq 4) is a "step.attached", which this one does not know); update Warroom to open it.',
    );
    // A type no Warroom names so is damage still.
    expect(await errorOf(reseal(text, (body) => void (body.events[3]!.type = '%%' as never)))).toBe(
      'The archive is damaged: the event at index 3 (seq 4) has an unknown type "%%".',
    );
  });

  it('says it is damaged when a byte of the body changed or the file was cut short', async () => {
    const { text } = await recordedArchive();
    const message = 'The archive is damaged: its checksum does not match (it was changed or truncated).';
    expect(await errorOf(text.replace('Replication lag is 40 s', 'Replication lag is 4 s'))).toBe(message);
    // Cut after an event's closing brace and closed again by hand: still caught.
    const cut = text.lastIndexOf('},{');
    expect(await errorOf(`${text.slice(0, cut + 1)}],"samples":[]}}`)).toBe(message);
    expect(await errorOf(text.slice(0, text.length - 40))).toBe(message);
    // Cut inside the header, the file is not even JSON any more, but still recognisably an archive.
    expect(await errorOf(text.slice(0, 100))).toMatch(/^The archive is damaged: it is not complete JSON \(.+\); it was truncated or changed\.$/);
    // Pretty-printed by some tool: the same content, but not the file Warroom wrote.
    expect(await errorOf(JSON.stringify(JSON.parse(text), null, 2))).toBe(message);
  });

  it('says a file is not JSON, or not an archive', async () => {
    expect(await errorOf('hello')).toMatch(/^This file is not a Warroom archive: it is not valid JSON \(.+\)\.$/);
    expect(await errorOf('')).toMatch(/^This file is not a Warroom archive: it is not valid JSON/);
    expect(await errorOf('{"format":"something-else","version":1,"body":{}}')).toBe(
      'This file is not a Warroom archive: its format is "something-else", not "warroom-archive".',
    );
    expect(await errorOf('{"name":"package","body":{}}')).toBe('This file is not a Warroom archive: it has no "format" field.');
    expect(await errorOf('[1,2,3]')).toBe('This file is not a Warroom archive: it is JSON, but not an archive object.');
    expect(await errorOf(123 as unknown as string)).toBe('This file is not a Warroom archive: it is not text.');
  });

  it('names the first event out of order when seqs have a gap', async () => {
    const { text } = await recordedArchive();
    const gap = reseal(text, (body) => void body.events.splice(4, 1));
    expect(await errorOf(gap)).toBe('The archive is damaged: the event at index 4 (seq 6) should have seq 5: events are missing, repeated or out of order.');
  });

  it('refuses a first event that is not cutover.created', async () => {
    const { text } = await recordedArchive();
    const headless = reseal(text, (body) => {
      body.events.shift();
      body.events.forEach((e, i) => (e.seq = i + 1));
    });
    expect(await errorOf(headless)).toMatch(/^The archive is damaged: its first event is [a-z.]+[A-Za-z]*, not cutover\.created\.$/);
  });

  it('names an invalid event, an unknown type, counts and a header that disagree with the body', async () => {
    const { text } = await recordedArchive();
    expect(await errorOf(reseal(text, (body) => void ((body.events[2]!.payload as Record<string, unknown>).invite = 7)))).toBe(
      'The archive is damaged: the event at index 2 (seq 3) is not a valid invite.created event (payload.invite: Invalid input: expected object, received number).',
    );
    // A type named as ours are, in an archive whose checksum holds, is a newer Warroom's (the newer-version test).
    expect(await errorOf(reseal(text, (body) => void (body.events[5]!.type = 'step teleported')))).toBe(
      'The archive is damaged: the event at index 5 (seq 6) has an unknown type "step teleported".',
    );
    const { header, bodyText } = split(text);
    expect(await errorOf(seal(header, bodyText, { counts: { events: 3, samples: 0 } }))).toMatch(
      /^The archive is damaged: its header counts 3 events but it holds \d+\.$/,
    );
    expect(await errorOf(seal({ ...header, cutover: { ...(header.cutover as object), title: 'Something else' } }, bodyText))).toBe(
      'The archive is damaged: its header describes a different cutover than its events do.',
    );
    expect(await errorOf(seal({ ...header, checksum: undefined }, bodyText).replace(/"checksum":"[^"]+",/, ''))).toBe(
      'The archive is damaged: its checksum is missing or malformed.',
    );
  });

  it('refuses a header relabelled as version 1 over a body holding the team’s review, rather than open the night without it', async () => {
    const { text } = await recordedArchive();
    const opened = await decodeArchive(text);
    if (!opened.ok) throw new Error(opened.error);
    const reviewed = await encodeArchive({
      events: opened.archive.events,
      exportedAt: 1,
      review: { postmortem: '# Postmortem\n\nOur edits', actions: [], editedAt: 2, editedBy: 'Lena' },
    });
    const { header, bodyText } = split(reviewed);
    expect(header.version).toBe(2);
    // The checksum covers the body only: the header's version is checked against what the body holds.
    expect(await errorOf(seal({ ...header, version: 1 }, bodyText))).toBe(
      'The archive is damaged: its header says version 1, but its body holds a review, which version 2 added.',
    );
  });

  it('refuses a file over the size limit before reading it', async () => {
    const { text } = await recordedArchive();
    // Trailing white space (an editor's final newline) is not part of the body.
    expect((await decodeArchive(`${text}\n  \n`)).ok).toBe(true);
    const r = await decodeArchive(text, { maxBytes: 1000 });
    expect(r).toEqual({
      ok: false,
      error: expect.stringMatching(/^This file is too large to be opened as a Warroom archive \(at least \d+(\.\d)? KB; the limit is 1000 bytes\)\.$/),
    });
    // Multi-byte characters count as bytes, not characters.
    const wide = await decodeArchive(text, { maxBytes: text.length + 5 });
    expect(wide).toEqual({ ok: false, error: expect.stringMatching(/^This file is too large/) });
  });

  it('opens where Web Crypto is missing (a browser on plain http), with the same checksum', async () => {
    const { text, hub } = await recordedArchive();
    vi.stubGlobal('crypto', undefined);
    expect(globalThis.crypto).toBeUndefined();
    const decoded = await decodeArchive(text);
    expect(decoded.ok && decoded.state).toEqual(hub.hub.registry.get(hub.cutoverId)!.runtime.state);
    expect(await errorOf(text.replace('Replication lag', 'Replication hag'))).toMatch(/checksum does not match/);
  });
});

describe('SHA-256 without Web Crypto', () => {
  it('agrees with node:crypto at every padding boundary and on random data', () => {
    for (const n of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 65_537]) {
      const data = randomBytes(n);
      expect(Buffer.from(sha256Pure(data)).toString('hex')).toBe(createHash('sha256').update(data).digest('hex'));
    }
    expect(Buffer.from(sha256Pure(new TextEncoder().encode('abc'))).toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('encodeArchive', () => {
  it('refuses to write what it could not open again', async () => {
    const created = {
      v: 1,
      seq: 1,
      ts: 1,
      actor: { id: 'hub', name: 'Hub', role: 'system' },
      type: 'cutover.created',
      payload: {
        cutover: { id: 'c-1', title: 'T', window: { start: 0, end: 1, timeZone: 'UTC' }, isRehearsal: false, pointOfNoReturnAt: null },
        runbook: { phases: [] },
      },
    } as CutoverEvent;
    const note = (seq: number) =>
      ({
        v: 1,
        seq,
        ts: 2,
        actor: { id: 'm', name: 'M', role: 'lead' },
        type: 'note.added',
        payload: { noteId: `n${seq}`, text: 'hi', severity: 'info' },
      }) as CutoverEvent;
    await expect(encodeArchive({ events: [], exportedAt: 0 })).rejects.toThrow('Cannot write this archive: it holds no events');
    await expect(encodeArchive({ events: [created, note(3)], exportedAt: 0 })).rejects.toThrow(/should have seq 2/);
    await expect(encodeArchive({ events: [note(1)], exportedAt: 0 })).rejects.toThrow(/first event is note.added/);
    await expect(
      encodeArchive({ events: [created], samples: [{ s: 'lag', t: [0], v: [0], note: 'x'.repeat(20_000) } as SampleBatch], exportedAt: 0 }),
    ).rejects.toThrow(/sample at index 0 has a text of 20,000 characters/);
    const text = await encodeArchive({
      events: [created, note(2)],
      samples: [{ s: 'lag', t: [0, 1000, 2000], v: [1, 2, 3] }],
      exportedAt: 5,
      exportedBy: 'Lena',
    });
    expect(
      text.startsWith(
        '{"format":"warroom-archive","version":1,"exportedAt":5,"exportedBy":"Lena","cutover":{"id":"c-1","title":"T","isRehearsal":false,"window":{"start":0,"end":1,"timeZone":"UTC"}},"counts":{"events":2,"samples":1},"checksum":"sha256:',
      ),
    ).toBe(true);
    const decoded = await decodeArchive(text);
    expect(decoded.ok && decoded.state).toEqual(foldEvents([created, note(2)]));
    expect(decoded.ok && decoded.archive.samples).toEqual([{ s: 'lag', t: [0, 1000, 2000], v: [1, 2, 3] }]);
  });

  it('names the file after the title and the night’s date where it was planned', () => {
    const window = { start: Date.UTC(2026, 3, 29, 23, 30), end: Date.UTC(2026, 3, 30, 2), timeZone: 'Europe/London' };
    expect(archiveFileName({ title: 'Database cutover', window })).toBe('database-cutover-2026-04-30.warroom.json');
    expect(archiveFileName({ title: 'Bascule de la base de données', window: { ...window, timeZone: 'America/New_York' } })).toBe(
      'bascule-de-la-base-de-donnees-2026-04-29.warroom.json',
    );
    expect(archiveFileName({ title: '"; rm -rf / ; ../..', window: { ...window, timeZone: 'Not/AZone' } })).toBe('rm-rf-2026-04-29.warroom.json');
    expect(slugify('🚀🚀')).toBe('cutover');
  });
});

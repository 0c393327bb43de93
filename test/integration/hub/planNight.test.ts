import { spawn } from 'node:child_process';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseJoinLink } from '@shared/protocol';
import { startHub, type Hub } from '../../../electron/hub/hub';
import { live, nodeClient, tempDir, until, waitFor } from '../../support/hubHarness';

/*
 * A night planned without the desktop (#16): by the admin over HTTP, as the browser's "Plan a
 * new night" does, and by `npm run hub -- --runbook FILE`. Both through the real hub.
 */

const ADMIN = 'an-admin-token-of-enough-length-0123';
const WINDOW = { start: Date.UTC(2026, 4, 1, 21, 0), end: Date.UTC(2026, 4, 2, 1, 0), timeZone: 'Europe/London' };
const NIGHT_MD = [
  '# Orders database to the cloud',
  '## Prepare',
  '- [ ] Roll call (lead, 5m)',
  '- [ ] Stop the cron jobs (DBA, 10m)',
  '## Switch',
  '- [ ] Switch writes (DBA, 15m) [ponr]',
  '- [ ] Check writes land (SRE, 10m) [verify]',
].join('\n');

let hub: Hub | undefined;
let dir: string | undefined;
const logged: string[] = [];
afterEach(async () => {
  await hub?.close();
  hub = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
  logged.length = 0;
});

async function adminHub(adminToken: string | null = ADMIN): Promise<Hub> {
  dir = await tempDir();
  hub = await startHub({ dataDir: dir, port: 0, log: (m) => logged.push(m), ...(adminToken ? { adminToken } : {}) });
  return hub;
}

const plan = (h: Hub, body: unknown, token = ADMIN) =>
  fetch(`${h.url}/api/cutovers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** Every file under `root`, as text. */
async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { recursive: true })) {
    const path = join(root, entry);
    if ((await stat(path)).isFile()) out.push(await readFile(path, 'latin1'));
  }
  return out;
}

describe('planning a night over HTTP with the admin token', () => {
  it('checks the token, plans the night from Markdown, and makes the admin its lead', async () => {
    const h = await adminHub();
    expect((await fetch(`${h.url}/api/admin`, { headers: { authorization: 'Bearer wrong-token-of-the-same-length-012' } })).status).toBe(401);
    expect((await fetch(`${h.url}/api/admin`)).status).toBe(401);
    expect((await fetch(`${h.url}/api/admin`, { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(204);

    const wrong = await plan(h, { title: 'x', window: WINDOW, source: { kind: 'markdown', text: NIGHT_MD } }, 'not-it');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'This is not the admin token of this hub' });
    expect(h.registry.list()).toHaveLength(0);

    const res = await plan(h, { title: 'Orders night', window: WINDOW, isRehearsal: false, source: { kind: 'markdown', text: NIGHT_MD } });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { cutoverId: string; title: string; leadToken: string };
    expect(created.title).toBe('Orders night');

    const lead = nodeClient(h.url, created.cutoverId, created.leadToken, 'Lena');
    lead.start();
    await live(lead);
    expect(lead.member?.role).toBe('lead');
    expect(lead.state.info?.title).toBe('Orders night');
    expect(lead.state.phases.map((p) => p.title)).toEqual(['Prepare', 'Switch']);
    expect(
      Object.values(lead.state.steps)
        .filter((s) => s.pointOfNoReturn)
        .map((s) => s.title),
    ).toEqual(['Switch writes']);
    // Only the lead's invite: the rest of the crew is invited from the Crew tab.
    expect(Object.values(lead.state.invites).map((i) => i.role)).toEqual(['lead']);
    lead.stop();

    // The token is nowhere the hub writes: not its log, not its data folder.
    await h.close();
    hub = undefined;
    expect(logged.join('\n')).not.toContain(ADMIN);
    for (const text of await filesUnder(dir!)) expect(text).not.toContain(ADMIN);
  });

  it('refuses what the importer refuses, every problem with its line, and plans nothing', async () => {
    const h = await adminHub();
    const text = [
      '- [ ] Before any phase (lead, 5m)',
      '## Prepare',
      '- [ ] Roll call (, )',
      '- [ ] Switch writes (DBA, 15m) [ponr]',
      '## prepare',
      '- [ ] Drop old tables (DBA, 5m) [ponr]',
    ].join('\n');
    const res = await plan(h, { title: 'Broken night', window: WINDOW, source: { kind: 'markdown', text } });
    expect(res.status).toBe(400);
    const { errors } = (await res.json()) as { errors: { line: number; message: string }[] };
    expect(errors.map((e) => e.line)).toEqual([1, 3, 5, 6]);
    expect(errors[0]!.message).toMatch(/comes before the first phase/);
    expect(errors[1]!.message).toMatch(/empty owner or duration/);
    expect(errors[2]!.message).toMatch(/Two phases are called "prepare"/);
    expect(errors[3]!.message).toMatch(/already is; a runbook has one/);
    expect(h.registry.list()).toHaveLength(0);

    const yaml = await plan(h, {
      title: 'Y',
      window: WINDOW,
      source: { kind: 'yaml', text: 'phases:\n  - title: A\n    steps:\n      - { title: x, owner: "" }\n' },
    });
    expect(await yaml.json()).toEqual({ errors: [{ line: 4, message: 'owner is empty: write who does the step, or leave the field out' }] });
    const badWindow = await plan(h, { title: 'W', window: { ...WINDOW, end: WINDOW.start }, source: { kind: 'template', templateId: 'database-cutover' } });
    expect(badWindow.status).toBe(400);
    expect(((await badWindow.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/The window must end after it starts/);
    expect(h.registry.list()).toHaveLength(0);
  });

  it('has no admin door on a hub given no admin token', async () => {
    const h = await adminHub(null);
    const res = await plan(h, { title: 'x', window: WINDOW, source: { kind: 'template', templateId: 'database-cutover' } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toMatch(/This hub takes no admin token/);
  });

  it('refuses to start with an admin token too short to be a secret', async () => {
    dir = await tempDir();
    await expect(startHub({ dataDir: dir, port: 0, log: () => undefined, adminToken: 'short' })).rejects.toThrow(/The admin token is too short/);
  });
});

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs the standalone hub until it prints its links (then stops it), or until it exits. */
function runHub(args: string[], env: Record<string, string> = {}): Promise<Run & { url: string | null }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'electron/hub/cli.ts', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WARROOM_ADMIN_TOKEN: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (/observer\s+http/.test(stdout)) proc.kill('SIGTERM');
  });
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => proc.once('exit', (code) => resolve({ code, stdout, stderr, url: /listening on (http:\/\/\S+)/.exec(stderr)?.[1] ?? null })));
}

describe('npm run hub -- --runbook FILE', () => {
  it('plans the night from the file with its window in the zone given, and prints a link per role', { timeout: 30_000 }, async () => {
    dir = await tempDir();
    const file = join(dir, 'night.md');
    await writeFile(file, NIGHT_MD);
    const run = await runHub(['--data-dir', join(dir, 'data'), '--runbook', file, '--window-start', '2026-05-01T22:00', '--zone', 'Europe/London']);
    expect(run.stdout).toMatch(/Cutover c-[0-9a-f]+, “Orders database to the cloud”/);
    // The stored-secrets line says what it means, and is no error.
    expect(run.stderr).toContain('Stored secrets are off (no WARROOM_SECRETS_KEY)');
    expect(run.stderr).toContain('The demo needs none');
    const leadLink = /lead\s+(http\S+)/.exec(run.stdout)![1]!;
    const target = parseJoinLink(leadLink)!;

    // Reopened from disk by a hub of our own, joined with the printed lead link.
    hub = await startHub({ dataDir: join(dir, 'data'), port: 0, log: () => undefined });
    const lead = nodeClient(hub.url, target.cutoverId, target.token, 'Lena');
    lead.start();
    await until(lead, (c) => c.status === 'live' && c.state.info !== null, 5000, 'the planned night');
    // 22:00 in London on 1 May is 21:00 UTC; the plan runs 40 minutes.
    expect(lead.state.info?.window).toEqual({ start: Date.UTC(2026, 4, 1, 21, 0), end: Date.UTC(2026, 4, 1, 21, 40), timeZone: 'Europe/London' });
    expect(Object.keys(lead.state.steps)).toHaveLength(4);
    lead.stop();
  });

  it('starts nothing from a runbook that does not read, and names the file and line of each problem', { timeout: 30_000 }, async () => {
    dir = await tempDir();
    const file = join(dir, 'night.md');
    await writeFile(file, '## Prepare\n- [ ] Roll call (lead, 5m)\n## Prepare\n- [ ] Stop (DBA, )\n');
    const run = await runHub(['--data-dir', join(dir, 'data'), '--runbook', file, '--zone', 'Mars/Olympus']);
    expect(run.code).toBe(2);
    expect(run.url).toBeNull();
    expect(run.stderr).toContain('--zone "Mars/Olympus" is not a time zone');
    expect(run.stderr).toContain('night.md line 3: Two phases are called "Prepare" (the first on line 1)');
    expect(run.stderr).toContain('night.md line 4: "(DBA, )" has an empty owner or duration');
  });

  it('prints a fresh admin token, or only says it comes from WARROOM_ADMIN_TOKEN, which then opens the admin door', { timeout: 30_000 }, async () => {
    dir = await tempDir();
    const fresh = await runHub(['--data-dir', join(dir, 'a'), '--demo']);
    expect(fresh.stdout).toMatch(/with this admin token .*\n {2}[A-Za-z0-9_-]{32}\n/);

    const proc = spawn(process.execPath, ['--import', 'tsx', 'electron/hub/cli.ts', '--port', '0', '--data-dir', join(dir, 'b')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WARROOM_ADMIN_TOKEN: ADMIN },
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve) =>
      proc.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(err);
        if (m) resolve(m[1]!);
      }),
    );
    try {
      expect((await fetch(`${url}/api/admin`, { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(204);
      await waitFor(() => out.includes('WARROOM_ADMIN_TOKEN'), 'the admin line');
      expect(out).toContain('with the admin token from WARROOM_ADMIN_TOKEN');
      expect(out + err).not.toContain(ADMIN);
    } finally {
      proc.kill('SIGTERM');
    }
  });
});

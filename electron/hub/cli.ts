import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { desktopJoinLink, webJoinLink } from '@shared/protocol';
import { listTemplates } from '@shared/runbook';
import { AdminToken } from './auth/adminToken';
import type { IssuedInvite } from './auth/tokens';
import { startHub, type Hub } from './hub';
import { addDemoSeries } from './metrics/demoSeries';
import { nightFromFile } from './nightFromFile';
import { keyFromEnv } from './secrets/vault';
import { MIN } from '@shared/time';

/*
 * The standalone hub: `npm run hub -- --data-dir DIR --port PORT [--host ADDR] [--demo | --runbook FILE]`.
 * Runs the same hub the desktop app embeds, for a team that hosts it on a server.
 */
const USAGE = [
  'Usage: npm run hub -- (--data-dir DIR | --store postgres://user@host/db) [--port 7410] [--host 127.0.0.1] [--origin URL]... [--web DIR] [--slack-api-url URL]',
  '         [--demo | --runbook night.md|night.yaml [--title TEXT] [--window-start 2026-05-01T22:00] [--window-end 2026-05-02T02:00] [--zone Europe/London]]',
  'Environment: WARROOM_ADMIN_TOKEN (who may plan a night in a browser; printed at start when unset), WARROOM_SECRETS_KEY, WARROOM_SECRET_<NAME>',
  '             WARROOM_STORE (as --store; its password from WARROOM_SECRET_STORE_PASSWORD, PGPASSWORD or ~/.pgpass), see docs/deploy.md',
].join('\n');
/** The built renderer, served for web mode (`npm run build` makes it). */
const DEFAULT_WEB = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'data-dir': { type: 'string' },
        store: { type: 'string' },
        port: { type: 'string', default: '7410' },
        host: { type: 'string', default: '127.0.0.1' },
        origin: { type: 'string', multiple: true, default: [] },
        demo: { type: 'boolean', default: false },
        runbook: { type: 'string' },
        title: { type: 'string' },
        'window-start': { type: 'string' },
        'window-end': { type: 'string' },
        zone: { type: 'string' },
        web: { type: 'string', default: DEFAULT_WEB },
        'slack-api-url': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) return void console.log(USAGE);
  const dataDir = values['data-dir'];
  // Several hubs share a night through one database: --store postgres://… or WARROOM_STORE.
  const store = values.store ?? (process.env.WARROOM_STORE?.trim() || undefined);
  const port = Number(values.port);
  if ((!dataDir && !store) || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(USAGE);
    process.exit(2);
  }

  const web = resolve(values.web);
  const staticDir = existsSync(`${web}/index.html`) ? web : undefined;
  if (!staticDir) console.error(`[hub] no web client at ${web} (run \`npm run build\`); serving the socket only`);
  if (values.demo && values.runbook) {
    console.error(`--demo and --runbook each plan a night: give one.\n${USAGE}`);
    process.exit(2);
  }
  // The file is read before the hub starts: a runbook that does not read starts nothing.
  const night = values.runbook
    ? await nightFromFile({
        file: resolve(values.runbook),
        now: Date.now(),
        ...(values.title !== undefined ? { title: values.title } : {}),
        ...(values['window-start'] !== undefined ? { windowStart: values['window-start'] } : {}),
        ...(values['window-end'] !== undefined ? { windowEnd: values['window-end'] } : {}),
        ...(values.zone !== undefined ? { zone: values.zone } : {}),
      })
    : null;
  if (night && !night.ok) {
    console.error(`The runbook was not loaded:\n${night.errors.map((e) => `  ${e}`).join('\n')}`);
    process.exit(2);
  }
  const secretsKey = keyFromEnv();
  if (!secretsKey) {
    console.error(
      '[hub] Stored secrets are off (no WARROOM_SECRETS_KEY): the lead cannot save a Slack token or a database password from the app, and they come from WARROOM_SECRET_<NAME> variables instead. The demo needs none. To store them: WARROOM_SECRETS_KEY=$(openssl rand -hex 32)',
    );
  }
  const fromEnv = process.env.WARROOM_ADMIN_TOKEN?.trim();
  const adminToken = fromEnv || AdminToken.generate();
  const hub = await startHub({
    adminToken,
    dataDir: dataDir ? resolve(dataDir) : '',
    ...(store ? { store } : {}),
    port,
    host: values.host,
    allowedOrigins: values.origin,
    staticDir,
    secretsKey,
    ...(values['slack-api-url'] ? { slackApiUrl: values['slack-api-url'] } : {}),
  });
  // On stdout, for whoever started the hub; never through the hub's log.
  console.log(
    fromEnv
      ? `Plan a new night in a browser at ${hub.url}/#/plan with the admin token from WARROOM_ADMIN_TOKEN.`
      : `Plan a new night in a browser at ${hub.url}/#/plan with this admin token (a new one at every start; set WARROOM_ADMIN_TOKEN to keep one):\n  ${adminToken}`,
  );
  if (values.demo) {
    const template = listTemplates()[0]!;
    const start = Math.ceil(Date.now() / MIN) * MIN;
    const { cutoverId, invites } = await hub.createCutover({
      title: `${template.title} (demo)`,
      window: { start, end: start + template.windowMinutes * MIN, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
      isRehearsal: false,
      runbook: template.plan,
    });
    await addDemoSeries(hub, cutoverId);
    printLinks(hub, `Demo cutover ${cutoverId}`, cutoverId, invites);
  }
  if (night?.ok) {
    const { cutoverId, invites } = await hub.createCutover(night.spec);
    printLinks(hub, `Cutover ${cutoverId}, “${night.spec.title}”`, cutoverId, invites);
  }
  const stop = async () => {
    await hub.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/** One link per role. Each is shared: everyone who opens it joins with that role, under the name they give. */
function printLinks(hub: Hub, what: string, cutoverId: string, invites: IssuedInvite[]): void {
  console.log(`${what}. Join links, one per role (each carries a secret token and lets in anyone who has it; share them only with the crew):`);
  for (const { invite, token } of invites) {
    const target = { hub: hub.url, cutoverId, token };
    console.log(`  ${invite.role.padEnd(9)} ${webJoinLink(target)}\n            ${desktopJoinLink(target)}`);
  }
}

main().catch((e: unknown) => {
  console.error(`The hub could not start: ${(e as Error).message}`);
  process.exit(1);
});

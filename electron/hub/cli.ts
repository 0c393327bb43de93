import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { desktopJoinLink, webJoinLink } from '@shared/protocol';
import { listTemplates } from '@shared/runbook';
import { startHub } from './hub';
import { addDemoSeries } from './metrics/demoSeries';
import { keyFromEnv } from './secrets/vault';
import { MIN } from '@shared/time';

/*
 * The standalone hub: `npm run hub -- --data-dir DIR --port PORT [--host ADDR] [--demo]`.
 * Runs the same hub the desktop app embeds, for a team that hosts it on a server.
 */
const USAGE = 'Usage: npm run hub -- --data-dir DIR [--port 7410] [--host 127.0.0.1] [--origin URL]... [--web DIR] [--slack-api-url URL] [--demo]';
/** The built renderer, served for web mode (`npm run build` makes it). */
const DEFAULT_WEB = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string', default: '7410' },
        host: { type: 'string', default: '127.0.0.1' },
        origin: { type: 'string', multiple: true, default: [] },
        demo: { type: 'boolean', default: false },
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
  const port = Number(values.port);
  if (!dataDir || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(USAGE);
    process.exit(2);
  }

  const web = resolve(values.web);
  const staticDir = existsSync(`${web}/index.html`) ? web : undefined;
  if (!staticDir) console.error(`[hub] no web client at ${web} (run \`npm run build\`); serving the socket only`);
  const secretsKey = keyFromEnv();
  if (!secretsKey) console.error('[hub] no WARROOM_SECRETS_KEY: secrets come only from WARROOM_SECRET_<NAME> variables, and none can be stored from the app');
  const hub = await startHub({
    dataDir: resolve(dataDir),
    port,
    host: values.host,
    allowedOrigins: values.origin,
    staticDir,
    secretsKey,
    ...(values['slack-api-url'] ? { slackApiUrl: values['slack-api-url'] } : {}),
  });
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
    console.log(`Demo cutover ${cutoverId}. Join links (each carries a secret token; share them only with the crew):`);
    for (const { invite, token } of invites) {
      const target = { hub: hub.url, cutoverId, token };
      console.log(`  ${invite.role.padEnd(9)} ${webJoinLink(target)}\n            ${desktopJoinLink(target)}`);
    }
  }
  const stop = async () => {
    await hub.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  console.error(`The hub could not start: ${(e as Error).message}`);
  process.exit(1);
});

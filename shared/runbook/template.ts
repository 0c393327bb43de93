import type { CheckConfigInput } from '../checks/schema';
import type { RunbookPlan } from '../cutover/schema';
import { buildRunbookPlan, formatRunbookError } from './plan';
import type { PhaseDraft, StepDraft } from './plan';

/**
 * The built-in template, shaped on the night in seed 000: a live database moved to the cloud
 * in a 19:00–21:00 window, with event processing paused for a promised 30 minutes while the
 * services switch over. That night the sequence update overran (45 minutes instead of 30) and
 * the queued events took until morning to drain, so those steps carry the warnings here.
 *
 * Planned (minutes after the window opens): preparation and the go/no-go 0–35, processing
 * stopped 35–65, draining and verification 65–90, monitoring and handover 90–115; the last
 * 5 minutes of the window are slack.
 */

export const templateTitle = 'Database cutover to the cloud';
export const templateWindowMinutes = 120;

export type RunbookTemplate = { id: string; title: string; plan: RunbookPlan; windowMinutes: number };

// Every step here is written the same way; the helper keeps the list readable as a runbook.
const step = (key: string, title: string, owner: string, durationMin: number, more: Partial<StepDraft> = {}): StepDraft => ({
  key,
  title,
  owner,
  durationMin,
  ...more,
});

/** The outage the customers were told about: processing stopped, for up to 30 minutes. */
const PROCESSING = 'event processing';

const phases: (PhaseDraft & { steps: readonly StepDraft[] })[] = [
  {
    title: 'Preparation',
    steps: [
      step('open', 'Open the war room and take the roll call', 'lead', 5, {
        kind: 'checkpoint',
        description: 'Lead, DBA, SRE, developer, tester and comms on the bridge; the approver reachable for the go/no-go.',
      }),
      step('banner-start', 'Banner and Slack: the maintenance window has started', 'comms', 5, {
        kind: 'comms',
        description: 'Event processing will pause for up to 30 minutes; events received meanwhile are queued, not lost.',
      }),
      step('replication', 'Check replication to the cloud database has caught up', 'DBA', 10, {
        after: ['open'],
        kind: 'verification',
        description: 'Replication lag near zero and steady; row counts of the largest tables match.',
      }),
      step('snapshot', 'Snapshot the old database', 'DBA', 15, { scales: 'volume', description: 'The way back if the switch goes wrong.' }),
      step('config', 'Stage the new connection settings for every service', 'developer', 15, {
        after: ['open'],
        description: 'Ready to apply, not applied: event workers, API, reporting jobs.',
      }),
      step('go', 'Go/no-go: replication caught up, snapshot taken, crew ready', 'lead', 5, {
        after: ['snapshot', 'config', 'banner-start'],
        kind: 'gate',
        description: 'Last decision before anything changes. The approver decides.',
        rollback: 'No-go: close the window; nothing has changed yet.',
      }),
    ],
  },
  {
    title: 'Stop and queue events',
    steps: [
      step('stop-processing', 'Stop event processing', 'SRE', 5, {
        description: 'Pause the consumers; incoming events queue in the broker. The 30 promised minutes start now.',
        rollback: 'Restart the consumers on the old database.',
        outageStart: PROCESSING,
        outagePlannedMin: 30,
      }),
      step('queuing', 'Confirm events are queuing and the old database takes no writes', 'tester', 5, { kind: 'verification' }),
    ],
  },
  {
    title: 'Switch database',
    steps: [
      step('final-sync', 'Let the last changes replicate, then stop replication', 'DBA', 5, {
        after: ['stop-processing'],
        rollback: 'Restart the consumers on the old database; it is unchanged.',
      }),
      step('switch', 'Point the services at the new database', 'developer', 5, {
        after: ['queuing', 'final-sync'],
        rollback: 'Put the old connection settings back and restart the consumers there.',
      }),
    ],
  },
  {
    title: 'Update sequences',
    steps: [
      step('sequences', 'Update table sequences past the highest ids', 'DBA', 7, {
        scales: 'volume',
        description: 'The step that overran on the night this template comes from: the live data set is far larger than staging. Time it in the rehearsal.',
        rollback: 'Nothing is written to the new database yet: restore the old connection settings and restart there.',
      }),
      step('sequences-check', "Check every sequence is above its table's highest id", 'tester', 3, { kind: 'verification' }),
    ],
  },
  {
    title: 'Restart processing',
    steps: [
      step('restart-processing', 'Restart event processing on the new database', 'SRE', 5, {
        pointOfNoReturn: true,
        outageEnd: PROCESSING,
        description: 'From here new events are written to the new database only.',
        rollback:
          'Only before the first write: stop the consumers and restore the old settings. After it, new events must be copied back to the old database by hand.',
      }),
    ],
  },
  {
    title: 'Drain queues',
    steps: [
      step('banner-restarted', 'Banner and Slack: processing restarted, working through the queued events', 'comms', 5, { kind: 'comms' }),
      step('drain', 'Process the queued events until the backlog is gone', 'SRE', 20, {
        scales: 'drain',
        after: ['restart-processing'],
        description:
          'Watch the drain rate and the caught-up ETA. If the backlog will not clear before the window ends, add consumers now rather than in the morning.',
      }),
    ],
  },
  {
    title: 'Verify',
    steps: [
      step('verify-writes', 'New events land in the new database with fresh ids', 'tester', 10, { after: ['restart-processing'], kind: 'verification' }),
      step('smoke-test', 'Smoke test: log in, raise a test alarm, see it arrive', 'tester', 10, { kind: 'verification' }),
      step('caught-up', 'Queues are back to their normal depth', 'SRE', 5, { after: ['drain'], kind: 'verification' }),
    ],
  },
  {
    title: 'Monitor',
    steps: [
      step('monitor', 'Watch error rates, queue depth and database load', 'SRE', 15, { after: ['smoke-test', 'caught-up'] }),
      step('banner-done', 'Banner and Slack: maintenance complete', 'comms', 5, { kind: 'comms' }),
      step('handover', 'Close the window and hand over to the on-call engineer', 'lead', 5, {
        kind: 'checkpoint',
        description: 'Keep the old database read-only until the night has been reviewed.',
      }),
    ],
  },
];

function build(): RunbookPlan {
  const built = buildRunbookPlan({ phases });
  // A broken built-in template is a bug in this file, not something a user can fix.
  if (!built.ok) throw new Error(`The built-in template is invalid: ${built.errors.map(formatRunbookError).join('; ')}`);
  return built.plan;
}

let databasePlan: RunbookPlan | null = null;

/** The database cutover's plan, built (and checked) the first time it is asked for. */
export const databaseCutoverTemplate = (): RunbookPlan => (databasePlan ??= build());

/**
 * The built-in templates. Each plan is built (and checked) the first time it is read, not when
 * this module loads: every page of the web client loads it, and a join link's never reads one.
 */
export function listTemplates(): RunbookTemplate[] {
  return [
    {
      id: 'database-cutover',
      title: templateTitle,
      get plan() {
        return databaseCutoverTemplate();
      },
      windowMinutes: templateWindowMinutes,
    },
  ];
}

/**
 * The template's verification steps come with example checks, ready to be pointed at real
 * connections: the URLs and secret names are placeholders the lead edits ("Define a check").
 * Each names a step of databaseCutoverTemplate() by its id.
 */
export function templateChecks(plan: RunbookPlan = databaseCutoverTemplate()): CheckConfigInput[] {
  const stepId = (title: string) => plan.phases.flatMap((p) => p.steps).find((s) => s.title === title)?.id;
  const OLD = { kind: 'postgres' as const, url: 'postgres://warroom@old-db.internal:5432/app', passwordSecret: 'old-db-password' };
  const NEW = { kind: 'postgres' as const, url: 'postgres://warroom@new-db.internal:5432/app', passwordSecret: 'new-db-password' };
  const checks: (CheckConfigInput & { stepTitle: string })[] = [
    {
      id: 'replication-caught-up',
      name: 'Replication caught up (under 5 s)',
      stepTitle: 'Check replication to the cloud database has caught up',
      spec: {
        kind: 'sql',
        source: { ...NEW, query: 'SELECT COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)' },
        compare: { to: 'constant', op: 'below', value: 5 },
      },
    },
    {
      id: 'orders-row-counts',
      name: 'orders: the same row count on both sides',
      stepTitle: 'Check replication to the cloud database has caught up',
      spec: {
        kind: 'sql',
        source: { ...OLD, query: 'SELECT count(*) FROM orders' },
        compare: { to: 'query', source: { ...NEW, query: 'SELECT count(*) FROM orders' }, tolerance: 0 },
      },
    },
    {
      id: 'sequences-above-max',
      name: 'orders_id_seq above the highest order id',
      stepTitle: "Check every sequence is above its table's highest id",
      spec: {
        kind: 'sql',
        source: { ...NEW, query: 'SELECT (SELECT last_value FROM orders_id_seq) - (SELECT COALESCE(max(id), 0) FROM orders)' },
        compare: { to: 'constant', op: 'above', value: 0 },
      },
    },
  ];
  return checks.flatMap(({ stepTitle, ...c }) => {
    const id = stepId(stepTitle);
    return id ? [{ ...c, step: { stepId: id, completes: 'person' as const } }] : [];
  });
}

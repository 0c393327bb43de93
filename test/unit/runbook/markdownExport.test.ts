import { describe, expect, it } from 'vitest';
import { importMarkdownRunbook, listTemplates, planToMarkdown } from '@shared/runbook';

describe('writing a plan as Markdown', () => {
  it('round-trips the built-in template through the importer unchanged', () => {
    const { title, plan } = listTemplates()[0]!;
    const text = planToMarkdown(title, plan);
    const back = importMarkdownRunbook(text);
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    expect(back.title).toBe(title);
    const norm = (p: typeof plan) => p.phases.map((ph) => ({ title: ph.title, steps: ph.steps }));
    expect(norm(back.plan)).toEqual(norm(plan));
  });

  it('round-trips what the importer accepts, parentheses in titles, digits in owners and every tag included', () => {
    const imported = importMarkdownRunbook(
      [
        '# Night',
        '## Switch',
        '- [ ] Check replicas (all regions) (app-1 team, DBA2, 5m) [verify] {#check}',
        '  - the nightly export',
        '  rollback: start the cron jobs again',
        '- [ ] Copy the data (DBA, 1h30m) [volume] after: none',
        '- [ ] Stop events (SRE, 5m) [outage-start: event processing, outage-planned: 30m] @+10m',
        '- [ ] Switch writes (primary) (DBA, 15m) [ponr] after: check',
        '- [ ] Restart events (SRE, 5m) [outage-end: event processing]',
        '- [ ] Work off the queue (SRE, 20m) [drain]',
      ].join('\n'),
    );
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    const back = importMarkdownRunbook(planToMarkdown('Night', imported.plan));
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    expect(back.plan).toEqual(imported.plan);
  });
});

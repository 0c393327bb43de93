import { describe, expect, it } from 'vitest';
import { archiveFileName } from '@shared/archive';
import type { SeriesConfigInput } from '@shared/metrics';
import { markdownToHtml, postmortemHtml } from '@shared/postmortem';
import { LEAD, Night, SRE } from '../../support/domain';
import { draftOf, hubRecords, RUNBOOK, section } from './support';

/*
 * The facts issue #15 found wrong in drafts read as an engineering team would read them:
 * spans across midnight, a plural series' verb, the archive's name, and what a person typed
 * reaching the Markdown as markup.
 */

const queues: SeriesConfigInput = { id: 'internal', name: 'Internal queues', unit: 'count', warning: 5000, critical: 10_000, source: { kind: 'push' } };
const alert = (kind: 'critical' | 'normal', value: number, message: string) => ({
  type: 'series.alerted' as const,
  payload: { seriesId: 'internal', kind, value, message },
});

describe('the facts in the draft', () => {
  it('writes a span across midnight with both dates, never "23:34 to 02:57 on 30 April"', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start');
    n.at(4 * 60 + 34).ok(SRE, 'step.start', { stepId: 'a' });
    n.at(4 * 60 + 44)
      .ok(SRE, 'step.complete', { stepId: 'a' })
      .ok(SRE, 'step.start', { stepId: 'b' });
    n.at(7 * 60 + 50)
      .ok(SRE, 'step.complete', { stepId: 'b' })
      .ok(SRE, 'step.start', { stepId: 'c' });
    n.at(7 * 60 + 57).ok(SRE, 'step.complete', { stepId: 'c' });
    const md = draftOf(n);
    expect(section(md, 'Summary').split('\n')[0]).toBe(
      '- Customer impact: event processing was stopped for 3 h 23 min against 30 min planned (173 min over), 23:34 on 29 April to 02:57 on 30 April.',
    );
    expect(md).not.toMatch(/\d\d:\d\d to \d\d:\d\d on/);
  });

  it('lets a plural series name agree with its verb: "Internal queues are critical"', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start').ok(LEAD, 'series.define', { series: queues });
    hubRecords(n.at(10), alert('critical', 12_000, 'Internal queues is critical at 12,000 (line 10,000)'));
    const md = draftOf(n);
    expect(section(md, 'Timeline')).toContain('- 19:10 [alert] Internal queues are critical at 12,000 (line 10,000)');
    expect(md).not.toContain('queues is');
  });

  it('cuts the archive’s file name between words', () => {
    const window = { start: Date.UTC(2026, 5, 10), end: Date.UTC(2026, 5, 10, 4), timeZone: 'Europe/Rome' };
    const title = 'Moving the payments platform from the Milan data centre to Amazon Web Services';
    expect(archiveFileName({ title, window })).toBe('moving-the-payments-platform-from-the-milan-data-centre-to-2026-06-10.warroom.json');
  });

  it('never writes a doubled full stop after a reason that ends with its own', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start').ok(SRE, 'step.start', { stepId: 'a' });
    n.at(2).ok(SRE, 'step.fail', { stepId: 'a', reason: 'The consumers would not stop.' });
    n.at(3).ok(LEAD, 'note.add', { text: 'Consumers hung.', severity: 'issue' });
    n.at(4).ok(LEAD, 'cutover.finish', { outcome: 'aborted', reason: 'Try again next week.' });
    const md = draftOf(n);
    expect(md).toContain('- Failed: Stop event processing (DBA): The consumers would not stop.\n');
    expect(md).toContain('- The cutover was aborted: Try again next week.\n');
    expect(md).not.toMatch(/\.\./);
  });
});

describe('what people typed, in the Markdown and the HTML', () => {
  const hostile = 'Saw <img src=x onerror=alert(1)> and <script>alert(2)</script>; see [the log](javascript:alert(3)) | `rm` *now*';

  it('escapes it in the Markdown export: no raw tag, no link, no table cell broken', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start');
    n.at(1).ok(LEAD, 'note.add', { text: hostile, severity: 'issue' });
    const md = draftOf(n);
    expect(md).not.toMatch(/(^|[^\\])<(img|script)/m);
    expect(md).not.toMatch(/[^\\]\]\(javascript:/);
    expect(section(md, 'Timeline')).toContain(
      '- 19:01 [issue] Saw \\<img src=x onerror=alert(1)\\> and \\<script\\>alert(2)\\</script\\>; see \\[the log\\](javascript:alert(3)) \\| \\`rm\\` \\*now\\*',
    );
  });

  it('shows it back as the very characters typed in the HTML, as text', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start');
    n.at(1).ok(LEAD, 'note.add', { text: hostile, severity: 'issue' });
    const html = postmortemHtml(draftOf(n), 'Night');
    expect(html).not.toMatch(/<img|<script|href="javascript/i);
    expect(html).toContain(
      '<li>19:01 [issue] Saw &lt;img src=x onerror=alert(1)&gt; and &lt;script&gt;alert(2)&lt;/script&gt;; see [the log](javascript:alert(3)) | `rm` *now*</li>',
    );
  });

  it('renders the draft’s tables and http ticket links, and no other link', () => {
    const md = [
      '| Action | Ticket |',
      '| --- | --- |',
      '| Fix \\| it | <https://t.example/OPS-1?a=1&b=2> |',
      '',
      'See <javascript:alert(1)> and <ftp://x>',
    ].join('\n');
    expect(markdownToHtml(md)).toBe(
      [
        '<table>',
        '<thead><tr><th>Action</th><th>Ticket</th></tr></thead>',
        '<tbody>',
        '<tr><td>Fix | it</td><td><a href="https://t.example/OPS-1?a=1&amp;b=2">https://t.example/OPS-1?a=1&amp;b=2</a></td></tr>',
        '</tbody>',
        '</table>',
        '<p>See &lt;javascript:alert(1)&gt; and &lt;ftp://x&gt;</p>',
      ].join('\n'),
    );
  });
});

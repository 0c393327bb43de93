import { describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { draftPostmortem, markdownToHtml, postmortemHtml } from '@shared/postmortem';
import { LEAD, Night } from '../../support/domain';
import { step } from '../../support/hubHarness';

describe('postmortemHtml', () => {
  it('is a complete standalone document with the title escaped, inline style and no script', () => {
    const html = postmortemHtml('# Postmortem: A & B', 'A & B <live>');
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>Postmortem: A &amp; B &lt;live&gt;</title>');
    expect(html).toContain('<style>');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script/i);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('keeps a note containing <script> as text', () => {
    const runbook: RunbookPlan = { phases: [{ id: 'p1', title: 'P', steps: [step('a', 'Stop <b>processing</b>', 0, 5, [])] }] };
    const n = new Night(runbook);
    n.at(0).ok(LEAD, 'cutover.start');
    n.at(1).ok(LEAD, 'note.add', { text: 'Saw <script>alert("x")</script> & "quotes" in the log', severity: 'issue' });
    n.at(2).ok(LEAD, 'note.add', { text: '<img src=x onerror=alert(1)> check it', severity: 'action' });
    const html = postmortemHtml(draftPostmortem({ state: n.state, events: n.events }), 'Night');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('<li>19:01 [issue] Saw &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot; in the log</li>');
    expect(html).toContain('<td>&lt;img src=x onerror=alert(1)&gt; check it</td><td><strong>to assign</strong></td>');
  });

  it('converts headings, paragraphs with their line breaks, lists, task lists and bold', () => {
    const md = [
      '# Title',
      '',
      '## Timeline',
      '',
      '30 April',
      '',
      '06:30 - Queues high',
      '07:00 - **Back** to normal',
      '',
      '- one',
      '- [ ] todo',
      '- [x] done',
      '',
      '### Sub',
      'Text',
    ].join('\n');
    expect(markdownToHtml(md)).toBe(
      [
        '<h1>Title</h1>',
        '<h2>Timeline</h2>',
        '<p>30 April</p>',
        '<p>06:30 - Queues high<br>\n07:00 - <strong>Back</strong> to normal</p>',
        '<ul>\n<li>one</li>\n<li class="task"><input type="checkbox" disabled> todo</li>\n<li class="task"><input type="checkbox" disabled checked> done</li>\n</ul>',
        '<h3>Sub</h3>',
        '<p>Text</p>',
      ].join('\n'),
    );
  });

  it('escapes inside bold and headings too', () => {
    expect(markdownToHtml('## <b>x</b>\n\n**<i>y</i>**')).toBe('<h2>&lt;b&gt;x&lt;/b&gt;</h2>\n<p><strong>&lt;i&gt;y&lt;/i&gt;</strong></p>');
  });
});

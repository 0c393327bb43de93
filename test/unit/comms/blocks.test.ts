import type { KnownBlock } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { SLACK_LIMITS, messageBlocks, statusBlocks, statusEmoji, statusInput, statusText, truncate, type SlackBlock } from '@shared/comms';
import { CTO, DBA, LEAD, Night } from '../../support/domain';
import { LAG, at, completedNight, fifteenMinutesLate, midNight, rolledBackNight, rollingBackNight } from './nights';

const TZ = 'Europe/London';

/** Every text a block carries, with the limit Slack sets for where it stands. */
type Placed = { where: string; text: string; max: number };
function texts(blocks: SlackBlock[]): Placed[] {
  return blocks.flatMap((b): Placed[] => {
    if (b.type === 'header') return [{ where: 'header', text: b.text.text, max: SLACK_LIMITS.header }];
    if (b.type === 'context') return b.elements.map((e) => ({ where: 'context', text: e.text, max: SLACK_LIMITS.contextText }));
    return [
      ...(b.text ? [{ where: 'section', text: b.text.text, max: SLACK_LIMITS.sectionText }] : []),
      ...(b.fields ?? []).map((f) => ({ where: 'field', text: f.text, max: SLACK_LIMITS.field })),
    ];
  });
}

const withinLimits = (blocks: SlackBlock[]) => {
  for (const t of texts(blocks)) {
    expect(t.text.length, t.where).toBeLessThanOrEqual(t.max);
    expect(t.text.trim(), t.where).not.toBe('');
    // A cut through an emoji would leave half a surrogate pair: garbage on the phone.
    expect(t.text, t.where).toMatch(/^(?:[^\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/);
  }
};

describe('a message in Block Kit', () => {
  it('has the title as its header, the text in mrkdwn and when it was sent', () => {
    const blocks = messageBlocks({ title: 'Running late', text: '*Running late*: sequences.', state: 'in_progress', at: at(75), timeZone: TZ });
    expect(blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: '🔧 Running late', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: '*Running late*: sequences.' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'In progress · 20:15 BST' }] },
    ]);
  });

  it('is what the Slack client accepts as blocks', () => {
    const blocks: KnownBlock[] = messageBlocks({ title: 't', text: 'x', state: 'completed', at: at(0), timeZone: TZ });
    expect(blocks).toHaveLength(3);
  });

  it('keeps a long title and a long text within Slack’s limits, cutting with "…"', () => {
    const line = 'Queue of alarms still being processed. Taking longer than expected. ';
    const text = Array.from({ length: 120 }, (_, i) => `${i}: ${line}`).join('\n');
    const blocks = messageBlocks({ title: '🚧'.repeat(200), text, state: 'in_progress', at: at(0), timeZone: TZ });
    withinLimits(blocks);
    expect((blocks[0] as { text: { text: string } }).text.text.endsWith('…')).toBe(true);
    // Long text is split at line breaks into several sections before anything is cut.
    const sections = blocks.filter((b) => b.type === 'section');
    expect(sections.length).toBe(3);
    expect(sections[1]!.text!.text.startsWith('4')).toBe(true);
  });

  it('cuts text without breaking an emoji or an escaped entity', () => {
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(truncate('a &amp; b', 5)).toBe('a…');
    expect(truncate('short', 5)).toBe('short');
  });
});

describe('the living status message', () => {
  it('shows the emoji for where the night stands', () => {
    const emoji = (n: Night, now: number) => statusEmoji(statusInput(n.state, now).status, statusInput(n.state, now).slip);
    const onTime = new Night().ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' });
    expect(emoji(onTime, at(5))).toBe('🟢');
    expect(emoji(fifteenMinutesLate(), at(30))).toBe('🟠');
    expect(emoji(rollingBackNight(), at(45))).toBe('🔴');
    expect(emoji(rolledBackNight(), at(70))).toBe('🔴');
    expect(emoji(completedNight(), at(50))).toBe('✅');
  });

  it('sums the night up in a header, a headline, the facts and when it was updated', () => {
    const blocks = statusBlocks(statusInput(midNight().state, at(35), LAG));
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '🟠 Night', emoji: true } });
    expect(blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*15 min late* · projected end *19:45* · window ends 21:00 BST' } });
    expect(blocks[2]).toEqual({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Phase*\nStop and switch' },
        { type: 'mrkdwn', text: '*Progress*\n1 of 4 steps (25%)' },
        { type: 'mrkdwn', text: '*Backlog*\nReplica lag: 4 min 10 s, not draining' },
        { type: 'mrkdwn', text: '*Last decision*\nGO by Chris at 19:32: replication in sync' },
      ],
    });
    expect(blocks[3]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Updated 19:35 BST' }] });
  });

  it('says how the night ended once it has', () => {
    const done = statusBlocks(statusInput(completedNight().state, at(50)));
    expect(done[1]).toMatchObject({ text: { text: '*Completed* at 19:46 BST · 16 min late' } });
    expect(statusBlocks(statusInput(rolledBackNight().state, at(70)))[1]).toMatchObject({ text: { text: '*Rolled back* at 20:00 BST' } });
    expect(statusBlocks(statusInput(new Night().state, at(-30)))[1]).toMatchObject({ text: { text: '*Not started* · window 19:00–21:00 BST' } });
  });

  it('names each end’s zone in a window across the October clock change, as the header does', () => {
    // 00:00 BST to 03:00 GMT on 25 October 2026 is four hours; "00:00–03:00 GMT" said three.
    const n = new Night();
    const [start, end] = [Date.UTC(2026, 9, 24, 23), Date.UTC(2026, 9, 25, 3)];
    const state = { ...n.state, info: { ...n.state.info!, window: { start, end, timeZone: 'Europe/London' } } };
    expect(statusBlocks(statusInput(state, start - 30 * 60_000))[1]).toMatchObject({ text: { text: '*Not started* · window 00:00 BST – 03:00 GMT' } });
  });

  it('stays within Slack’s limits whatever the crew typed, and escapes it', () => {
    const n = midNight()
      .at(36)
      .ok(CTO, 'decision.record', { decision: 'hold', rationale: `<!channel> ${'wait for the DBA & the vendor. '.repeat(64)}`.slice(0, 2000) });
    const blocks = statusBlocks({ ...statusInput(n.state, at(36)), title: 'T'.repeat(400), phase: 'P'.repeat(5000) });
    withinLimits(blocks);
    const fields = (blocks[2] as { fields: Array<{ text: string }> }).fields;
    const decision = fields.find((f) => f.text.startsWith('*Last decision*'))!.text;
    expect(decision.startsWith('*Last decision*\nHOLD by Chris at 19:36: &lt;!channel&gt;')).toBe(true);
  });

  it('has a plain fallback text that says the same', () => {
    const text = statusText(statusInput(midNight().state, at(35), LAG));
    expect(text).toBe(
      [
        '🟠 Night: 15 min late · projected end 19:45 · window ends 21:00 BST',
        'Phase: Stop and switch',
        'Progress: 1 of 4 steps (25%)',
        'Backlog: Replica lag: 4 min 10 s, not draining',
        'Last decision: GO by Chris at 19:32: replication in sync',
        'Updated 19:35 BST',
      ].join('\n'),
    );
    expect(statusText({ ...statusInput(midNight().state, at(35)), phase: 'x'.repeat(10_000) }).length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  });
});

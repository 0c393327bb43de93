import { describe, expect, it } from 'vitest';
import { customerTimeZone, DEFAULT_TEMPLATES, templateVariables } from '@shared/comms';
import {
  checkTemplate,
  composeDraft,
  draftFrom,
  endNotYet,
  firstTemplateId,
  missingSentence,
  newTemplate,
  nightBannerState,
  previewLines,
  readableMrkdwn,
  type Draft,
} from '../../../renderer/features/comms/composerView';
import { CTO, DBA, LEAD, Night } from '../../support/domain';
import { WINDOW_START } from '../../support/hubHarness';
import { COMMS, slackNight } from './nights';

const starting = DEFAULT_TEMPLATES.find((t) => t.id === 'tpl-window-starting')!;
const draft = (patch: Partial<Draft>): Draft => ({
  templateId: null,
  text: '',
  bannerText: '',
  state: 'in_progress',
  destinations: ['slack'],
  edited: true,
  ...patch,
});

describe('a draft from a template', () => {
  it('ticks the template’s destinations that are set up, and no others', () => {
    expect(draftFrom(starting, ['banner'], 'scheduled')).toEqual({
      templateId: 'tpl-window-starting',
      text: starting.text,
      bannerText: starting.bannerText,
      state: 'in_progress',
      destinations: ['banner'],
      edited: false,
    });
    expect(draftFrom(starting, ['slack', 'banner', 'statuspage'], 'scheduled').destinations).toEqual(['slack', 'banner', 'statuspage']);
  });

  it('is empty without a template, at the stage the night is at', () => {
    expect(draftFrom(null, ['banner'], 'verifying')).toMatchObject({ templateId: null, text: '', state: 'verifying', destinations: ['banner'] });
  });

  it('starts with the window starting until the first update went out', () => {
    const n = slackNight();
    expect(firstTemplateId(n.state)).toBe('tpl-window-starting');
    n.ok(COMMS, 'message.send', { text: 'Started', bannerText: 'Maintenance under way', state: 'in_progress', destinations: ['banner'] });
    expect(firstTemplateId(n.state)).toBeNull();
  });

  it('starts with what a HOLD or ROLLBACK nobody was told of calls for, never the window starting', () => {
    const n = slackNight().ok(CTO, 'decision.record', { decision: 'rollback', rationale: 'the API will not come up' });
    expect(firstTemplateId(n.state)).toBe('tpl-rolled-back');
    n.ok(COMMS, 'message.send', { text: 'Backed out', bannerText: 'Maintenance backed out', state: 'rolled_back', destinations: ['banner'] });
    expect(firstTemplateId(n.state)).toBeNull();
    expect(firstTemplateId(slackNight().ok(CTO, 'decision.record', { decision: 'hold', rationale: 'lag' }).state)).toBe('tpl-delayed');
    expect(firstTemplateId(slackNight().ok(CTO, 'decision.record', { decision: 'go', rationale: 'ready' }).state)).toBe('tpl-window-starting');
  });

  it('follows the night’s stage: scheduled, in progress, rolled back once ROLLBACK is decided', () => {
    expect(nightBannerState(new Night().state)).toBe('scheduled');
    const n = slackNight().ok(DBA, 'step.start', { stepId: 'a' });
    expect(nightBannerState(n.state)).toBe('in_progress');
    n.ok(CTO, 'decision.record', { decision: 'rollback', rationale: 'sequences out of step' });
    expect(nightBannerState(n.state)).toBe('rolled_back');
  });
});

describe('a composed update', () => {
  it('is filled with the night’s live values, for the crew and the banner', () => {
    const n = new Night().at(5).ok(LEAD, 'cutover.start');
    const vars = templateVariables({ state: n.state, now: WINDOW_START + 5 * 60_000 });
    const c = composeDraft(draftFrom(starting, ['banner'], 'in_progress'), vars);
    expect(c.preview).toBe(
      '*Night: the maintenance window is starting*\nWindow 19:00–21:00 BST. First up: Stop event processing.\nPlan: 0 of 4 steps, projected end 19:35 (5 min late).',
    );
    expect(c.bannerText).toBe('Scheduled maintenance is under way (window 19:00–21:00 BST). We will keep this banner updated with progress.');
    expect(c.missing).toEqual([]);
    expect(c.problems).toEqual([]);
  });

  it('escapes live values for Slack, so a step title cannot become a link or a mention, but previews them as written', () => {
    const c = composeDraft(draft({ text: 'Now: {{step}}' }), { step: 'Copy A <-> B & <!channel>' });
    expect(c.text).toBe('Now: Copy A &lt;-&gt; B &amp; &lt;!channel&gt;');
    expect(c.preview).toBe('Now: Copy A <-> B & <!channel>');
    expect(readableMrkdwn(c.text)).toBe(c.preview);
  });

  it('names each variable with no value, calmly, and says why for a lag series', () => {
    const c = composeDraft(draft({ text: 'ETA {{lag.alarm-queue.eta}}', bannerText: 'Until {{untilWhen}} and {{lag.alarm-queue.eta}}' }), {});
    expect(c.missing).toEqual(['lag.alarm-queue.eta', 'untilWhen']);
    expect(missingSentence('lag.alarm-queue.eta')).toBe('{{lag.alarm-queue.eta}} is not known: this cutover has no lag series “alarm-queue”.');
    expect(missingSentence('untilWhen')).toBe('{{untilWhen}} is not known.');
  });

  it('says why it cannot go: no text, no destination, a banner line too long', () => {
    const c = composeDraft(draft({ text: '  ', bannerText: 'x'.repeat(501), destinations: [] }), {});
    expect(c.problems).toEqual([
      'Write the crew message first: it goes to Slack and on the timeline.',
      'The banner line is 501 characters; at most 500 fit.',
      'Choose at least one destination.',
    ]);
  });
});

describe('the preview', () => {
  it('shows Slack’s *bold* bold, keeps the lines, and marks the unknown variables only', () => {
    expect(previewLines('*Late*: ends {{projectedEnd}}\nETA {{x}}', ['x'])).toEqual([
      [
        { text: 'Late', bold: true, missing: false },
        { text: ': ends {{projectedEnd}}', bold: false, missing: false },
      ],
      [
        { text: 'ETA ', bold: false, missing: false },
        { text: '{{x}}', bold: false, missing: true },
      ],
    ]);
  });
});

describe('a template of the crew’s own', () => {
  it('gets an id no other template has', () => {
    expect(newTemplate(['tpl-own-1', 'tpl-own-2']).id).toBe('tpl-own-3');
  });

  it('is checked before it is saved, with the problems in words', () => {
    expect(checkTemplate({ ...newTemplate([]), text: '' })).toEqual({ ok: false, problems: ['Crew message: cannot be empty'] });
    expect(checkTemplate({ ...newTemplate([]), text: 'Hello' }).ok).toBe(true);
  });
});

describe('the customer line’s times', () => {
  it('are in the zone the lead set for customers, named, while the crew’s stay in the cutover’s', () => {
    const n = slackNight().ok(LEAD, 'comms.configure', { config: { slack: { channel: '#cutover', tokenSecret: 'slack-token' }, banner: { timeZone: 'UTC' } } });
    const crew = templateVariables({ state: n.state, now: WINDOW_START });
    const customers = templateVariables({ state: n.state, now: WINDOW_START, timeZone: customerTimeZone(n.state) });
    const c = composeDraft(draftFrom(starting, ['slack', 'banner'], 'in_progress'), crew, customers);
    expect(c.preview).toContain('Window 19:00–21:00 BST');
    expect(c.bannerText).toBe('Scheduled maintenance is under way (window 18:00–20:00 UTC). We will keep this banner updated with progress.');
  });
});

describe('an update that calls the night ended before it has', () => {
  it('says what is so beside Send: steps still to do, or no rollback begun; nothing once it is true', () => {
    const n = new Night().ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' }).ok(DBA, 'step.complete', { stepId: 'a' });
    expect(endNotYet(n.state, 'completed')).toBe('This update says the work is completed, but 1 of 4 steps are done.');
    expect(endNotYet(n.state, 'rolled_back')).toBe('This update says the change was backed out, but no rollback has begun: 1 of 4 steps are done.');
    expect(endNotYet(n.state, 'in_progress')).toBeNull();
    expect(endNotYet(new Night().state, 'completed')).toBe('This update says the work is completed, but the night has not started.');
    n.ok(CTO, 'decision.record', { decision: 'rollback', rationale: 'lag will not drop' });
    expect(endNotYet(n.state, 'rolled_back')).toBeNull();
    expect(endNotYet(n.state, 'completed')).toBe('This update says the work is completed, but the night is rolling back.');
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, type Template } from '@shared/comms';
import { listTemplates } from '@shared/runbook';
import {
  decisionSuggestion,
  destinationOptions,
  httpHost,
  mergedTemplates,
  parseIdList,
  senderChoices,
  senderStatus,
  setupHint,
  templateForStep,
  templateGroups,
  webhookHost,
} from '../../../renderer/features/comms/commsView';
import type { Actor, Role } from '@shared/cutover';
import { CTO, DBA, LEAD, Night, OBSERVER } from '../../support/domain';
import { COMMS, slackNight, SLACK, withComms } from './nights';

/** A test actor as the member the store knows. */
const member = (a: Actor) => ({ id: a.id, role: a.role as Role });

const own: Template = {
  id: 'tpl-own-1',
  title: 'Apps reconnected',
  moment: 'custom',
  text: 'Apps are back on {{title}}',
  bannerText: '',
  state: 'verifying',
  destinations: ['slack'],
};

describe('the templates the composer offers', () => {
  it('are the built-in ones when none is saved, grouped in the order of the night', () => {
    const entries = mergedTemplates(new Night().state.comms.templates);
    expect(entries.map((e) => e.template.id)).toEqual(DEFAULT_TEMPLATES.map((t) => t.id));
    expect(entries.every((e) => e.source === 'default')).toBe(true);
    expect(templateGroups(entries).map((g) => g.label)).toEqual([
      'Window starting',
      'Processing paused',
      'Change complete',
      'Running late',
      'Rolled back',
      'Completed',
    ]);
  });

  it('take a built-in template saved for tonight in its place, and the crew’s own after them', () => {
    const changed = { ...DEFAULT_TEMPLATES[0]!, text: 'We are starting now.' };
    const n = withComms().ok(COMMS, 'template.save', { template: changed }).ok(COMMS, 'template.save', { template: own });
    const entries = mergedTemplates(n.state.comms.templates);
    expect(entries[0]).toEqual({ template: changed, source: 'changed' });
    expect(entries.at(-1)).toEqual({ template: own, source: 'custom' });
    expect(entries).toHaveLength(DEFAULT_TEMPLATES.length + 1);
    expect(templateGroups(entries).at(-1)).toMatchObject({ label: 'Your own', entries: [{ template: own }] });
  });

  it('go back to the built-in wording once the saved one is reset', () => {
    const n = withComms()
      .ok(COMMS, 'template.save', { template: { ...DEFAULT_TEMPLATES[0]!, text: 'Changed' } })
      .ok(COMMS, 'template.remove', { templateId: DEFAULT_TEMPLATES[0]!.id });
    expect(mergedTemplates(n.state.comms.templates)[0]).toEqual({ template: DEFAULT_TEMPLATES[0], source: 'default' });
  });
});

describe('the destinations', () => {
  it('always offer the banner, and the others only once set up', () => {
    const options = destinationOptions(new Night().state.comms.config);
    expect(options.map((o) => [o.destination, o.enabled, o.hint])).toEqual([
      ['slack', false, 'Not set up yet.'],
      ['banner', true, 'The banner the hub serves for your website.'],
      ['statuspage', false, 'Not set up yet.'],
      ['webhook', false, 'Not set up yet.'],
    ]);
  });

  it('tell the lead once where to set up the others, and everyone else that the lead does', () => {
    const options = destinationOptions(new Night().state.comms.config);
    expect(setupHint(options, true)).toBe(
      'To send to Slack, a status page or a webhook, set it up under “Set up Slack and status pages” at the top of this tab.',
    );
    expect(setupHint(options, false)).toBe('Slack, a status page or a webhook can be set up by the lead.');
  });

  it('say where a set-up destination posts, and nothing about set-up once all are', () => {
    const n = slackNight().ok(LEAD, 'comms.configure', {
      config: { slack: { ...SLACK, threaded: true }, webhook: { host: 'hooks.example.com', urlSecret: 'webhook-url', signingSecret: 'webhook-secret' } },
    });
    const options = destinationOptions(n.state.comms.config);
    expect(options.map((o) => [o.destination, o.enabled])).toEqual([
      ['slack', true],
      ['banner', true],
      ['statuspage', false],
      ['webhook', true],
    ]);
    expect(options[0]!.hint).toBe('Posts to #cutover, in the cutover’s thread.');
    expect(options[3]!.hint).toBe('Signed POST to hooks.example.com.');
    expect(setupHint(options, true)).toBe('To send to a status page, set it up under “Set up Slack and status pages” at the top of this tab.');
    const all = destinationOptions({ ...n.state.comms.config, statuspage: { pageId: 'p1', componentIds: [], apiKeySecret: 'statuspage-key' } });
    expect(setupHint(all, true)).toBeNull();
  });
});

describe('who may send', () => {
  it('is comms and the lead, and an operator only once the lead allows them', () => {
    const n = withComms();
    expect(senderStatus(n.state, member(COMMS)).may).toBe(true);
    expect(senderStatus(n.state, member(LEAD)).may).toBe(true);
    expect(senderStatus(n.state, member(DBA))).toEqual({
      may: false,
      reason: 'Only comms, the lead, or someone the lead allowed may send updates. Ask the lead to allow you under “Who may send”.',
    });
    n.ok(LEAD, 'comms.allow', { memberId: DBA.id, allowed: true });
    expect(senderStatus(n.state, member(DBA)).may).toBe(true);
    n.ok(LEAD, 'comms.allow', { memberId: DBA.id, allowed: false });
    expect(senderStatus(n.state, member(DBA)).may).toBe(false);
  });

  it('never includes observers, who are told why', () => {
    expect(senderStatus(withComms().state, member(OBSERVER)).reason).toBe(
      'Observers read along: updates are sent by comms, the lead, or someone the lead allowed.',
    );
  });

  it('follows a role the lead changed during the night', () => {
    const n = withComms().ok(LEAD, 'member.setRole', { memberId: DBA.id, role: 'comms' });
    expect(senderStatus(n.state, member(DBA)).may).toBe(true);
  });

  it('is chosen by the lead from the crew, with comms and the lead ticked for good and observers left out', () => {
    const n = withComms().ok(LEAD, 'comms.allow', { memberId: CTO.id, allowed: true });
    expect(senderChoices(n.state).map((c) => [c.name, c.allowed, c.always])).toEqual([
      ['Cora', true, true],
      ['Lena', true, true],
      ['Chris', true, false],
      ['Dan', false, false],
      ['Sam', false, false],
    ]);
  });
});

describe('the update a moment calls for', () => {
  const steps = listTemplates()[0]!
    .plan.phases.flatMap((p) => p.steps)
    .filter((s) => s.kind === 'comms');
  const entries = mergedTemplates({});

  it('is read from the words of each comms step of the built-in runbook', () => {
    expect(steps.map((s) => [s.id, templateForStep(s, entries)])).toEqual([
      ['banner-start', 'tpl-window-starting'],
      ['banner-restarted', 'tpl-change-complete'],
      ['banner-done', 'tpl-completed'],
    ]);
  });

  it('is none for a step whose words name no moment', () => {
    expect(templateForStep({ title: 'Tell the support desk', description: '' }, entries)).toBeNull();
  });

  it('is offered after a decision nobody has told anyone about, and no longer once an update went out', () => {
    const n = slackNight().ok(DBA, 'step.start', { stepId: 'a' }).at(12).ok(CTO, 'decision.record', { decision: 'go', rationale: 'replication in sync' });
    expect(decisionSuggestion(n.state, entries)).toEqual({ text: 'GO by Chris at 19:12, not told yet.', templateId: 'tpl-change-complete' });
    n.at(13).ok(COMMS, 'message.send', { templateId: 'tpl-change-complete', text: 'Change complete', state: 'verifying', destinations: ['slack'] });
    expect(decisionSuggestion(n.state, entries)).toBeNull();
  });
});

describe('ids as people paste them', () => {
  it('are split at commas and spaces, each once', () => {
    expect(parseIdList(' abc, def  ghi,,abc ')).toEqual(['abc', 'def', 'ghi']);
  });
});

describe('a webhook as the crew sees it', () => {
  it('is its host: the URL itself is a hub secret', () => {
    expect(webhookHost({ host: 'hooks.example.com', urlSecret: 'webhook-url', signingSecret: 'webhook-secret' })).toBe('hooks.example.com');
    // A journal from before keeps the URL in its config: still shown by host.
    expect(webhookHost({ url: 'https://hooks.example.com/T0/B0/x?token=1', signingSecret: 'webhook-secret' })).toBe('hooks.example.com');
  });

  it('takes only an http(s) address', () => {
    expect(httpHost(' https://status.example.com:8443/hooks ')).toBe('status.example.com:8443');
    expect(httpHost('status.example.com/hooks')).toBeNull();
    expect(httpHost('ftp://status.example.com/')).toBeNull();
  });
});

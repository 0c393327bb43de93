import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEMPLATES,
  MomentSchema,
  TemplateSchema,
  escapeMrkdwn,
  renderTemplate,
  templateForDecision,
  templateForMoment,
  templateVariables,
  type Template,
} from '@shared/comms';
import { Night } from '../../support/domain';
import { LAG, at, completedNight, midNight, rolledBackNight, rollingBackNight } from './nights';

const nights = {
  'not started': () => ({ state: new Night().state, now: at(-10) }),
  'under way, with lag': () => ({ state: midNight().state, now: at(35), lag: LAG }),
  'under way, no lag series': () => ({ state: midNight().state, now: at(35) }),
  'rolling back': () => ({ state: rollingBackNight().state, now: at(45), lag: LAG }),
  'rolled back': () => ({ state: rolledBackNight().state, now: at(70) }),
  completed: () => ({ state: completedNight().state, now: at(50), lag: LAG }),
};

describe('the default templates', () => {
  it('are valid templates, one per moment but custom, with unique ids', () => {
    for (const t of DEFAULT_TEMPLATES) expect(TemplateSchema.parse(t)).toEqual(t);
    expect(new Set(DEFAULT_TEMPLATES.map((t) => t.id)).size).toBe(DEFAULT_TEMPLATES.length);
    expect(DEFAULT_TEMPLATES.map((t) => t.moment).sort()).toEqual(MomentSchema.options.filter((m) => m !== 'custom').sort());
  });

  for (const [name, night] of Object.entries(nights)) {
    it(`all render with no missing variable on a night ${name}`, () => {
      const vars = templateVariables(night());
      for (const t of DEFAULT_TEMPLATES) {
        const crew = renderTemplate(t.text, vars, { escape: escapeMrkdwn });
        const banner = renderTemplate(t.bannerText, vars);
        expect(crew.missing, t.id).toEqual([]);
        expect(banner.missing, t.id).toEqual([]);
        // What a message may carry once filled in (message.send's own limits).
        expect(crew.text.length, t.id).toBeLessThanOrEqual(4000);
        expect(banner.text.length, t.id).toBeLessThanOrEqual(500);
      }
    });
  }

  it('read as the seeds did: the delay gives the new end in the customers’ zone', () => {
    const vars = templateVariables(nights['under way, with lag']());
    const delayed = templateForMoment('delayed')!;
    expect(renderTemplate(delayed.bannerText, vars).text).toBe(
      'The maintenance is taking longer than expected. We now expect to finish around 19:45 BST and will update this banner as we go.',
    );
    expect(renderTemplate(delayed.text, vars).text).toContain('New projected end *19:45 BST* (15 min late); the window ends 21:00.');
    const done = renderTemplate(templateForMoment('completed')!.bannerText, templateVariables(nights.completed())).text;
    expect(done).toBe('Update: maintenance was completed successfully at 19:50 BST. We will continue to closely monitor the platform.');
  });

  it('tell customers only what concerns them: each goes to Slack, and the customer-facing ones carry a banner line', () => {
    for (const t of DEFAULT_TEMPLATES) {
      expect(t.destinations).toContain('slack');
      if (t.destinations.includes('banner') || t.destinations.includes('statuspage')) expect(t.bannerText).not.toBe('');
      // A customer line never carries the crew's markup or internal numbers.
      expect(t.bannerText).not.toMatch(/[*_`]|\{\{\s*(lag|step|progress|lastDecision)/);
    }
  });

  it('move the banner through the night’s states', () => {
    const state = (m: Template['moment']) => templateForMoment(m)?.state;
    expect([state('window_starting'), state('change_complete'), state('rolled_back'), state('completed')]).toEqual([
      'in_progress',
      'verifying',
      'rolled_back',
      'completed',
    ]);
  });

  it('suggest a template for each decision', () => {
    const ids = DEFAULT_TEMPLATES.map((t) => t.id);
    expect(templateForDecision('go')).toBe('tpl-change-complete');
    expect(templateForDecision('hold')).toBe('tpl-delayed');
    expect(templateForDecision('rollback')).toBe('tpl-rolled-back');
    for (const d of ['go', 'hold', 'rollback'] as const) expect(ids).toContain(templateForDecision(d));
  });

  it('find a template for a moment, the crew’s own first, and none for a custom message', () => {
    const own: Template = { ...templateForMoment('delayed')!, id: 'tpl-ours', text: 'Running late.' };
    expect(templateForMoment('delayed', [own])?.id).toBe('tpl-ours');
    expect(templateForMoment('completed', [own])?.id).toBe('tpl-completed');
    expect(templateForMoment('custom')).toBeNull();
  });
});

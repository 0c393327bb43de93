import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, renderTemplate, templateVariableNames } from '@shared/comms';

const vars = { title: 'Database migration', windowEnd: '21:00', slip: '15 min late' };

describe('rendering a template', () => {
  it('fills {{ name }} with or without spaces inside the braces', () => {
    expect(renderTemplate('{{title}} ends {{ windowEnd }} ({{  slip  }})', vars)).toEqual({ text: 'Database migration ends 21:00 (15 min late)', missing: [] });
  });

  it('leaves an unknown variable visible, tidied, and lists it once', () => {
    const r = renderTemplate('ETA {{ eta }}, again {{eta}}; step {{step}}', vars);
    expect(r.text).toBe('ETA {{eta}}, again {{eta}}; step {{step}}');
    expect(r.missing).toEqual(['eta', 'step']);
  });

  it('leaves triple braces and malformed ones alone', () => {
    const text = '{{{title}}} {{title} {title}} {{ two words }} {{}} {{title}}}';
    expect(renderTemplate(text, vars)).toEqual({ text, missing: [] });
  });

  it('never expands a value again: a step titled "{{windowEnd}}" stays that text', () => {
    const r = renderTemplate('Now: {{step}}', { ...vars, step: '{{windowEnd}} {{ title }}' });
    expect(r).toEqual({ text: 'Now: {{windowEnd}} {{ title }}', missing: [] });
  });

  it('inserts replacement patterns such as $& literally', () => {
    expect(renderTemplate('{{step}}', { step: "$& $1 $' costs" }).text).toBe("$& $1 $' costs");
  });

  it('does not take what every object inherits for a variable', () => {
    expect(renderTemplate('{{constructor}} {{toString}} {{__proto__}}', vars).missing).toEqual(['constructor', 'toString', '__proto__']);
  });

  it('escapes values, not the template, when asked (Slack reads <…> as links)', () => {
    const r = renderTemplate('*Now*: {{step}} <!here>', { step: 'Switch A <-> B & C' }, { escape: escapeMrkdwn });
    expect(r.text).toBe('*Now*: Switch A &lt;-&gt; B &amp; C <!here>');
  });

  it('lists the variables a template uses, for the editor', () => {
    expect(templateVariableNames('{{ a }} {{b}} {{a}} {{{c}}}')).toEqual(['a', 'b']);
  });
});

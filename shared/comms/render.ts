export type Rendered = { text: string; missing: string[] };

export type RenderOptions = {
  /** Applied to each value before it goes in (e.g. `escapeMrkdwn` for Slack); the template's own text is left as written. */
  escape?: (value: string) => string;
};

/*
 * `{{ name }}`, spaces allowed inside. Three braces on either side are someone else's
 * syntax (or a typo), never ours, so the lookarounds leave them alone, as they leave any
 * brace that does not close cleanly.
 */
const VARIABLE = /(?<!\{)\{\{\s*([\w.-]+)\s*\}\}(?!\})/g;

/**
 * Fills a template in one pass over the template's own text. A value is inserted verbatim
 * and never scanned again, so a step titled "{{windowEnd}}" stays that text: whoever
 * names a step cannot make a customer message say something else. An unknown variable
 * stays visible (tidied to `{{name}}`) and is listed, so the sender sees it before sending.
 */
export function renderTemplate(text: string, vars: Readonly<Record<string, string>>, options: RenderOptions = {}): Rendered {
  const missing: string[] = [];
  const out = text.replace(VARIABLE, (_match, name: string) => {
    // Own keys only: "{{constructor}}" is not a variable, whatever objects inherit.
    if (Object.hasOwn(vars, name)) {
      const value = vars[name] ?? '';
      return options.escape ? options.escape(value) : value;
    }
    if (!missing.includes(name)) missing.push(name);
    return `{{${name}}}`;
  });
  return { text: out, missing };
}

/** The variable names a template uses, in order, each once. */
export function templateVariableNames(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(VARIABLE)) if (m[1] && !names.includes(m[1])) names.push(m[1]);
  return names;
}

/**
 * Slack reads `<…>` as links and mentions (`<!channel>`) and `&` as an entity, so live
 * values (a step title "A <-> B") are escaped before they go into mrkdwn.
 */
export const escapeMrkdwn = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

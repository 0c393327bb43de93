/*
 * Reading a drafted postmortem section by section, as the golden tests check it: the text of
 * one "## " or "### " section without its heading, up to the next heading of the same level
 * or above (a "###" subsection ends at the next "###" or "##"; "####" inside it stays).
 */
export function section(md: string, heading: string): string {
  const m = new RegExp(`\\n(#{2,3}) ${heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`).exec(md);
  if (!m) throw new Error(`no section ${heading}`);
  const rest = md.slice(m.index + m[0].length);
  const end = new RegExp(`\\n#{2,${m[1]!.length}} `).exec(rest);
  return (end ? rest.slice(0, end.index) : rest).trim();
}

/** The "## " headings of a draft, in order. */
export const headings = (md: string): string[] => md.split('\n').filter((l) => /^## /.test(l));

/** The sections of a published postmortem, in the order the draft writes them. */
export const PUBLISHED_SECTIONS = [
  '## Summary',
  '## Impact',
  '## Timeline',
  '## Root cause and trigger',
  '## Detection',
  '## Resolution',
  '## Contributing factors',
  '## What went well',
  '## What went wrong',
  '## Where we got lucky',
  '## Action items',
  '## Supporting figures',
];

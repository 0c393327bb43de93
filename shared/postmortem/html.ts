/**
 * The postmortem as a standalone HTML file, for people who will never open Warroom: the
 * small Markdown subset the draft writes (headings, paragraphs, "- " and "- [ ]" lists,
 * **bold**) and nothing else. Every piece of text is escaped, so a note that says
 * `<script>` stays a note; the page carries no script and forbids any by its CSP.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/*
 * Inline Markdown, the part the draft writes: backslash escapes (user text arrives escaped,
 * context.ts), `**bold**`, and `<https://…>` autolinks (ticket links, http and https only).
 * Escaped characters are swapped for private-use placeholders first, so a `\*` typed by a
 * person never opens bold and a `\<` never opens a link; then everything is HTML-escaped.
 */
const HOLD = /\\([\\`*_[\]<>|#+\-.!(){}])|[\ue000-\uf8ff]/g;
const PRIVATE = 0xe000;
const inline = (text: string): string => {
  const held: string[] = [];
  // Private-use characters a person typed are held too, so none is taken for a placeholder.
  const hidden = text.replace(HOLD, (m, c: string | undefined) => String.fromCharCode(PRIVATE + held.push(c ?? m) - 1));
  const html = escapeHtml(hidden)
    .replace(/\*\*(?=\S)(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/&lt;(https?:\/\/[^\s]+?)&gt;/g, (_, url: string) => `<a href="${url}">${url}</a>`);
  return html.replace(/[\ue000-\uf8ff]/g, (c) => escapeHtml(held[c.charCodeAt(0) - PRIVATE] ?? ''));
};

const TABLE_ROW = /^\|(.*)\|$/;
const TABLE_RULE = /^\|(\s*:?-{3,}:?\s*\|)+$/;
/** The cells of a `| a | b |` row; a `\|` inside a cell is text (it is still escaped here). */
const cells = (line: string): string[] => (TABLE_ROW.exec(line)?.[1] ?? '').split(/(?<!\\)\|/).map((c) => c.trim());

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const TASK = /^[-*]\s+\[([ xX])\]\s+(.*)$/;
const ITEM = /^[-*]\s+(.*)$/;

/** The Markdown subset the draft uses, as HTML body content. Exported for previews and tests. */
export function markdownToHtml(markdown: string): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  let items: string[] = [];
  const flushParagraph = () => {
    // The timeline is one moment per line: a line break in the text stays a line break.
    if (paragraph.length) out.push(`<p>${paragraph.map(inline).join('<br>\n')}</p>`);
    paragraph = [];
  };
  const flushList = () => {
    if (items.length) out.push(`<ul>\n${items.join('\n')}\n</ul>`);
    items = [];
  };

  const lines = markdown.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trimEnd();
    // A table: a header row, a rule row, then body rows, as the draft writes them.
    if (TABLE_ROW.test(line) && TABLE_RULE.test((lines[i + 1] ?? '').trim())) {
      flushParagraph();
      flushList();
      const head = cells(line);
      const body: string[][] = [];
      for (i += 2; i < lines.length && TABLE_ROW.test((lines[i] ?? '').trim()); i++) body.push(cells((lines[i] ?? '').trim()));
      i--;
      out.push(
        `<table>\n<thead><tr>${head.map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead>\n<tbody>\n${body
          .map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`)
          .join('\n')}\n</tbody>\n</table>`,
      );
      continue;
    }
    if (line.trim() === '') {
      flushParagraph();
      flushList();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flushParagraph();
      flushList();
      const level = heading[1]?.length ?? 1;
      out.push(`<h${level}>${inline(heading[2] ?? '')}</h${level}>`);
      continue;
    }
    const task = TASK.exec(line);
    const item = task ? null : ITEM.exec(line);
    if (task || item) {
      flushParagraph();
      if (task) {
        const checked = task[1] !== ' ';
        items.push(`<li class="task"><input type="checkbox" disabled${checked ? ' checked' : ''}> ${inline(task[2] ?? '')}</li>`);
      } else items.push(`<li>${inline(item?.[1] ?? '')}</li>`);
      continue;
    }
    flushList();
    paragraph.push(line.trim());
  }
  flushParagraph();
  flushList();
  return out.join('\n');
}

/**
 * The postmortem's stylesheet. Its preview in the app is a frame of the page's own document,
 * which inherits the page's CSP: that allows this one stylesheet by its hash (previewStyle.ts).
 */
export const POSTMORTEM_STYLE = `
  :root { color-scheme: light; }
  body { font: 15px/1.55 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d232b; max-width: 52rem; margin: 2.5rem auto; padding: 0 1.25rem; }
  h1 { font-size: 1.7rem; margin: 0 0 1.5rem; }
  h2 { font-size: 1.25rem; margin: 2rem 0 0.75rem; padding-bottom: 0.25rem; border-bottom: 1px solid #d6dbe1; }
  h3 { font-size: 1.05rem; margin: 1.5rem 0 0.5rem; }
  p, ul { margin: 0 0 0.9rem; }
  ul { padding-left: 1.4rem; }
  li { margin: 0.2rem 0; }
  li.task { list-style: none; margin-left: -1.4rem; }
  li.task input { margin-right: 0.35rem; }
  table { border-collapse: collapse; margin: 0 0 1rem; font-size: 0.92rem; }
  th, td { border: 1px solid #d6dbe1; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
  th { background: #f3f5f7; }
  @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } }
`;

/** A complete HTML document for the postmortem: inline style, no script, nothing fetched. */
export function postmortemHtml(markdown: string, title: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`Postmortem: ${title}`)}</title>`,
    `<style>${POSTMORTEM_STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    markdownToHtml(markdown),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/*
 * A check may only read. This is the sentence at definition time; the hub's read-only
 * transaction is the guard at run time (a function with side effects looks like a SELECT).
 * Comments, strings and quoted names are blanked first, so a word inside them is not read
 * as a keyword and a ";" inside a string does not split the statement.
 */

/** Keywords that write, lock or leave the statement: none belongs in a check. */
const WRITES = ['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'TRUNCATE', 'DROP', 'ALTER', 'CREATE', 'GRANT', 'REVOKE', 'INTO', 'COPY', 'CALL', 'LOCK'];

/** The query with comments, string literals and quoted identifiers replaced by spaces. */
export function blankLiterals(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    let end = -1;
    if (c === '-' && next === '-') end = lineEnd(sql, i);
    else if (c === '#') end = lineEnd(sql, i);
    else if (c === '/' && next === '*') end = closing(sql, i + 2, '*/');
    else if (c === "'" || c === '"' || c === '`') end = quoted(sql, i, c);
    else if (c === '$') {
      // PostgreSQL's dollar quoting: $$…$$ or $tag$…$tag$.
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
      if (tag) end = closing(sql, i + tag.length, tag);
    }
    if (end < 0) {
      out += c;
      i++;
    } else {
      out += ' '.repeat(end - i);
      i = end;
    }
  }
  return out;
}

const lineEnd = (s: string, from: number): number => {
  const nl = s.indexOf('\n', from);
  return nl < 0 ? s.length : nl;
};
const closing = (s: string, from: number, token: string): number => {
  const at = s.indexOf(token, from);
  return at < 0 ? s.length : at + token.length;
};
/** The end of a quoted run, a doubled quote standing for itself ('it''s'), a backslash escaping in MySQL. */
function quoted(s: string, from: number, q: string): number {
  let i = from + 1;
  while (i < s.length) {
    if (s[i] === '\\' && q === "'") i += 2;
    else if (s[i] === q && s[i + 1] === q) i += 2;
    else if (s[i] === q) return i + 1;
    else i++;
  }
  return s.length;
}

/**
 * Why the query cannot be a check's, in a sentence, or null when it is a single SELECT (or
 * WITH … SELECT) that writes nothing.
 */
export function selectOnlyProblem(sql: string): string | null {
  const code = blankLiterals(sql)
    .trim()
    .replace(/[;\s]+$/, '');
  if (code === '') return 'The query is empty: a check needs a SELECT that returns one number';
  if (code.includes(';')) return 'A check runs one statement: this query has more than one (a “;” in the middle)';
  const first = /^[(\s]*([A-Za-z]+)/.exec(code)?.[1]?.toUpperCase() ?? '';
  if (first !== 'SELECT' && first !== 'WITH') {
    return `A check may only read: “${first || code.slice(0, 20)} …” is not a SELECT (write SELECT …, or WITH … SELECT …)`;
  }
  const words = new Set(code.toUpperCase().match(/[A-Z_]+/g) ?? []);
  const writes = WRITES.find((w) => words.has(w));
  if (writes) {
    return first === 'WITH'
      ? `A check may only read: this WITH … SELECT holds ${/^[AEIOU]/.test(writes) ? 'an' : 'a'} ${writes}, and a check never writes`
      : `A check may only read: this SELECT holds ${writes === 'INTO' ? 'INTO, which writes' : `${writes}, which is not reading`}`;
  }
  return null;
}

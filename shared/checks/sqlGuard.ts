/*
 * A check may only read. This is the sentence at definition time; the hub's read-only
 * transaction is the guard at run time (a function with side effects looks like a SELECT).
 * Comments, strings and quoted names are blanked first, so a word inside them is not read
 * as a keyword and a ";" inside a string does not split the statement.
 *
 * Comments and strings are read as PostgreSQL reads them. On MySQL/MariaDB, the places where
 * it reads otherwise are refused rather than guessed at: it runs comments opened with "/*!" or "/*M!" as SQL and "/*+" as
 * optimizer hints (INTO OUTFILE there writes a file, which no read-only transaction stops; a
 * MAX_EXECUTION_TIME hint outlasts the session's limit); it reads "--x" as two minus signs; it
 * ends no string at a quote after a backslash; and "$$…$$" is a string only to PostgreSQL.
 */

/** Keywords that write, lock or leave the statement: none belongs in a check. */
const WRITES = ['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'TRUNCATE', 'DROP', 'ALTER', 'CREATE', 'GRANT', 'REVOKE', 'INTO', 'COPY', 'CALL', 'LOCK'];

const EXECUTABLE_COMMENT = 'MySQL runs /*! … */ comments as SQL: a check may not use executable comments (/*! … */, /*M! … */) or optimizer hints (/*+ … */)';
const DASHES = 'MySQL reads “--” as a comment only when a space follows it (“--x” is two minus signs there): write “-- ” with a space after the dashes';
const BACKSLASH_QUOTE = `A quote after a backslash (\\' or \\") ends the string on PostgreSQL but not on MySQL: write a quote inside a string as two quotes ('it''s')`;
const DOLLAR_QUOTE = 'Only PostgreSQL reads $$…$$ as a string (MySQL reads it as SQL): write the string in single quotes, a quote inside it doubled';

/** The query with comments, string literals and quoted names blanked, and the first place MySQL and PostgreSQL read apart. */
function scan(sql: string): { code: string; problem: string | null } {
  let out = '';
  let problem: string | null = null;
  const flag = (p: string): void => void (problem ??= p);
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    let end = -1;
    if (c === '-' && next === '-') {
      // MySQL and MariaDB need whitespace or a control character after the dashes.
      const after = sql[i + 2];
      if (after !== undefined && after > ' ' && !/\s/.test(after)) flag(DASHES);
      end = lineEnd(sql, i);
    } else if (c === '#') end = lineEnd(sql, i);
    else if (c === '/' && next === '*') {
      if (/^\/\*(?:[Mm]?!|\+)/.test(sql.slice(i, i + 4))) flag(EXECUTABLE_COMMENT);
      end = closing(sql, i + 2, '*/');
    } else if (c === "'" || c === '"' || c === '`') {
      const run = quoted(sql, i, c);
      if (run.escapedQuote) flag(BACKSLASH_QUOTE);
      end = run.end;
    } else if (c === '$') {
      // PostgreSQL's dollar quoting: $$…$$ or $tag$…$tag$.
      const tag = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(sql.slice(i))?.[0];
      if (tag) {
        flag(DOLLAR_QUOTE);
        end = closing(sql, i + tag.length, tag);
      }
    }
    if (end < 0) {
      out += c;
      i++;
    } else {
      out += ' '.repeat(end - i);
      i = end;
    }
  }
  return { code: out, problem };
}

/** The query with comments, string literals and quoted identifiers replaced by spaces. */
export const blankLiterals = (sql: string): string => scan(sql).code;

const lineEnd = (s: string, from: number): number => {
  const nl = s.indexOf('\n', from);
  return nl < 0 ? s.length : nl;
};
const closing = (s: string, from: number, token: string): number => {
  const at = s.indexOf(token, from);
  return at < 0 ? s.length : at + token.length;
};
/**
 * The end of a quoted run, a doubled quote standing for itself ('it''s'). A backslash escapes
 * a quote in MySQL's strings but not in PostgreSQL's (nor with MySQL's NO_BACKSLASH_ESCAPES),
 * so the run is read PostgreSQL's way and a quote after an odd number of backslashes is told:
 * without one, both servers end the run at the same place.
 */
function quoted(s: string, from: number, q: string): { end: number; escapedQuote: boolean } {
  let escapedQuote = false;
  let backslashes = 0;
  let i = from + 1;
  while (i < s.length) {
    const c = s[i];
    if (c === q && q !== '`' && backslashes % 2 === 1) escapedQuote = true;
    backslashes = c === '\\' ? backslashes + 1 : 0;
    if (c === q && s[i + 1] === q) i += 2;
    else if (c === q) return { end: i + 1, escapedQuote };
    else i++;
  }
  return { end: s.length, escapedQuote };
}

/**
 * Why the query cannot be a check's, in a sentence, or null when it is a single SELECT (or
 * WITH … SELECT) that writes nothing.
 */
export function selectOnlyProblem(sql: string, server: 'postgres' | 'mysql'): string | null {
  const scanned = scan(sql);
  if (scanned.problem && server === 'mysql') return scanned.problem;
  const code = scanned.code.trim().replace(/[;\s]+$/, '');
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

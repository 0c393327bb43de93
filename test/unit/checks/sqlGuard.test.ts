import { describe, expect, it } from 'vitest';
import { selectOnlyProblem } from '@shared/checks';

/** The same sentence from the guard for PostgreSQL and for MySQL. */
function refusedOnBoth(q: string): string | null {
  const [pg, my] = [selectOnlyProblem(q, 'postgres'), selectOnlyProblem(q, 'mysql')];
  expect(my, q).toBe(pg);
  return pg;
}

describe('a check’s query reads only', () => {
  it('takes a single SELECT or WITH … SELECT, a trailing semicolon and comments included', () => {
    for (const q of [
      'SELECT count(*) FROM orders',
      'select max(id) from orders;',
      '  (SELECT 1)',
      "WITH recent AS (SELECT * FROM orders WHERE created > now() - interval '1 hour') SELECT count(*) FROM recent",
      "SELECT count(*) FROM orders WHERE note = 'update; delete' -- a ; in a comment\n",
      'SELECT "update" FROM t /* insert into x */',
      'SELECT 1 --\tnote\n, 2 -- a tab, a newline or the end may follow the dashes --',
      "SELECT 'a\\\\' AS backslash, 'x /*! y */', '$$', 'it''s' FROM t WHERE c LIKE 'a\\_b'",
    ])
      for (const server of ['postgres', 'mysql'] as const) expect(selectOnlyProblem(q, server), `${server}: ${q}`).toBeNull();
  });

  it('refuses anything else with a sentence that names it', () => {
    expect(refusedOnBoth('UPDATE orders SET total = 0')).toBe('A check may only read: “UPDATE …” is not a SELECT (write SELECT …, or WITH … SELECT …)');
    expect(refusedOnBoth('SELECT 1; DELETE FROM orders')).toBe('A check runs one statement: this query has more than one (a “;” in the middle)');
    expect(refusedOnBoth('WITH x AS (DELETE FROM orders RETURNING 1) SELECT count(*) FROM x')).toBe(
      'A check may only read: this WITH … SELECT holds a DELETE, and a check never writes',
    );
    expect(refusedOnBoth('SELECT * INTO copy FROM orders')).toBe('A check may only read: this SELECT holds INTO, which writes');
    expect(refusedOnBoth('SELECT id FROM orders FOR UPDATE')).toBe('A check may only read: this SELECT holds UPDATE, which is not reading');
    expect(refusedOnBoth('  ;  ')).toBe('The query is empty: a check needs a SELECT that returns one number');
  });

  // Each of these wrote /tmp files from a READ ONLY transaction on MariaDB 10.11 while the guard passed it.
  it('refuses on MySQL what it runs but PostgreSQL reads as a comment or a string, and takes those on PostgreSQL', () => {
    const executable = 'MySQL runs /*! … */ comments as SQL: a check may not use executable comments (/*! … */, /*M! … */) or optimizer hints (/*+ … */)';
    for (const q of [
      "SELECT COUNT(*) FROM orders /*! INTO OUTFILE '/var/lib/mysql-files/x' */",
      "SELECT COUNT(*) FROM orders /*!50000 INTO OUTFILE '/tmp/x' */",
      "SELECT COUNT(*) FROM orders /*M!100000 INTO DUMPFILE '/tmp/x' */",
      'SELECT /*+ MAX_EXECUTION_TIME(86400000) */ COUNT(*) FROM orders',
    ])
      expect(selectOnlyProblem(q, 'mysql'), q).toBe(executable);
    expect(selectOnlyProblem("SELECT 1 --1 INTO OUTFILE '/tmp/x'", 'mysql')).toBe(
      'MySQL reads “--” as a comment only when a space follows it (“--x” is two minus signs there): write “-- ” with a space after the dashes',
    );
    const backslash = `A quote after a backslash (\\' or \\") ends the string on PostgreSQL but not on MySQL: write a quote inside a string as two quotes ('it''s')`;
    expect(selectOnlyProblem(`SELECT "\\"" INTO OUTFILE '/tmp/x' -- "`, 'mysql')).toBe(backslash);
    expect(selectOnlyProblem("SELECT 'it\\'s'", 'mysql')).toBe(backslash);
    const dollar = 'Only PostgreSQL reads $$…$$ as a string (MySQL reads it as SQL): write the string in single quotes, a quote inside it doubled';
    expect(selectOnlyProblem("SELECT 1 AS $a$ INTO OUTFILE '/tmp/x' -- $a$", 'mysql')).toBe(dollar);
    expect(selectOnlyProblem('SELECT $tag$ drop table $tag$', 'mysql')).toBe(dollar);
    // Inside a string they are only text.
    expect(selectOnlyProblem("SELECT count(*) FROM notes WHERE body = '/*! --x $$'", 'mysql')).toBeNull();
    // PostgreSQL reads each of them as a comment or a string, as the guard does: nothing to refuse.
    for (const q of ['SELECT /*+ a hint */ count(*) FROM orders', 'SELECT $tag$ drop table $tag$', "SELECT 'C:\\' AS path", 'SELECT 1 --1 a comment'])
      expect(selectOnlyProblem(q, 'postgres'), q).toBeNull();
  });
});

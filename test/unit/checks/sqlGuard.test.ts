import { describe, expect, it } from 'vitest';
import { selectOnlyProblem } from '@shared/checks';

describe('a check’s query reads only', () => {
  it('takes a single SELECT or WITH … SELECT, a trailing semicolon and comments included', () => {
    for (const q of [
      'SELECT count(*) FROM orders',
      'select max(id) from orders;',
      '  (SELECT 1)',
      "WITH recent AS (SELECT * FROM orders WHERE created > now() - interval '1 hour') SELECT count(*) FROM recent",
      "SELECT count(*) FROM orders WHERE note = 'update; delete' -- a ; in a comment\n",
      'SELECT "update" FROM t /* insert into x */',
      'SELECT $tag$ drop table $tag$',
    ])
      expect(selectOnlyProblem(q), q).toBeNull();
  });

  it('refuses anything else with a sentence that names it', () => {
    expect(selectOnlyProblem('UPDATE orders SET total = 0')).toBe('A check may only read: “UPDATE …” is not a SELECT (write SELECT …, or WITH … SELECT …)');
    expect(selectOnlyProblem('SELECT 1; DELETE FROM orders')).toBe('A check runs one statement: this query has more than one (a “;” in the middle)');
    expect(selectOnlyProblem('WITH x AS (DELETE FROM orders RETURNING 1) SELECT count(*) FROM x')).toBe(
      'A check may only read: this WITH … SELECT holds a DELETE, and a check never writes',
    );
    expect(selectOnlyProblem('SELECT * INTO copy FROM orders')).toBe('A check may only read: this SELECT holds INTO, which writes');
    expect(selectOnlyProblem('SELECT id FROM orders FOR UPDATE')).toBe('A check may only read: this SELECT holds UPDATE, which is not reading');
    expect(selectOnlyProblem('  ;  ')).toBe('The query is empty: a check needs a SELECT that returns one number');
  });
});

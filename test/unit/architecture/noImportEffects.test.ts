import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * Importing a module of shared/ does nothing but declare: no call, assignment or loop at its
 * top level (nor a constant whose value is made by registering something elsewhere). The web
 * client's build counts on it (vite.config.ts, treeshake): a module is bundled only for what
 * the page uses of it, so the schemas it never uses are never built while the page opens. A
 * module that registered itself, or filled a table, on import would be dropped from the
 * bundle without a word.
 */

const ROOT = resolve(__dirname, '../../../shared');

const DECLARES = [
  ts.isImportDeclaration,
  ts.isExportDeclaration,
  ts.isFunctionDeclaration,
  ts.isClassDeclaration,
  ts.isInterfaceDeclaration,
  ts.isTypeAliasDeclaration,
  ts.isEnumDeclaration,
  ts.isModuleDeclaration,
  ts.isVariableStatement,
  ts.isEmptyStatement,
];

/** The top-level statements of a module's text that do something when it is imported, as "line: text". */
function importEffects(name: string, text: string): string[] {
  const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
  return source.statements
    .filter((s) => !DECLARES.some((declares) => declares(s)))
    .map((s) => `${source.getLineAndCharacterOfPosition(s.getStart()).line + 1}: ${s.getText().slice(0, 80)}`);
}

describe('shared/ modules', () => {
  it('only declare at their top level, so the web client bundles them by what it uses', () => {
    const files = readdirSync(ROOT, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((f) => importEffects(f, readFileSync(join(ROOT, f), 'utf8')).map((e) => `${f}:${e}`));
    expect(found).toEqual([]);
  });

  it('are checked for calls, assignments and loops at the top level, not for declarations', () => {
    const text = [
      "import { z } from 'zod';",
      'export const A = z.string();',
      'export function f() { return 1; }',
      'export type T = string;',
      "registerSource('sql');",
      'table.sql = 1;',
      'for (const k of ks) table[k] = 1;',
      "export * from './x';",
    ].join('\n');
    expect(importEffects('probe.ts', text)).toEqual(["5: registerSource('sql');", '6: table.sql = 1;', '7: for (const k of ks) table[k] = 1;']);
  });
});

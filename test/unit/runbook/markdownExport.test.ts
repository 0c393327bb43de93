import { describe, expect, it } from 'vitest';
import { importMarkdownRunbook, listTemplates, planToMarkdown } from '@shared/runbook';

describe('writing a plan as Markdown', () => {
  it('round-trips the built-in template through the importer unchanged', () => {
    const { title, plan } = listTemplates()[0]!;
    const text = planToMarkdown(title, plan);
    const back = importMarkdownRunbook(text);
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    expect(back.title).toBe(title);
    const norm = (p: typeof plan) => p.phases.map((ph) => ({ title: ph.title, steps: ph.steps }));
    expect(norm(back.plan)).toEqual(norm(plan));
  });
});

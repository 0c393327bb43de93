import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importMarkdownRunbook, importYamlRunbook } from '@shared/runbook';

/* The examples in docs/runbooks.md are read by the importers as they stand, and say the same night. */
const doc = readFileSync(new URL('../../../docs/runbooks.md', import.meta.url), 'utf8');
const block = (lang: string) => new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(doc)![1]!;

describe('docs/runbooks.md', () => {
  it('has a Markdown and a YAML example that import to the same plan', () => {
    const md = importMarkdownRunbook(block('markdown'));
    const yaml = importYamlRunbook(block('yaml'));
    if (!md.ok || !yaml.ok) throw new Error(JSON.stringify([md, yaml]));
    expect(yaml.plan).toEqual(md.plan);
    expect(md.title).toBe('Orders database to the cloud');
    const steps = md.plan.phases.flatMap((p) => p.steps);
    expect(steps.filter((s) => s.pointOfNoReturn).map((s) => s.id)).toEqual(['switch']);
    expect(steps.map((s) => s.kind)).toContain('gate');
    expect(steps.some((s) => s.outageStart === 'event processing') && steps.some((s) => s.outageEnd === 'event processing')).toBe(true);
    // The announced length and the steps that follow the data, read alike from both (#15).
    expect(steps.filter((s) => s.outagePlannedMin !== undefined).map((s) => [s.outageStart, s.outagePlannedMin])).toEqual([['event processing', 30]]);
    expect(steps.filter((s) => s.scales).map((s) => [s.title, s.scales])).toEqual([
      ['Update the sequences', 'volume'],
      ['Work off the queued events', 'drain'],
    ]);
  });
});

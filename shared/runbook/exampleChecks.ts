import { CheckConfigSchema, checkOf, type CheckConfig } from '../checks';
import type { CutoverState } from '../cutover/state';
import { templateChecks } from './template';

export type ExampleChecks = {
  /** The examples to add: those whose step this runbook has and whose id no check holds. */
  add: CheckConfig[];
  /** The names of the checks already set up under an example's id: kept as they are. */
  kept: string[];
};

/**
 * The template's example checks for this night. One already set up under an example's id is
 * kept, not put back to the example: the lead may have pointed it at the real databases or
 * changed its threshold, and a poll condition bound to it reads it. Examples for steps an
 * edited runbook dropped are left out.
 */
export function exampleChecksFor(state: CutoverState): ExampleChecks {
  const add: CheckConfig[] = [];
  const kept: string[] = [];
  for (const example of templateChecks()) {
    if (example.step && !state.steps[example.step.stepId]) continue;
    const existing = checkOf(state, example.id);
    if (existing) kept.push(existing.config.name);
    else add.push(CheckConfigSchema.parse(example));
  }
  return { add, kept };
}

/** What adding the examples did, in a sentence for the lead: `added` of those sent went in. */
export function exampleChecksSaid(added: number, { add, kept }: ExampleChecks): string {
  const count = (n: number) => `${n} example check${n === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (add.length === 0 && kept.length === 0) return 'This runbook has none of the steps the template’s example checks verify.';
  if (add.length > 0)
    parts.push(added === add.length ? `Added ${count(added)}.` : `Added ${added} of ${count(add.length)}; the hub said why not for the rest.`);
  if (kept.length > 0) {
    const names = kept.map((n) => `“${n}”`).join(', ');
    parts.push(`${kept.length === 1 ? `${names} was` : `${names} were`} already set up and kept as ${kept.length === 1 ? 'it is' : 'they are'}.`);
  }
  return parts.join(' ');
}

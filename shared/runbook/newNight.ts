import { z } from 'zod';
import { MaintenanceWindowSchema, type RunbookPlan } from '../cutover/schema';
import { importMarkdownRunbook } from './markdown';
import type { RunbookError } from './plan';
import { listTemplates } from './template';
import { importYamlRunbook } from './yaml';

/** Where a new night's runbook comes from: a built-in template, or a Markdown or YAML text. */
export const RunbookSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('template'), templateId: z.string().min(1).max(64) }),
  z.object({ kind: z.enum(['markdown', 'yaml']), text: z.string().max(1_000_000) }),
]);
export type RunbookSource = z.infer<typeof RunbookSourceSchema>;

/** A night to plan, as the "Plan a new night" form sends it to a hub (`POST /api/cutovers`). */
export const NewNightSchema = z.object({
  title: z.string().trim().min(1, 'A night needs a title').max(200),
  window: MaintenanceWindowSchema,
  isRehearsal: z.boolean().default(false),
  source: RunbookSourceSchema,
});
export type NewNight = z.infer<typeof NewNightSchema>;

/** The runbook of a new night: the template, or the import with every problem on its line. */
export function planFromSource(source: RunbookSource): { ok: true; plan: RunbookPlan; title: string | null } | { ok: false; errors: RunbookError[] } {
  if (source.kind === 'template') {
    const template = listTemplates().find((t) => t.id === source.templateId);
    return template
      ? { ok: true, plan: template.plan, title: template.title }
      : { ok: false, errors: [{ message: `There is no template "${source.templateId}"` }] };
  }
  const imported = source.kind === 'markdown' ? importMarkdownRunbook(source.text) : importYamlRunbook(source.text);
  return imported.ok ? { ok: true, plan: imported.plan, title: imported.title } : { ok: false, errors: imported.errors };
}

/** Which importer reads a file, by its name: YAML for .yml/.yaml, Markdown otherwise. */
export const formatOfFile = (fileName: string): 'markdown' | 'yaml' => (/\.ya?ml$/i.test(fileName) ? 'yaml' : 'markdown');

/** Minutes from the window's start to the end of the last planned step: how long the plan runs. */
export const plannedMinutes = (plan: RunbookPlan): number =>
  Math.max(0, ...plan.phases.flatMap((p) => p.steps.map((s) => s.plannedOffsetMin + s.plannedDurationMin)));

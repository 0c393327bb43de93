import type { RunbookPlan, StepKind } from '../cutover/schema';

const KIND_TAG: Record<StepKind, string | null> = { task: null, verification: 'verify', gate: 'gate', comms: 'comms', checkpoint: 'checkpoint' };

/** Plain minutes ("65m"): one token, which the importer reads back exactly. */
const minutes = (m: number) => `${Math.round(m * 1000) / 1000}m`;

/**
 * Writes a plan as the Markdown checklist the importer reads, so a runbook can leave
 * Warroom (a plan drawn from a rehearsal, say), be edited as text, and come back the same.
 * Every dependency and start offset is written out, nothing left to defaults.
 */
export function planToMarkdown(title: string, plan: RunbookPlan): string {
  const out: string[] = [`# ${title}`];
  for (const phase of plan.phases) {
    out.push('', `## ${phase.title}`);
    for (const s of phase.steps) {
      const paren = [s.owner, minutes(s.plannedDurationMin), `@+${minutes(s.plannedOffsetMin)}`].filter(Boolean).join(', ');
      const tags = [
        KIND_TAG[s.kind],
        s.pointOfNoReturn ? 'ponr' : null,
        s.outageStart ? `outage-start: ${s.outageStart}` : null,
        s.outageEnd ? `outage-end: ${s.outageEnd}` : null,
        s.outagePlannedMin !== undefined ? `outage-planned: ${minutes(s.outagePlannedMin)}` : null,
        s.scales ?? null,
      ].filter((t): t is string => t !== null);
      const after = `after: ${s.dependsOn.length ? s.dependsOn.join(', ') : 'none'}`;
      out.push(`- [ ] ${s.title} {#${s.id}} ${tags.map((t) => `[${t}] `).join('')}${after} (${paren})`);
      for (const line of s.description.split('\n').filter((l) => l.trim())) out.push(`  ${line.trim()}`);
      if (s.rollbackNote) out.push(`  rollback: ${s.rollbackNote.replace(/\s+/g, ' ')}`);
    }
  }
  return `${out.join('\n')}\n`;
}

import { list, oneLine, plural, when, type Ctx } from './context';

/* "### Crew": who was on the night, in what role and station, and who had gone off shift by the end. */

export function crewSection(ctx: Ctx): string {
  const members = Object.values(ctx.state.members).sort((a, b) => a.joinedAt - b.joinedAt || a.name.localeCompare(b.name));
  if (members.length === 0) return 'Nobody joined.';
  const off = members.filter((m) => !m.onShift);
  const head = `${plural(members.length, 'person', 'people')} joined${off.length ? `; ${off.length} had gone off shift by the end of the record` : ''}.`;
  const items = members.map(
    (m) => `${oneLine(m.name)}: ${m.role}${m.station ? `, ${oneLine(m.station)}` : ''}${m.onShift ? '' : `, off shift from ${when(ctx, m.shiftChangedAt)}`}`,
  );
  return `${head}\n\n${list(items, '')}`;
}

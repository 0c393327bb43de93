import type { Member } from '../cutover/schema';

/** The stations of a poll this member answers for. */
export function stationsOf(member: Pick<Member, 'id' | 'role' | 'station'>, stations: readonly string[]): string[] {
  const station = member.station.trim().toLowerCase();
  return stations.filter((key) => {
    const [kind, value = ''] = splitKey(key);
    if (kind === 'role') return value === member.role;
    if (kind === 'member') return value === member.id;
    return station !== '' && value.trim().toLowerCase() === station;
  });
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf(':');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** "DBA", "approver", or a member's name: a station as people read it. */
export function stationLabel(key: string, memberName: (id: string) => string | undefined): string {
  const [kind, value] = splitKey(key);
  return kind === 'member' ? (memberName(value) ?? value) : value;
}

import { createHash } from 'node:crypto';
import type { Role } from '@shared/cutover';
import { live, type TestHub } from '../../support/hubHarness';

/**
 * Records a short night through a real hub, the way a crew would: members join, the lead
 * invites a DBA (and later revokes it), steps start and complete, notes, a poll and the
 * approver's GO, a handover. Returns every invite token the night minted, for the tests
 * that look for secrets in the archive.
 */
export async function recordNight(t: TestHub): Promise<{ tokens: string[] }> {
  const lead = t.client('lead', 'Lena');
  const dba = t.client('operator', 'Dana');
  const cto = t.client('approver', 'Chris');
  const olive = t.client('observer', 'Olive');
  await Promise.all([lead, dba, cto, olive].map(live));
  const tokens = Object.values(t.tokens);
  const invite = async (role: Role, station: string, label?: string) => {
    const { result } = await lead.send('invite.create', { role, station, ...(label ? { label } : {}) }).outcome;
    const issued = result as { inviteId: string; token: string };
    tokens.push(issued.token);
    return issued;
  };
  const dbaInvite = await invite('operator', 'DBA', 'DBA on call');
  await invite('observer', '', 'Status page');

  await lead.send('cutover.start', {}).done;
  await dba.send('step.start', { stepId: 'a' }).done;
  await lead.send('note.add', { text: 'Replication lag is 40 s and falling', severity: 'issue' }).done;
  await dba.send('step.complete', { stepId: 'a', note: 'Consumers stopped at 19:12' }).done;
  await dba.send('step.start', { stepId: 'b' }).done;
  await dba.send('step.note', { stepId: 'b', text: 'Sequences are slow: 12 of 40 tables done' }).done;
  await lead.send('poll.open', { question: 'Switch the database now?', stations: ['role:approver', 'role:operator'], conditions: ['Lag under 5 s'] }).done;
  const pollId = lead.state.pollOrder[0]!;
  await lead.send('poll.check', { pollId, index: 0, met: true }).done;
  await dba.send('poll.answer', { pollId, vote: 'go', comment: 'Ready' }).done;
  await cto.send('poll.answer', { pollId, vote: 'go' }).done;
  await cto.send('decision.record', { pollId, decision: 'go', rationale: 'All stations GO, lag 2 s' }).done;
  await dba.send('step.complete', { stepId: 'b' }).done;
  await lead.send('invite.revoke', { inviteId: dbaInvite.inviteId }).done;
  await lead.send('note.add', { text: 'Über-long night: “quotes”, émojis 🚀 and a \\ backslash', severity: 'info' }).done;
  await olive.send('member.shift', { onShift: false, handover: 'Going to bed' }).done.catch(() => undefined);
  return { tokens };
}

export const sha256 = (text: string) => `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;

type Header = Record<string, unknown> & { counts: { events: number; samples: number } };

/** Splits an archive as Warroom writes it: the header, and the body's exact text. */
export function split(text: string): { header: Header; bodyText: string } {
  const at = text.indexOf(',"body":');
  return {
    header: JSON.parse(`${text.slice(0, at)}}`) as Header,
    bodyText: text
      .slice(at + ',"body":'.length)
      .trimEnd()
      .slice(0, -1),
  };
}

/**
 * Writes an archive around a body text with a correct checksum (and, unless told, correct
 * counts): what a mutation needs to get past the checksum and reach the deeper checks.
 */
export function seal(header: Record<string, unknown>, bodyText: string, opts: { counts?: { events: number; samples: number } } = {}): string {
  let counts = opts.counts;
  if (!counts) {
    try {
      const body = JSON.parse(bodyText) as { events?: unknown; samples?: unknown };
      counts = { events: Array.isArray(body.events) ? body.events.length : 0, samples: Array.isArray(body.samples) ? body.samples.length : 0 };
    } catch {
      counts = (header as Header).counts;
    }
  }
  const head = JSON.stringify({ ...header, counts, checksum: sha256(bodyText) });
  return `${head.slice(0, -1)},"body":${bodyText}}\n`;
}

/** Parses the body, lets `change` edit it, and seals the result. */
export function reseal(text: string, change: (body: { events: Record<string, unknown>[]; samples: unknown[] }, header: Header) => void): string {
  const { header, bodyText } = split(text);
  const body = JSON.parse(bodyText) as { events: Record<string, unknown>[]; samples: unknown[] };
  change(body, header);
  return seal(header, JSON.stringify(body));
}

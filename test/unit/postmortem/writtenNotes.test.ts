import { describe, expect, it } from 'vitest';
import { DBA, LEAD, Night, SRE } from '../../support/domain';
import { draftOf, minute, RUNBOOK, section } from './support';

/*
 * A note typed while its writer was offline reaches the hub minutes later; the timeline says
 * "(written 19:15:00, delivered 19:40:00)". Detection and the issue lines go by when it was
 * written, as the timeline does, and "first" is the first written.
 */

function lateNotes(): Night {
  const n = new Night(RUNBOOK);
  n.at(0).ok(LEAD, 'cutover.start');
  // Sam's note, written at 19:30, arrives at 19:32; Dan's, written at 19:15 while offline, at 19:40.
  n.at(32).ok(SRE, 'note.add', { text: 'Consumers restarting slowly', severity: 'issue', writtenAt: minute(30) });
  n.at(40).ok(DBA, 'note.add', { text: 'Sequence update is slow', severity: 'issue', writtenAt: minute(15) });
  n.at(41).ok(LEAD, 'note.add', { text: 'Keep going, no rollback', severity: 'decision', writtenAt: minute(20) });
  return n;
}

describe('notes written before they were delivered, in the postmortem', () => {
  it('dates the first issue in Detection by when it was written, and picks the first written', () => {
    const md = draftOf(lateNotes());
    expect(section(md, 'Timeline')).toContain('[issue] Sequence update is slow (written 19:15:00, delivered 19:40:00)');
    expect(section(md, 'Detection')).toContain('- First issue noted at 19:15 by Dan: Sequence update is slow.');
  });

  it('dates the issue lines by when they were written, in that order', () => {
    const issues = section(draftOf(lateNotes()), 'What went wrong')
      .split('\n')
      .filter((l) => l.startsWith('- Issue noted'));
    expect(issues).toEqual(['- Issue noted at 19:15 by Dan: Sequence update is slow.', '- Issue noted at 19:30 by Sam: Consumers restarting slowly.']);
  });

  it('dates a decision note by when it was written', () => {
    expect(section(draftOf(lateNotes()), 'Decisions')).toContain('- Noted at 19:20 by Lena: Keep going, no rollback');
  });
});

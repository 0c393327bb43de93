import { describe, it, expect } from 'vitest';
import { formatRunbookError, importMarkdownRunbook } from '@shared/runbook';
import type { ImportResult } from '@shared/runbook';
import type { RunbookPlan, StepPlan } from '@shared/cutover/schema';

const md = (lines: string[]) => lines.join('\n');
const planOf = (r: ImportResult): RunbookPlan => {
  if (!r.ok) throw new Error(r.errors.map(formatRunbookError).join('\n'));
  return r.plan;
};
const stepsOf = (text: string): StepPlan[] => planOf(importMarkdownRunbook(text)).phases.flatMap((p) => p.steps);
const errorsOf = (text: string) => {
  const r = importMarkdownRunbook(text);
  if (r.ok) throw new Error('expected the import to fail');
  return r.errors;
};

const EXAMPLE = md([
  '# Database cutover',
  '## Stop and queue events',
  '- [ ] Stop event processing (DBA, 15m)',
  '  Pause the consumers; events queue in the broker.',
  '  rollback: restart the consumers on the old database',
  '- [ ] Update table sequences (DBA, 10m) [ponr]',
  '- [x] Announce the window (comms, 5m) [comms] after: s1',
]);

describe('importMarkdownRunbook', () => {
  it('reads the title, phases and steps of a checklist', () => {
    const r = importMarkdownRunbook(EXAMPLE);
    expect(r.ok && r.title).toBe('Database cutover');
    const plan = planOf(r);
    expect(plan.phases.map((p) => [p.id, p.title])).toEqual([['p1', 'Stop and queue events']]);
    expect(plan.phases[0]?.steps[0]).toEqual({
      id: 's1',
      title: 'Stop event processing',
      description: 'Pause the consumers; events queue in the broker.',
      owner: 'DBA',
      plannedOffsetMin: 0,
      plannedDurationMin: 15,
      dependsOn: [],
      kind: 'task',
      rollbackNote: 'restart the consumers on the old database',
      pointOfNoReturn: false,
    });
    const [, sequences, announce] = plan.phases[0]?.steps ?? [];
    expect(sequences).toMatchObject({ id: 's2', pointOfNoReturn: true, dependsOn: ['s1'], plannedOffsetMin: 15 });
    expect(announce).toMatchObject({ id: 's3', kind: 'comms', owner: 'comms', dependsOn: ['s1'], plannedOffsetMin: 15 });
  });

  it('gives no title when the text has no "# " heading', () => {
    const r = importMarkdownRunbook('## Prep\n- [ ] Roll call (lead, 5m)');
    expect(r.ok && r.title).toBeNull();
  });

  it('reads a checklist without any "## " heading as one phase called "Runbook"', () => {
    const plan = planOf(importMarkdownRunbook(md(['- [ ] Roll call (5m)', '- [ ] Switch (5m)'])));
    expect(plan.phases.map((p) => p.title)).toEqual(['Runbook']);
  });

  it('refuses a step written before the first phase heading, with its line (#16)', () => {
    expect(errorsOf(md(['# Night', '- [ ] Roll call (5m)', '## Switch', '- [ ] Switch (5m)']))).toEqual([
      { line: 2, message: 'This step comes before the first phase ("## Switch" on line 3); put it under a "## " heading' },
    ]);
  });

  it('refuses an empty owner or duration in the parenthesis instead of planning an ownerless, instant step (#16)', () => {
    const errors = errorsOf(md(['## Prep', '- [ ] Roll call (, )', '- [ ] Stop jobs (DBA, )', '- [ ] Check ( , 5m)', '- [ ] Fine (DBA, 5m)']));
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(errors[0]?.message).toBe('"(, )" has an empty owner or duration: write both, as in (DBA, 15m), or leave out what is not known');
  });

  it('refuses two phases with one name, pointing at the second (#16)', () => {
    expect(errorsOf(md(['## Switch', '- [ ] A (5m)', '## Verify', '- [ ] B (5m)', '## switch ', '- [ ] C (5m)']))).toEqual([
      { line: 5, message: 'Two phases are called "switch" (the first on line 1); give each phase its own title' },
    ]);
  });

  it('refuses a second step marked as the point of no return, pointing at it and naming the first (#16)', () => {
    expect(errorsOf(md(['## Switch', '- [ ] Switch writes (DBA, 5m) [ponr]', '- [ ] Drop old tables (DBA, 5m) [point-of-no-return]']))).toEqual([
      { line: 3, message: '"Drop old tables" is marked as the point of no return, but "Switch writes" (line 2) already is; a runbook has one' },
    ]);
  });

  it('reads owner and duration in either order, or either alone', () => {
    const steps = stepsOf(md(['- [ ] A (15m, DBA)', '- [ ] B (DBA, 1h30m)', '- [ ] C (45 min)', '- [ ] D (SRE)', '- [ ] E']));
    expect(steps.map((s) => [s.owner, s.plannedDurationMin])).toEqual([
      ['DBA', 15],
      ['DBA', 90],
      ['', 45],
      ['SRE', 0],
      ['', 0],
    ]);
  });

  it('keeps a shared owner and earlier parentheses as part of the title', () => {
    const [step] = stepsOf('- [ ] Check replicas (all regions) (DBA, SRE, 5m)');
    expect(step).toMatchObject({ title: 'Check replicas (all regions)', owner: 'DBA, SRE', plannedDurationMin: 5 });
  });

  it('reads a start offset written outside the parenthesis, but not a Slack mention', () => {
    const [ping] = stepsOf('- [ ] Ping @channel in Slack (comms, 1m) @+10m');
    expect(ping).toMatchObject({ title: 'Ping @channel in Slack', plannedOffsetMin: 10 });
  });

  it('reads every kind tag, the ponr flag and several tags in one bracket', () => {
    const steps = stepsOf(
      md(['- [ ] A [verify]', '- [ ] B [verification]', '- [ ] C [gate]', '- [ ] D [comms]', '- [ ] E [checkpoint]', '- [ ] F', '- [ ] G [gate, ponr]']),
    );
    expect(steps.map((s) => s.kind)).toEqual(['verification', 'verification', 'gate', 'comms', 'checkpoint', 'task', 'gate']);
    expect(steps.map((s) => s.pointOfNoReturn)).toEqual([false, false, false, false, false, false, true]);
  });

  it('makes every step wait for the one before it, across phases, unless told otherwise', () => {
    const steps = stepsOf(md(['## One', '- [ ] A (10m)', '- [ ] B (5m)', '## Two', '- [ ] C (20m)']));
    expect(steps.map((s) => [s.id, s.dependsOn, s.plannedOffsetMin])).toEqual([
      ['s1', [], 0],
      ['s2', ['s1'], 10],
      ['s3', ['s2'], 15],
    ]);
  });

  it('lets "after:" name several steps, and starts the step when the last of them ends', () => {
    const steps = stepsOf(md(['- [ ] A (10m)', '- [ ] B (30m) after: none', '- [ ] C (5m) after: s1, s2', '- [ ] D (5m) after: s1']));
    expect(steps.map((s) => [s.dependsOn, s.plannedOffsetMin])).toEqual([
      [[], 0],
      [[], 0],
      [['s1', 's2'], 30],
      [['s1'], 10],
    ]);
  });

  it('names steps with {#key} and accepts references to steps further down', () => {
    const steps = stepsOf(md(['- [ ] Announce (comms, 5m) after: stop {#announce}', '- [ ] Stop (SRE, 10m) {#stop} @+20m after: none']));
    expect(steps.map((s) => [s.id, s.dependsOn, s.plannedOffsetMin])).toEqual([
      ['announce', ['stop'], 30],
      ['stop', [], 20],
    ]);
  });

  it('plans a step at its explicit start offset unless its dependencies end later', () => {
    const steps = stepsOf(md(['- [ ] A (10m)', '- [ ] B (5m, @+30m)', '- [ ] C (5m, @+5m)']));
    expect(steps.map((s) => s.plannedOffsetMin)).toEqual([0, 30, 35]);
  });

  it('keeps paragraphs of a description and ignores prose between steps', () => {
    const [step] = stepsOf(md(['Notes for the crew, not a step.', '- [ ] A (5m)', '  First line', '', '  Second paragraph', '']));
    expect(step?.description).toBe('First line\n\nSecond paragraph');
  });

  it('reads the outage a step starts and the one it ends, keeping the name as written', () => {
    const steps = stepsOf(
      md([
        '## Switch',
        '- [ ] Stop event processing (SRE, 5m) [outage-start: Event processing]',
        '- [ ] Update sequences (DBA, 7m) [ponr, outage-start: API writes]',
        '- [ ] Restart event processing (SRE, 5m) [outage-end: Event processing]',
        '- [ ] Open the API again (SRE, 1m) [verify] [outage-end: API writes]',
      ]),
    );
    expect(steps[0]).toMatchObject({ title: 'Stop event processing', outageStart: 'Event processing', kind: 'task' });
    expect(steps[0]).not.toHaveProperty('outageEnd');
    expect(steps[1]).toMatchObject({ title: 'Update sequences', outageStart: 'API writes', pointOfNoReturn: true });
    expect(steps[2]).toMatchObject({ title: 'Restart event processing', outageEnd: 'Event processing' });
    expect(steps[3]).toMatchObject({ title: 'Open the API again', kind: 'verification', outageEnd: 'API writes' });
  });

  it('gives steps without outage tags no outage fields at all', () => {
    const [step] = stepsOf('- [ ] Roll call (lead, 5m) [checkpoint]');
    expect(step).not.toHaveProperty('outageStart');
    expect(step).not.toHaveProperty('outageEnd');
  });

  it('lets one step both start and end an outage', () => {
    const [step] = stepsOf('- [ ] Restart the API (SRE, 2m) [outage-start: api, outage-end: api]');
    expect(step).toMatchObject({ title: 'Restart the API', outageStart: 'api', outageEnd: 'api' });
  });

  it('counts lines the same with Windows line endings', () => {
    expect(errorsOf('## P\r\n- [ ] A (5m)\r\n- [ ] B (5x)')).toEqual([{ line: 3, message: '"5x" is not a duration (try 15m, 1h or 1h30m)' }]);
  });
});

describe('importMarkdownRunbook errors', () => {
  it('reports the line of a duration it cannot read', () => {
    const errors = errorsOf(md(['# T', '## P', '- [ ] A (5m)', '', '- [ ] B (5m)', '  some notes', '- [ ] Update sequences (DBA, 15x)']));
    expect(errors).toEqual([{ line: 7, message: '"15x" is not a duration (try 15m, 1h or 1h30m)' }]);
    expect(formatRunbookError(errors[0]!)).toBe('line 7: "15x" is not a duration (try 15m, 1h or 1h30m)');
  });

  it.each([
    [
      'an unknown tag',
      '- [ ] A (5m) [urgent]',
      'Unknown tag "[urgent]" (use verify, gate, comms, checkpoint, task, ponr, volume, drain, outage-start: name, outage-end: name or outage-planned: 30m)',
    ],
    ['a step with no title', '- [ ] (DBA, 5m)', 'A step needs a title'],
    ['a reference to an unknown key', '- [ ] A (5m) after: nope', 'Step "A" waits for "nope", which is not a step in this runbook'],
    ['a bad start offset', '- [ ] A (5m, @soon)', '"@soon" is not a start offset (write @+30m for 30 minutes after the window opens)'],
    ['two kinds', '- [ ] A [gate] [comms]', 'A step has one kind, but this one is tagged both comms and gate'],
    ['two durations', '- [ ] A (5m, 10m)', 'A step has one duration'],
    ['an empty after list', '- [ ] A after:', '"after:" names no steps (write "after: none" for a step that waits for nothing)'],
    ['a key that cannot be an id', '- [ ] A {#two words}', '"two words" is not a usable key (letters, digits, "-", "_" or ".", up to 64)'],
    ['a bullet without a checkbox', '- Stop processing', 'A step is written "- [ ] title (owner, duration)"'],
    ['a deeper heading', '### Sub-phase', 'Phases are "## " headings; "### " is not read'],
    ['an outage tag with no name', '- [ ] A (5m) [outage-start:]', '"[outage-start:]" names no outage (write [outage-start: event processing])'],
    ['two outages started by one step', '- [ ] A (5m) [outage-start: x, outage-start: y]', 'A step starts one outage'],
    ['an outage name that is too long', `- [ ] A (5m) [outage-end: ${'y'.repeat(81)}]`, `The outage name "${'y'.repeat(20)}…" is longer than 80 characters`],
  ])('reports %s on its line', (_what, badLine, message) => {
    expect(errorsOf(md(['## P', '- [ ] First (5m)', badLine]))).toContainEqual({ line: 3, message });
  });

  it('refuses a nested checklist item on its line instead of folding it, and its [ponr], into the description above', () => {
    const text = md([
      '## P',
      '- [ ] Stop the consumers (SRE, 5m)',
      '  - [ ] Stop the cron jobs (DBA, 10m) [ponr]',
      '  * [x] Check the queue',
      '- [ ] Switch (DBA, 15m)',
    ]);
    const nested = 'Nested steps are not supported: write this "- [ ]" item at the top level, with no indent, under its "## " phase';
    expect(errorsOf(text)).toEqual([
      { line: 3, message: nested },
      { line: 4, message: nested },
    ]);
    // A plain indented bullet is still description text.
    expect(stepsOf(md(['- [ ] A (5m)', '  - the nightly export']))[0]?.description).toBe('- the nightly export');
  });

  it('refuses a part of the parenthesis that looks like a duration instead of taking it as the owner', () => {
    const forms = 'write a duration as 15m, 1h, 1h30m or 90 min, and a start offset as @+30m';
    expect(errorsOf(md(['## P', '- [ ] Update the sequences (DBA, ~15m)', '- [ ] Copy (about 1h, DBA)', '- [ ] Wait (+30m)']))).toEqual([
      { line: 2, message: `"~15m" looks like a duration but is not one: ${forms}` },
      { line: 3, message: `"about 1h" looks like a duration but is not one: ${forms}` },
      { line: 4, message: `"+30m" looks like a duration but is not one: ${forms}` },
    ]);
    // Owners with digits in their names are still owners.
    expect(stepsOf('- [ ] A (app-1 team, DBA2, 5m)')[0]?.owner).toBe('app-1 team, DBA2');
  });

  it('refuses two parentheses that could each be the (owner, duration) rather than reading the last and keeping the first in the title', () => {
    expect(errorsOf(md(['## P', '- [ ] Switch writes (DBA, 15m) (primary)', '- [ ] Check (5m) [verify] (SRE)']))).toEqual([
      {
        line: 2,
        message:
          'This step has two parentheses that could each be its (owner, duration): "(DBA, 15m)" and "(primary)"; keep one (owner, duration), at the end of the line, and reword the other',
      },
      {
        line: 3,
        message:
          'This step has two parentheses that could each be its (owner, duration): "(5m)" and "(SRE)"; keep one (owner, duration), at the end of the line, and reword the other',
      },
    ]);
    // A parenthesis that is plainly part of the title stays there.
    expect(stepsOf('- [ ] Switch writes (primary) (DBA, 15m)')[0]).toMatchObject({ title: 'Switch writes (primary)', owner: 'DBA', plannedDurationMin: 15 });
  });

  it('refuses two scales tags instead of keeping the last', () => {
    expect(errorsOf(md(['## P', '- [ ] Copy (DBA, 15m) [volume] [drain]', '- [ ] Copy again (DBA, 15m) [volume, drain]']))).toEqual([
      { line: 2, message: 'A step grows with the data one way, but this one is tagged both drain and volume' },
      { line: 3, message: 'A step grows with the data one way, but this one is tagged both volume and drain' },
    ]);
    // The same tag written twice says the same thing twice.
    expect(stepsOf('- [ ] Copy (DBA, 15m) [volume] [volume]')[0]?.scales).toBe('volume');
  });

  it('refuses two announced outage lengths instead of keeping the last', () => {
    expect(
      errorsOf(
        md([
          '## P',
          '- [ ] Stop (SRE, 5m) [outage-start: event processing, outage-planned: 30m, outage-planned: 45m]',
          '- [ ] Restart (SRE, 5m) [outage-end: event processing]',
        ]),
      ),
    ).toEqual([{ line: 2, message: 'A step announces one outage length, but this one has two "outage-planned:" tags' }]);
  });

  it('reports a step the plan cannot hold, naming the field', () => {
    const errors = errorsOf(md(['## P', `- [ ] ${'x'.repeat(201)} (5m)`]));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.line).toBe(2);
    expect(errors[0]?.message).toMatch(/^Step "x+" \(title\): /);
  });

  it('reports a step that waits for itself', () => {
    expect(errorsOf('- [ ] A {#a} after: a')).toEqual([{ line: 1, message: 'Step "A" waits for itself' }]);
  });

  it('reports an empty rollback note and indented text under no step', () => {
    expect(errorsOf(md(['## P', '  stray', '- [ ] A', '  rollback:']))).toEqual([
      { line: 2, message: 'This indented text is under no step; indent it below a "- [ ]" item' },
      { line: 4, message: 'The rollback note is empty' },
    ]);
  });

  it('reads unindented lines right below an item as part of it, as Markdown viewers show them, instead of dropping its rollback note', () => {
    const [sw, next] = stepsOf(
      md([
        '## Switch',
        '- [ ] Switch writes to the new database (DBA, 15m) [ponr]',
        'rollback: point the app back at the old primary',
        'Run ./switch.sh on app-1.',
        '  Watch the error rate.',
        'Then tell the lead.',
        '',
        'Prose after a blank line is not part of the step.',
        '- [ ] Restart processing (SRE, 5m)',
        '## Verify',
        '- [ ] Check writes land (SRE, 5m)',
      ]),
    );
    expect(sw).toMatchObject({
      pointOfNoReturn: true,
      rollbackNote: 'point the app back at the old primary',
      description: 'Run ./switch.sh on app-1.\nWatch the error rate.\nThen tell the lead.',
    });
    expect(next).toMatchObject({ title: 'Restart processing', description: '', rollbackNote: '' });
    expect(errorsOf(md(['- [ ] A (5m)', 'rollback:']))).toEqual([{ line: 2, message: 'The rollback note is empty' }]);
  });

  it('ends an item at a line Markdown starts a block with, even with no blank line between', () => {
    const [step] = stepsOf(md(['- [ ] A (5m)', '> A quote for the crew', 'still quoted', '---', 'rollback-free prose']));
    expect(step).toMatchObject({ description: '', rollbackNote: '' });
  });

  it('refuses a rollback note that belongs to no step instead of leaving it out of the Rollback phase', () => {
    const orphan =
      'This rollback note belongs to no step: write it on the line below its "- [ ]" item, indented (after a blank line or a heading, a line is no longer part of the step)';
    expect(errorsOf(md(['rollback: nothing to undo', '## P', 'Rollback: undo the phase', '- [ ] A (5m)', '', 'rollback: restart the consumers']))).toEqual([
      { line: 1, message: orphan },
      { line: 3, message: orphan },
      { line: 6, message: orphan },
    ]);
  });

  it('reports a second "# " title', () => {
    expect(errorsOf(md(['# One', '- [ ] A', '# Two']))).toEqual([{ line: 3, message: 'A runbook has one "# " title; phases are "## " headings' }]);
  });

  it('reports two steps with the same key on the second one', () => {
    expect(errorsOf(md(['- [ ] A {#x}', '- [ ] B {#x}']))).toEqual([{ line: 2, message: 'Two steps share the key "x"' }]);
  });

  it('reports steps that wait for each other in a circle', () => {
    const errors = errorsOf(md(['## P', '- [ ] A after: c {#a}', '- [ ] B {#b}', '- [ ] C {#c}']));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.line).toBe(2);
    expect(errors[0]?.message).toBe('These steps depend on each other in a circle: A → C → B → A');
  });

  it('reports an empty runbook on line 1', () => {
    expect(errorsOf('')).toEqual([{ line: 1, message: 'The runbook has no steps' }]);
    expect(errorsOf('# Only a title\n## And a phase')).toEqual([{ line: 1, message: 'The runbook has no steps' }]);
  });

  it('collects every problem at once, in line order', () => {
    const errors = errorsOf(md(['## P', '- [ ] A (DBA, 15x) [urgent]', '- [ ] B (5m)', '- [ ] after: ghost', '- [ ] D (1h 1h)']));
    expect(errors.map((e) => e.line)).toEqual([2, 2, 4, 4, 5]);
  });
});

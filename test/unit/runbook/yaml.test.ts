import { describe, it, expect } from 'vitest';
import { formatRunbookError, importMarkdownRunbook, importYamlRunbook } from '@shared/runbook';
import type { ImportResult } from '@shared/runbook';
import type { RunbookPlan, StepPlan } from '@shared/cutover/schema';

const yaml = (lines: string[]) => lines.join('\n');
const planOf = (r: ImportResult): RunbookPlan => {
  if (!r.ok) throw new Error(r.errors.map(formatRunbookError).join('\n'));
  return r.plan;
};
const stepsOf = (text: string): StepPlan[] => planOf(importYamlRunbook(text)).phases.flatMap((p) => p.steps);
const errorsOf = (text: string) => {
  const r = importYamlRunbook(text);
  if (r.ok) throw new Error('expected the import to fail');
  return r.errors;
};
/** One phase holding the given step lines, each step starting at line 4. */
const oneStep = (...stepLines: string[]) =>
  yaml(['phases:', '  - title: P', '    steps:', ...stepLines.map((l, i) => (i === 0 ? `      - ${l}` : `        ${l}`))]);

const EXAMPLE = yaml([
  'title: Database cutover',
  'phases:',
  '  - title: Stop and queue events',
  '    steps:',
  '      - key: stop',
  '        title: Stop event processing',
  '        owner: DBA',
  '        duration: 15m',
  '        description: Pause the consumers; events queue in the broker.',
  '        rollback: restart the consumers on the old database',
  '      - title: Update table sequences',
  '        owner: DBA',
  '        duration: 10',
  '        ponr: true',
  '      - title: Announce the window',
  '        owner: comms',
  '        duration: 5m',
  '        kind: comms',
  '        after: [stop]',
  '        start: "+30m"',
]);

describe('importYamlRunbook', () => {
  it('reads the title, phases and steps, with durations as text or as minutes', () => {
    const r = importYamlRunbook(EXAMPLE);
    expect(r.ok && r.title).toBe('Database cutover');
    const steps = planOf(r).phases[0]?.steps ?? [];
    expect(steps[0]).toEqual({
      id: 'stop',
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
    expect(steps[1]).toMatchObject({ id: 's2', plannedDurationMin: 10, pointOfNoReturn: true, dependsOn: ['stop'], plannedOffsetMin: 15 });
    expect(steps[2]).toMatchObject({ id: 's3', kind: 'comms', dependsOn: ['stop'], plannedOffsetMin: 30 });
  });

  it('builds the same plan as the same runbook written in Markdown', () => {
    const markdown = importMarkdownRunbook(
      [
        '# Database cutover',
        '## Stop and queue events',
        '- [ ] Stop event processing (DBA, 15m) {#stop}',
        '  Pause the consumers; events queue in the broker.',
        '  rollback: restart the consumers on the old database',
        '- [ ] Update table sequences (DBA, 10m) [ponr]',
        '- [ ] Announce the window (comms, 5m, @+30m) [comms] after: stop',
      ].join('\n'),
    );
    expect(importYamlRunbook(EXAMPLE)).toEqual(markdown);
  });

  it('makes every step wait for the one before it unless "after" says otherwise', () => {
    const text = yaml([
      'phases:',
      '  - title: A',
      '    steps: [{title: a, duration: 10m}, {title: b, duration: 5m}]',
      '  - title: B',
      '    steps:',
      '      - {title: c, duration: 1h, after: []}',
      '      - {title: d, after: "s2, s3"}',
    ]);
    expect(stepsOf(text).map((s) => [s.id, s.dependsOn, s.plannedOffsetMin])).toEqual([
      ['s1', [], 0],
      ['s2', ['s1'], 10],
      ['s3', [], 0],
      ['s4', ['s2', 's3'], 60],
    ]);
  });

  it('reads "after: none" as a step that waits for nothing, as Markdown does, and refuses an empty "after"', () => {
    const steps = stepsOf(
      yaml([
        'phases:',
        '  - title: P',
        '    steps:',
        '      - {title: a, duration: 10m}',
        '      - {title: b, duration: 5m, after: none}',
        '      - {title: c, after: None}',
      ]),
    );
    expect(steps.map((s) => [s.id, s.dependsOn, s.plannedOffsetMin])).toEqual([
      ['s1', [], 0],
      ['s2', [], 0],
      ['s3', [], 0],
    ]);
    expect(errorsOf(oneStep('title: a', 'after: ""')).map(formatRunbookError)).toEqual(['line 5: after is empty: write the keys the step waits for, or none']);
    expect(errorsOf(oneStep('title: a', 'after: ","')).map(formatRunbookError)).toEqual(['line 5: after is empty: write the keys the step waits for, or none']);
  });

  it('reads "verify" as a verification step and numeric keys as names', () => {
    const steps = stepsOf(yaml(['phases:', '  - title: P', '    steps:', '      - {key: 10, title: a, kind: verify}', '      - {title: b, after: [10]}']));
    expect(steps.map((s) => [s.id, s.kind, s.dependsOn])).toEqual([
      ['10', 'verification', []],
      ['s2', 'task', ['10']],
    ]);
  });

  it('reads outageStart and outageEnd, and builds the same plan as the Markdown tags', () => {
    const text = yaml([
      'phases:',
      '  - title: Switch',
      '    steps:',
      '      - {title: Stop event processing, owner: SRE, duration: 5m, outageStart: event processing}',
      '      - {title: Switch, owner: DBA, duration: 10m}',
      '      - {title: Restart event processing, owner: SRE, duration: 5m, outageEnd: event processing}',
    ]);
    const steps = stepsOf(text);
    expect(steps.map((s) => [s.id, s.outageStart, s.outageEnd])).toEqual([
      ['s1', 'event processing', undefined],
      ['s2', undefined, undefined],
      ['s3', undefined, 'event processing'],
    ]);
    expect(steps[1]).not.toHaveProperty('outageStart');
    const markdown = importMarkdownRunbook(
      [
        '## Switch',
        '- [ ] Stop event processing (SRE, 5m) [outage-start: event processing]',
        '- [ ] Switch (DBA, 10m)',
        '- [ ] Restart event processing (SRE, 5m) [outage-end: event processing]',
      ].join('\n'),
    );
    expect(importYamlRunbook(text)).toEqual(markdown);
  });

  it('treats empty outage fields as absent', () => {
    const [step] = stepsOf(oneStep('title: a', 'outageStart:', 'outageEnd:'));
    expect(step).not.toHaveProperty('outageStart');
    expect(step).not.toHaveProperty('outageEnd');
  });

  it('treats empty fields as absent and gives no title when there is none', () => {
    const r = importYamlRunbook(oneStep('title: a', 'owner:', 'duration:'));
    expect(r.ok && r.title).toBeNull();
    expect(planOf(r).phases[0]?.steps[0]).toMatchObject({ owner: '', plannedDurationMin: 0 });
  });
});

describe('importYamlRunbook errors', () => {
  it('reports YAML syntax errors with their line', () => {
    const errors = errorsOf(yaml(['title: x', 'phases:', '  - title: a', '    steps: [ {title: b}', '  - bad: : x']));
    expect(errors[0]).toEqual({ line: 5, message: 'YAML: Flow sequence in block collection must be sufficiently indented and end with a ]' });
  });

  it('reports a duplicated field as YAML does', () => {
    expect(errorsOf(oneStep('title: a', 'title: b'))).toEqual([{ line: 5, message: 'YAML: Map keys must be unique' }]);
  });

  it('reports the line of a duration it cannot read', () => {
    expect(errorsOf(oneStep('title: a', 'owner: DBA', 'duration: 15x'))).toEqual([{ line: 6, message: '"15x" is not a duration (try 15m, 1h or 1h30m)' }]);
  });

  it.each([
    [
      'an unknown field, on its own line',
      ['title: a', 'onwer: DBA'],
      5,
      'Unknown field "onwer" (known: key, title, owner, duration, start, after, kind, rollback, ponr, description, outageStart, outageEnd, outagePlannedMin, scales)',
    ],
    ['a step with no title, on the step', ['owner: DBA'], 4, 'A step needs a title'],
    ['an unknown kind', ['title: a', 'kind: urgent'], 5, 'kind is one of task, verify, verification, gate, comms, checkpoint'],
    ['a duration of the wrong type', ['title: a', 'duration: true'], 5, 'duration is a duration such as "15m" or a number of minutes'],
    ['a negative duration', ['title: a', 'duration: -5'], 5, 'duration cannot be negative'],
    ['a bad start', ['title: a', 'start: soon'], 5, '"soon" is not a start offset (write "+30m" for 30 minutes after the window opens)'],
    ['ponr that is not a flag', ['title: a', 'ponr: maybe'], 5, 'ponr is true or false'],
    ['an outage that is not a name', ['title: a', 'outageStart: [x]'], 5, 'outageStart is text'],
    ['an outage name that is too long', ['title: a', `outageEnd: ${'y'.repeat(81)}`], 5, 'an outage name is at most 80 characters'],
    ['a reference to an unknown key', ['title: a', 'after: [ghost]'], 4, 'Step "a" waits for "ghost", which is not a step in this runbook'],
  ])('reports %s', (_what, stepLines, line, message) => {
    expect(errorsOf(oneStep(...stepLines))).toEqual([{ line, message }]);
  });

  it('reports a runbook that is not a mapping, and one with no phases', () => {
    expect(errorsOf('- just a list')).toEqual([{ line: 1, message: 'A runbook is a mapping with a title and phases' }]);
    expect(errorsOf('title: x')).toEqual([{ line: 1, message: 'phases is a list of phases, each with a title and steps' }]);
  });

  it('reports an empty document and a runbook with no steps', () => {
    expect(errorsOf('')).toEqual([{ line: 1, message: 'The runbook is empty' }]);
    expect(errorsOf(yaml(['title: x', 'phases:', '  - title: a', '    steps: []']))).toEqual([{ line: 2, message: 'The runbook has no steps' }]);
  });

  it('reports steps that wait for each other in a circle, on the first of them', () => {
    const text = yaml(['phases:', '  - title: P', '    steps:', '      - {key: a, title: A, after: [b]}', '      - {key: b, title: B}']);
    expect(errorsOf(text)).toEqual([{ line: 4, message: 'These steps depend on each other in a circle: A → B → A' }]);
  });

  it('collects every schema problem at once, in line order', () => {
    const errors = errorsOf(oneStep('title: a', 'duration: 15x', 'kind: urgent') + '\n      - owner: x');
    expect(errors.map((e) => e.line)).toEqual([5, 6, 7]);
  });

  it('refuses an owner written empty, two phases with one name and a second point of no return, each on its line (#16)', () => {
    const errors = errorsOf(
      yaml([
        'phases:',
        '  - title: Switch',
        '    steps:',
        '      - { title: Stop jobs, owner: "", duration: 5m }',
        '      - { title: Switch writes, duration: 5m, ponr: true }',
        '  - title: switch',
        '    steps:',
        '      - { title: Drop old tables, duration: 5m, ponr: true }',
      ]),
    );
    expect(errors.map((e) => e.line)).toEqual([4]);
    expect(errors[0]?.message).toBe('owner is empty: write who does the step, or leave the field out');
    const later = errorsOf(errorsFreeOwner());
    expect(later.map(formatRunbookError)).toEqual([
      'line 6: Two phases are called "switch" (the first on line 2); give each phase its own title',
      'line 8: "Drop old tables" is marked as the point of no return, but "Switch writes" (line 5) already is; a runbook has one',
    ]);
  });
});

const errorsFreeOwner = () =>
  yaml([
    'phases:',
    '  - title: Switch',
    '    steps:',
    '      - { title: Stop jobs, owner: DBA, duration: 5m }',
    '      - { title: Switch writes, duration: 5m, ponr: true }',
    '  - title: switch',
    '    steps:',
    '      - { title: Drop old tables, duration: 5m, ponr: true }',
  ]);

describe('the outage announced and the steps that follow the data (#15)', () => {
  const NIGHT_YAML = yaml([
    'phases:',
    '  - title: Stop and queue events',
    '    steps:',
    '      - { key: snapshot, title: Snapshot the old database, owner: DBA, duration: 15m, scales: volume }',
    '      - { key: stop, title: Stop event processing, owner: SRE, duration: 5m, outageStart: event processing, outagePlannedMin: 30m }',
    '      - { key: restart, title: Restart event processing, owner: SRE, duration: 5m, outageEnd: event processing }',
    '      - { key: drain, title: Drain the queued events, owner: SRE, duration: 20m, scales: drain }',
  ]);
  const NIGHT_MARKDOWN = [
    '## Stop and queue events',
    '- [ ] Snapshot the old database (DBA, 15m) [volume] {#snapshot}',
    '- [ ] Stop event processing (SRE, 5m) [outage-start: event processing, outage-planned: 30m] {#stop}',
    '- [ ] Restart event processing (SRE, 5m) [outage-end: event processing] {#restart}',
    '- [ ] Drain the queued events (SRE, 20m) [drain] {#drain}',
  ].join('\n');

  it('reads outagePlannedMin and scales as the Markdown importer reads its tags', () => {
    const steps = stepsOf(NIGHT_YAML);
    expect(steps.map((s) => [s.id, s.outagePlannedMin, s.scales])).toEqual([
      ['snapshot', undefined, 'volume'],
      ['stop', 30, undefined],
      ['restart', undefined, undefined],
      ['drain', undefined, 'drain'],
    ]);
    expect(planOf(importYamlRunbook(NIGHT_YAML))).toEqual(planOf(importMarkdownRunbook(NIGHT_MARKDOWN)));
  });

  it('takes the announced length as a duration or a number of minutes', () => {
    for (const written of ['1h', '60', '60m', '"1h 0m"']) {
      const [step] = stepsOf(oneStep('title: Stop', 'outageStart: event processing', `outagePlannedMin: ${written}`));
      expect(step?.outagePlannedMin, written).toBe(60);
    }
  });

  it('refuses, on its line, a scale it does not know, a length that does not read, and a length on a step that begins no outage', () => {
    expect(errorsOf(oneStep('title: Copy', 'scales: size')).map(formatRunbookError)).toEqual([
      'line 5: scales is volume or drain (a step whose length follows the data), or left out',
    ]);
    expect(errorsOf(oneStep('title: Stop', 'outageStart: event processing', 'outagePlannedMin: half an hour')).map(formatRunbookError)).toEqual([
      'line 6: "half an hour" is not a duration (try 15m, 1h or 1h30m)',
    ]);
    expect(errorsOf(oneStep('title: Stop', 'outageStart: event processing', 'outagePlannedMin: -5')).map(formatRunbookError)).toEqual([
      'line 6: outagePlannedMin cannot be negative',
    ]);
    const stray =
      'line 4: "Restart" says how long an outage was announced for, but begins no outage: name the outage it begins (outage-start), or move the length to the step that does';
    expect(errorsOf(oneStep('title: Restart', 'outageEnd: event processing', 'outagePlannedMin: 30m')).map(formatRunbookError)).toEqual([stray]);
    // The Markdown importer says the same of the same mistake.
    const md = importMarkdownRunbook('## P\n- [ ] Restart (SRE, 5m) [outage-end: event processing, outage-planned: 30m]');
    expect(md.ok ? [] : md.errors.map((e) => e.message)).toEqual([stray.replace('line 4: ', '')]);
  });

  it('names the new fields among the known ones', () => {
    expect(errorsOf(oneStep('title: Stop', 'outagePlanned: 30m'))[0]?.message).toBe(
      'Unknown field "outagePlanned" (known: key, title, owner, duration, start, after, kind, rollback, ponr, description, outageStart, outageEnd, outagePlannedMin, scales)',
    );
  });
});

import type { StepKind } from '../cutover/schema';
import { parseDuration } from './duration';
import { buildRunbookPlan } from './plan';
import type { ImportResult, PhaseDraft, RunbookError, StepDraft } from './plan';

/**
 * Reads a runbook written as a Markdown checklist, the way crews already keep them:
 *
 *   # Database cutover                      optional title
 *   ## Stop and queue events                a phase
 *   - [ ] Stop event processing (DBA, 15m) [ponr] {#stop} after: s1
 *     Pause the consumers.                  description
 *     rollback: restart the old consumers   rollback note
 *   - [ ] Restart processing (SRE, 5m) [outage-end: event processing]
 *
 * A line directly below an item or its text, with no blank line between, belongs to the step
 * even unindented, as Markdown itself reads it; a "rollback:" line that belongs to no step is
 * refused rather than dropped.
 *
 * `[outage-start: name]` marks the step that begins an outage the customers see ("event
 * processing" is stopped), `[outage-end: name]` the step that ends it, so the planned and
 * the actual length of the outage can be told apart afterwards.
 *
 * Every problem is reported with its line, all of them at once, so one round of fixes is enough.
 */

const KINDS: Record<string, StepKind> = {
  task: 'task',
  verify: 'verification',
  verification: 'verification',
  gate: 'gate',
  comms: 'comms',
  checkpoint: 'checkpoint',
};
const PONR_TAGS = new Set(['ponr', 'point-of-no-return', 'no-return']);
const KNOWN_TAGS = 'verify, gate, comms, checkpoint, task, ponr, volume, drain, outage-start: name, outage-end: name or outage-planned: 30m';
// "[volume]": longer with more data (a copy); "[drain]": works off the backlog an outage left. Plans drawn from a rehearsal scale them.
const SCALE_TAGS = new Set(['volume', 'drain']);
// "[outage-planned: 30m]": how long the customers were told the outage begun here would last.
const OUTAGE_PLANNED_TAG = /^outage-planned\s*:\s*(.*)$/i;
// "[outage-start: event processing]": the name keeps the case it was written in.
const OUTAGE_TAG = /^outage-(start|end)\s*:\s*(.*)$/i;

/** What a step may carry besides a plan draft's fields: the outage it starts or ends. */

const HEADING = /^(#+)(?:\s+(.*?))?\s*$/;
const ITEM = /^[-*+]\s+\[([ xX])\]\s*(.*)$/;
// Bullets and numbered items without a checkbox are almost always steps someone forgot to
// box; reporting them beats dropping them without a word.
const LOOSE_ITEM = /^(?:[-*+]|\d+[.)])(?:\s|$)/;

// Lines that start a block of their own in Markdown (a quote, a fence, a rule, HTML), so they
// are not read as the continuation of the item above even with no blank line between.
const BLOCK_START = /^(?:>|```|~~~|<|(?:[-*_][ \t]*){3,}$)/;
const ROLLBACK = /^rollback:\s*(.*)$/i;
const ORPHAN_ROLLBACK =
  'This rollback note belongs to no step: write it on the line below its "- [ ]" item, indented (after a blank line or a heading, a line is no longer part of the step)';

const NESTED_STEP = 'Nested steps are not supported: write this "- [ ]" item at the top level, with no indent, under its "## " phase';
// A part of the parenthesis that reads as a duration someone hedged or mistyped ("~15m",
// "about 1h", "+30m", "-5m"): taken as an owner it would plan an instant step.
const DURATION_LIKE = /^[~≈<>±+-]\s*[\d.]|\d\s*(?:h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)(?![a-z])/i;
const DURATION_FORMS = 'write a duration as 15m, 1h, 1h30m or 90 min, and a start offset as @+30m';

type StepBuild = StepDraft & { line: number; text: string[]; rollbackLines: string[] };
type PhaseBuild = { title: string; line: number; steps: StepBuild[] };

export function importMarkdownRunbook(markdown: string): ImportResult {
  const errors: RunbookError[] = [];
  const fail = (line: number, message: string): void => void errors.push({ line, message });
  let title: string | null = null;
  const phases: PhaseBuild[] = [];
  let step: StepBuild | null = null;
  // A checklist with no "## " heading at all is one phase; once headings are used, a step
  // above the first one belongs to none of them, and guessing which was meant loses it.
  const headingless: PhaseBuild = { title: 'Runbook', line: 1, steps: [] };

  // Whether the line above was the step's own (its item or text under it, no blank line
  // between): Markdown reads an unindented line there as a continuation of the item.
  let continues = false;
  // A line under a step: "rollback: …" is its rollback note, anything else its description.
  const readUnder = (s: StepBuild, text: string, line: number): void => {
    const rollback = ROLLBACK.exec(text);
    if (!rollback) s.text.push(text);
    else if (!rollback[1]) fail(line, 'The rollback note is empty');
    else s.rollbackLines.push(rollback[1]);
  };

  markdown.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') {
      step?.text.push('');
      continues = false;
      return;
    }
    if (/^\s/.test(raw)) {
      // An indented "- [ ]" is a step someone nested; read as description it would lose the
      // step (and its [ponr]) without a word, so it is refused like any line that does not read.
      if (ITEM.test(raw.trim())) return fail(line, NESTED_STEP);
      if (!step) return fail(line, 'This indented text is under no step; indent it below a "- [ ]" item');
      readUnder(step, raw.trim(), line);
      continues = true;
      return;
    }
    const heading = HEADING.exec(raw);
    const item = ITEM.exec(raw);
    // "- [ ] Switch (DBA, 15m)" with "rollback: …" on the next line, unindented: every viewer
    // shows it inside the item (a lazy continuation), so it is read as if it were indented.
    if (step && continues && !heading && !item && !LOOSE_ITEM.test(raw) && !BLOCK_START.test(raw)) {
      readUnder(step, raw.trim(), line);
      return;
    }
    step = null;
    continues = false;
    if (heading) {
      const level = heading[1]?.length ?? 0;
      const text = (heading[2] ?? '').replace(/\s+#+$/, '').trim();
      if (level === 2) phases.push({ title: text, line, steps: [] });
      else if (level > 2) fail(line, `Phases are "## " headings; "${'#'.repeat(level)} " is not read`);
      else if (title === null && phases.length === 0) title = text;
      else fail(line, 'A runbook has one "# " title; phases are "## " headings');
      return;
    }
    if (item) {
      step = { ...readItem(item[2] ?? '', line, fail), line, text: [], rollbackLines: [] };
      (phases[phases.length - 1] ?? headingless).steps.push(step);
      continues = true;
      return;
    }
    if (LOOSE_ITEM.test(raw)) fail(line, 'A step is written "- [ ] title (owner, duration)"');
    // A way back that belongs to no step would be left out of the Rollback phase without a word.
    else if (ROLLBACK.test(raw)) fail(line, ORPHAN_ROLLBACK);
    // Anything else is prose for the humans reading the file; it is not part of the plan.
  });

  if (headingless.steps.length > 0) {
    if (phases.length === 0) phases.push(headingless);
    else
      fail(
        headingless.steps[0]!.line,
        `This step comes before the first phase ("## ${phases[0]!.title}" on line ${phases[0]!.line}); put it under a "## " heading`,
      );
  }

  const draftPhases: PhaseDraft[] = phases.map((p) => ({
    title: p.title,
    line: p.line,
    steps: p.steps.map(({ text, rollbackLines, ...s }) => ({
      ...s,
      description: text
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim(),
      rollback: rollbackLines.join('\n'),
    })),
  }));
  const built = buildRunbookPlan({ phases: draftPhases, line: 1 });
  if (!built.ok) errors.push(...built.errors);
  if (errors.length || !built.ok) return { ok: false, errors: sortByLine(errors) };
  return { ok: true, title, plan: built.plan };
}

/** Reads one item's text: title, then `{#key}`, `after:`, `@+offset`, `[tags]` and `(owner, duration, @+offset)`. */
function readItem(text: string, line: number, fail: (line: number, message: string) => void): StepDraft {
  const step: StepDraft = { title: '', line };
  let rest = text.replace(/\{#([^}]*)\}/g, (_, key: string) => {
    if (step.key !== undefined) fail(line, 'A step has one {#key}');
    step.key = key.trim();
    return ' ';
  });
  // `after:` runs up to the next bracket, so it may sit before or after the tags.
  rest = rest.replace(/(?:^|\s)after:([^[({]*)/i, (_, list: string) => {
    const keys = list.split(/[\s,]+/).filter(Boolean);
    if (keys.length === 0) fail(line, '"after:" names no steps (write "after: none" for a step that waits for nothing)');
    step.after = keys.length === 1 && keys[0]?.toLowerCase() === 'none' ? [] : keys;
    return ' ';
  });

  // A start offset may also stand alone ("@+30m"); "@channel" in a title is left alone.
  rest = rest.replace(/(?:^|\s)(@\+?\d[^\s[({),]*)(?=\s|$|[[{])/, (_, offset: string) => {
    readMeta(offset, step, (m) => fail(line, m));
    return ' ';
  });

  let sawMeta = false;
  let lastMeta = '';
  for (;;) {
    rest = rest.trimEnd();
    const close = rest.endsWith(']') ? '[' : rest.endsWith(')') && !sawMeta ? '(' : null;
    const open = close ? rest.lastIndexOf(close) : -1;
    if (open < 0) break;
    const inner = rest.slice(open + 1, -1);
    rest = rest.slice(0, open);
    if (close === '[') readTags(inner, step, (m) => fail(line, m));
    else {
      sawMeta = true;
      lastMeta = inner;
      readMeta(inner, step, (m) => fail(line, m));
    }
  }
  step.title = rest.trim();
  // "Switch writes (DBA, 15m) (primary)": the last parenthesis is read as (owner, duration), so
  // one before it that carries a duration or offset would silently become part of the title.
  const earlier = sawMeta && step.title.endsWith(')') ? step.title.slice(step.title.lastIndexOf('(')) : null;
  if (earlier && readsAsMeta(earlier.slice(1, -1))) {
    fail(
      line,
      `This step has two parentheses that could each be its (owner, duration): "${earlier}" and "(${lastMeta})"; keep one (owner, duration), at the end of the line, and reword the other`,
    );
  }
  return step;
}

function readTags(inner: string, step: StepDraft, fail: (message: string) => void): void {
  for (const written of inner.split(',').map((t) => t.trim())) {
    const outage = OUTAGE_TAG.exec(written);
    if (outage) {
      const field = outage[1]?.toLowerCase() === 'start' ? 'outageStart' : 'outageEnd';
      const name = (outage[2] ?? '').trim();
      if (!name) fail(`"[${written}]" names no outage (write [outage-${field === 'outageStart' ? 'start' : 'end'}: event processing])`);
      else if (name.length > 80) fail(`The outage name "${name.slice(0, 20)}…" is longer than 80 characters`);
      else if (step[field] !== undefined) fail(`A step ${field === 'outageStart' ? 'starts' : 'ends'} one outage`);
      else step[field] = name;
      continue;
    }
    const planned = OUTAGE_PLANNED_TAG.exec(written);
    if (planned) {
      const d = parseDuration(planned[1] ?? '');
      if (!d.ok) fail(`"[${written}]": ${d.error}`);
      else if (step.outagePlannedMin !== undefined) fail('A step announces one outage length, but this one has two "outage-planned:" tags');
      else step.outagePlannedMin = d.minutes;
      continue;
    }
    const tag = written.toLowerCase();
    const kind = KINDS[tag];
    if (SCALE_TAGS.has(tag)) {
      if (step.scales && step.scales !== tag) fail(`A step grows with the data one way, but this one is tagged both ${step.scales} and ${tag}`);
      else step.scales = tag as 'volume' | 'drain';
    } else if (PONR_TAGS.has(tag)) step.pointOfNoReturn = true;
    else if (!kind) fail(`Unknown tag "[${tag}]" (use ${KNOWN_TAGS})`);
    else if (step.kind && step.kind !== kind) fail(`A step has one kind, but this one is tagged both ${step.kind} and ${kind}`);
    else step.kind = kind;
  }
}

/** Whether a parenthesis would be read as (owner, duration): some part of it is a duration or a start offset. */
const readsAsMeta = (inner: string): boolean =>
  inner.split(',').some((p) => {
    const part = p.trim();
    return part.startsWith('@') || DURATION_LIKE.test(part) || parseDuration(part).ok;
  });

/** The parenthesis holds owner, duration and start offset, in any order, told apart by shape. */
function readMeta(inner: string, step: StepDraft, fail: (message: string) => void): void {
  const owners: string[] = [];
  const parts = inner.split(',').map((p) => p.trim());
  // "(, )" or "(DBA, )": a blank was meant to be filled in; the step must not pass as ownerless or instant.
  if (parts.some((p) => p === '')) {
    fail(`"(${inner})" has an empty owner or duration: write both, as in (DBA, 15m), or leave out what is not known`);
    return;
  }
  for (const part of parts) {
    if (part.startsWith('@')) {
      const parsed = parseDuration(part.slice(1).replace(/^\+/, ''));
      if (!parsed.ok) fail(`"${part}" is not a start offset (write @+30m for 30 minutes after the window opens)`);
      else if (step.startOffsetMin !== undefined) fail('A step has one start offset');
      else step.startOffsetMin = parsed.minutes;
    } else if (/^[\d.]/.test(part)) {
      const parsed = parseDuration(part);
      if (!parsed.ok) fail(parsed.error);
      else if (step.durationMin !== undefined) fail('A step has one duration');
      else step.durationMin = parsed.minutes;
    } else if (DURATION_LIKE.test(part)) fail(`"${part}" looks like a duration but is not one: ${DURATION_FORMS}`);
    else owners.push(part);
  }
  // "(DBA, SRE, 15m)" is a shared step, not a mistake; the owner field is free text.
  if (owners.length) step.owner = owners.join(', ');
}

const sortByLine = (errors: RunbookError[]) =>
  errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.line ?? 0) - (b.e.line ?? 0) || a.i - b.i)
    .map((x) => x.e);

import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { z } from 'zod';
import type { StepKind } from '../cutover/schema';
import { parseDuration } from './duration';
import type { DurationResult } from './duration';
import { buildRunbookPlan } from './plan';
import type { ImportResult, PhaseDraft, RunbookError } from './plan';

/**
 * Reads a runbook written in YAML:
 *
 *   title: Database cutover
 *   phases:
 *     - title: Stop and queue events
 *       steps:
 *         - { key: stop, title: Stop event processing, owner: DBA, duration: 15m, outageStart: event processing }
 *
 * `outageStart` / `outageEnd` name an outage the customers see, begun by one step and ended
 * by another, so its planned and actual length can be compared afterwards; `outagePlannedMin`
 * (on the step that begins it) is the length the customers were told. `scales: volume` or
 * `scales: drain` says how a step's length follows the data when a rehearsal plans the night
 * (the Markdown importer reads the same as `[outage-planned: 30m]`, `[volume]`, `[drain]`).
 *
 * The document is kept (not just its values) so every error can point at the line of the
 * node it is about, whether YAML itself or the schema below found it.
 */

const KIND_NAMES = ['task', 'verify', 'verification', 'gate', 'comms', 'checkpoint'] as const;
const STEP_FIELDS = [
  'key',
  'title',
  'owner',
  'duration',
  'start',
  'after',
  'kind',
  'rollback',
  'ponr',
  'description',
  'outageStart',
  'outageEnd',
  'outagePlannedMin',
  'scales',
] as const;
const SCALES = ['volume', 'drain'] as const;

// Empty values (`owner:`) come back as null; treat them as absent rather than as mistakes.
const optionalText = (what: string) => z.string({ error: `${what} is text` }).nullish();
// YAML reads `key: 10` as a number; a key is a name all the same.
const key = z.union([z.string(), z.number()], { error: 'a key is a name such as "stop-events"' }).transform(String);
// Durations are checked here, with the schema, so a bad one is reported alongside the rest.
const minutes = (what: 'duration' | 'start' | 'outagePlannedMin') =>
  z.union(
    [
      z.number().min(0, `${what} cannot be negative`),
      z.string().superRefine((value, ctx) => {
        const read = readMinutes(value, what);
        if (!read.ok) ctx.addIssue({ code: 'custom', message: read.error });
      }),
    ],
    { error: `${what} is a duration such as "15m" or a number of minutes` },
  );

/** A start is written "+30m" (after the window opens); a duration (and an announced outage's length) plainly. */
function readMinutes(value: string, what: 'duration' | 'start' | 'outagePlannedMin'): DurationResult {
  if (what !== 'start') return parseDuration(value);
  const read = parseDuration(value.replace(/^\+/, ''));
  return read.ok ? read : { ok: false, error: `"${value}" is not a start offset (write "+30m" for 30 minutes after the window opens)` };
}
const toMinutes = (value: number | string | null | undefined, what: 'duration' | 'start' | 'outagePlannedMin'): number | undefined => {
  if (typeof value !== 'string') return value ?? undefined;
  const read = readMinutes(value, what);
  return read.ok ? read.minutes : undefined;
};

/** `after: s2, s3` names keys; `after: none` (as in Markdown) is a step that waits for nothing. */
const readAfter = (written: string): string[] => {
  const keys = written.split(/[\s,]+/).filter(Boolean);
  return keys.length === 1 && keys[0]?.toLowerCase() === 'none' ? [] : keys;
};

const StepYamlSchema = z.strictObject(
  {
    key: key.nullish(),
    title: z.string({ error: 'A step needs a title' }),
    // `owner: ""` is a blank someone meant to fill in, unlike a field left out.
    owner: optionalText('owner').refine((v) => v == null || v.trim() !== '', 'owner is empty: write who does the step, or leave the field out'),
    duration: minutes('duration').nullish(),
    start: minutes('start').nullish(),
    // `after: ""` is a blank meant to be filled in; taken as "waits for nothing" it would move the step.
    after: z
      .union([z.array(key), z.string()], { error: 'after is a list of step keys, or none' })
      .refine((v) => typeof v !== 'string' || /[^\s,]/.test(v), 'after is empty: write the keys the step waits for, or none')
      .nullish(),
    kind: z.enum(KIND_NAMES, { error: `kind is one of ${KIND_NAMES.join(', ')}` }).nullish(),
    rollback: optionalText('rollback'),
    ponr: z.boolean({ error: 'ponr is true or false' }).nullish(),
    description: optionalText('description'),
    outageStart: optionalText('outageStart').refine((v) => v == null || v.trim().length <= 80, 'an outage name is at most 80 characters'),
    outageEnd: optionalText('outageEnd').refine((v) => v == null || v.trim().length <= 80, 'an outage name is at most 80 characters'),
    outagePlannedMin: minutes('outagePlannedMin').nullish(),
    scales: z.enum(SCALES, { error: `scales is ${SCALES.join(' or ')} (a step whose length follows the data), or left out` }).nullish(),
  },
  { error: 'A step is a mapping with a title (and owner, duration, …)' },
);

const PhaseYamlSchema = z.strictObject(
  {
    title: z.string({ error: 'A phase needs a title' }),
    steps: z.array(StepYamlSchema, { error: 'steps is a list of steps' }).nullish(),
  },
  { error: 'A phase is a mapping with a title and steps' },
);

const RunbookYamlSchema = z.strictObject(
  {
    title: optionalText('title'),
    phases: z.array(PhaseYamlSchema, { error: 'phases is a list of phases, each with a title and steps' }),
  },
  { error: 'A runbook is a mapping with a title and phases' },
);

export function importYamlRunbook(text: string): ImportResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length) {
    // yaml's messages end in " at line 3, column 5:" and a code frame; the line is kept apart.
    return { ok: false, errors: doc.errors.map((e) => ({ line: e.linePos?.[0].line ?? 1, message: `YAML: ${e.message.split(/ at line \d+|\n/)[0]}` })) };
  }
  if (doc.contents === null) return { ok: false, errors: [{ line: 1, message: 'The runbook is empty' }] };
  const lineAt = (path: readonly PropertyKey[]) => nodeLine(doc, lineCounter, path);

  const parsed = RunbookYamlSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue): RunbookError => {
      if (issue.code === 'unrecognized_keys') {
        const known = issue.path.length === 0 ? 'title, phases' : issue.path.length === 2 ? 'title, steps' : STEP_FIELDS.join(', ');
        return { line: lineAt([...issue.path, issue.keys[0] ?? '']), message: `Unknown field "${issue.keys.join('", "')}" (known: ${known})` };
      }
      return { line: lineAt(issue.path), message: issue.message };
    });
    return { ok: false, errors: errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
  }

  const phases: PhaseDraft[] = parsed.data.phases.map((phase, pi) => ({
    title: phase.title,
    line: lineAt(['phases', pi]),
    steps: (phase.steps ?? []).map((s, si) => {
      const at = ['phases', pi, 'steps', si];
      return {
        title: s.title,
        line: lineAt(at),
        ...(s.key != null && { key: s.key }),
        ...(s.owner != null && { owner: s.owner }),
        ...(s.rollback != null && { rollback: s.rollback }),
        ...(s.description != null && { description: s.description }),
        ...(s.ponr != null && { pointOfNoReturn: s.ponr }),
        ...(s.outageStart != null && { outageStart: s.outageStart }),
        ...(s.outageEnd != null && { outageEnd: s.outageEnd }),
        ...(s.outagePlannedMin != null && { outagePlannedMin: toMinutes(s.outagePlannedMin, 'outagePlannedMin') }),
        ...(s.scales != null && { scales: s.scales }),
        ...(s.kind != null && { kind: (s.kind === 'verify' ? 'verification' : s.kind) satisfies StepKind }),
        ...(s.after != null && { after: typeof s.after === 'string' ? readAfter(s.after) : s.after }),
        durationMin: toMinutes(s.duration, 'duration'),
        startOffsetMin: toMinutes(s.start, 'start'),
      };
    }),
  }));
  const built = buildRunbookPlan({ phases, line: lineAt(['phases']) });
  if (!built.ok) return built;
  return { ok: true, title: parsed.data.title?.trim() || null, plan: built.plan };
}

/** The line of the deepest node on `path` that exists: a missing field points at its parent. */
function nodeLine(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const parentPath = path.slice(0, depth - 1);
    const last = path[depth - 1];
    const parent = depth === 0 ? null : parentPath.length ? doc.getIn(parentPath, true) : doc.contents;
    // For a field, the key's line reads better than the value's (and exists for `field:` with no value).
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last));
      const range = isScalar(pair?.key) ? pair.key.range : undefined;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    const range = node && typeof node === 'object' && 'range' in node ? (node.range as [number, number, number] | null | undefined) : undefined;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return 1;
}

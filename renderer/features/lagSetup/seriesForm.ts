import { SeriesConfigSchema, type NormalBand, type SeriesConfig, type SeriesUnit, type SourceKind } from '@shared/metrics';
import { idFromName } from '@shared/core/words';
import { issueFrom, type FormIssue } from './formIssues';
import { buildSource, draftFromSource, secretsOf, type KindValues, type SourceDraft } from './sourceForm';

/*
 * The dialog's state as plain data, and the way to a SeriesConfig and back. Every value is
 * the text of its input; numbers are read only when the series is built.
 */

export type SeriesForm = {
  mode: 'add' | 'edit';
  id: string;
  /** Once the id is typed it no longer follows the name. */
  idEdited: boolean;
  name: string;
  unit: SeriesUnit;
  group: string;
  intervalSec: string;
  timeoutSec: string;
  warning: string;
  critical: string;
  /** The normal depth: "400" (0 to 400) or "200–400"; empty, the hub learns it from the readings. */
  normal: string;
  kind: SourceKind;
  /** Per kind, so switching the kind and back loses nothing. */
  drafts: Partial<Record<SourceKind, SourceDraft>>;
  /**
   * Secret values as typed, by the config field that names them (`passwordSecret`), so a
   * renamed secret keeps its value. Never part of a config; sent once with
   * `secret.set` and dropped from the form right after.
   */
  secretValues: Record<string, string>;
};

/** A series id from its name: "Alarm queue (EU)" → "alarm-queue-eu". */
export const slugify = idFromName;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const newSeriesForm = (kind: SourceKind = 'prometheus'): SeriesForm => ({
  mode: 'add',
  id: '',
  idEdited: false,
  name: '',
  unit: 'count',
  group: '',
  intervalSec: '5',
  timeoutSec: '5',
  warning: '',
  critical: '',
  normal: '',
  kind,
  drafts: {},
  secretValues: {},
});

const numText = (n: number | null) => (n === null ? '' : String(n));
const normalText = (b: NormalBand | null) => (b === null ? '' : b.low === 0 ? String(b.high) : `${b.low}\u2013${b.high}`);

const RANGE = /^(\d+(?:\.\d+)?)(?:\s*(?:-|\u2013|\u2014|to)\s*(\d+(?:\.\d+)?))?$/i;

/** "400" is 0 to 400 (a queue's normal is seldom above some depth); "200–400" is a band. */
function normalBand(text: string): { ok: true; value: NormalBand | null } | { ok: false; issue: FormIssue } {
  const t = text.trim();
  if (t === '') return { ok: true, value: null };
  const m = RANGE.exec(t);
  if (!m) return { ok: false, issue: { field: 'normal', message: 'The normal depth is a number (400, meaning 0 to 400) or a range (200–400)' } };
  const [a, b] = [Number(m[1]), m[2] === undefined ? null : Number(m[2])];
  return { ok: true, value: b === null ? { low: 0, high: a } : { low: a, high: b } };
}

export function formFromSeries(s: SeriesConfig): SeriesForm {
  return {
    mode: 'edit',
    id: s.id,
    idEdited: true,
    name: s.name,
    unit: s.unit,
    group: s.group,
    intervalSec: String(s.intervalSec),
    timeoutSec: String(s.timeoutSec),
    warning: numText(s.warning),
    critical: numText(s.critical),
    normal: normalText(s.normal),
    kind: s.source.kind,
    drafts: { [s.source.kind]: draftFromSource(s.source) },
    secretValues: {},
  };
}

/** The name changes; a new series' id follows it until the id is typed. */
export const withName = (f: SeriesForm, name: string): SeriesForm => ({ ...f, name, id: f.mode === 'add' && !f.idEdited ? slugify(name) : f.id });

export const withId = (f: SeriesForm, id: string): SeriesForm => (f.mode === 'edit' ? f : { ...f, id, idEdited: id !== '' });

export const draftOf = (f: SeriesForm, kind: SourceKind = f.kind): SourceDraft => f.drafts[kind] ?? { values: {}, useSecrets: false };

export const withDraft = (f: SeriesForm, change: Partial<SourceDraft>): SeriesForm => ({
  ...f,
  drafts: { ...f.drafts, [f.kind]: { ...draftOf(f), ...change } },
});

export const withValue = (f: SeriesForm, key: string, value: string): SeriesForm =>
  withDraft(f, { values: { ...draftOf(f).values, [key]: value } satisfies KindValues });

/** The secrets the current source names, and whether a value was typed for each. */
export const secretsInForm = (f: SeriesForm) => secretsOf(f.kind, draftOf(f), f.id.trim()).map((s) => ({ ...s, value: f.secretValues[s.spec.key] ?? '' }));

/** What to store with `secret.set` before the series is saved: only what was typed. */
export const typedSecrets = (f: SeriesForm): { name: string; value: string }[] =>
  secretsInForm(f)
    .filter((s) => s.name !== '' && s.value !== '')
    .map(({ name, value }) => ({ name, value }));

export const withSecretValue = (f: SeriesForm, key: string, value: string): SeriesForm => ({ ...f, secretValues: { ...f.secretValues, [key]: value } });

export const withoutSecretValues = (f: SeriesForm): SeriesForm => ({ ...f, secretValues: {} });

/** The current source alone, for "Test connection". */
export const sourceFromForm = (f: SeriesForm) => buildSource(f.kind, draftOf(f), f.id.trim());

function number(text: string, field: string, label: string): { ok: true; value: number | null } | { ok: false; issue: FormIssue } {
  if (text.trim() === '') return { ok: true, value: null };
  const n = Number(text.trim());
  return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, issue: { field, message: `${label} must be a number` } };
}

export type BuildResult = { ok: true; series: SeriesConfig } | { ok: false; issue: FormIssue };

/**
 * The series the form describes, checked by the same schema the hub uses, or the first
 * problem as a sentence next to its field. `existingIds` keeps a new series from silently
 * replacing another one (define replaces by id).
 */
export function buildSeries(f: SeriesForm, existingIds: readonly string[]): BuildResult {
  const id = f.id.trim();
  if (f.name.trim() === '') return { ok: false, issue: { field: 'name', message: 'Give the series a name' } };
  if (id === '') return { ok: false, issue: { field: 'id', message: 'The id is made from the name: use some letters or digits' } };
  if (f.mode === 'add' && !SLUG.test(id))
    return { ok: false, issue: { field: 'id', message: 'An id is lowercase letters and digits, with single dashes between' } };
  if (f.mode === 'add' && existingIds.includes(id))
    return { ok: false, issue: { field: 'id', message: `A series with the id “${id}” exists already: edit that one, or change the id` } };

  const numbers: Record<string, number | null> = {};
  for (const [key, label] of [
    ['intervalSec', 'The interval'],
    ['timeoutSec', 'The timeout'],
    ['warning', 'The warning threshold'],
    ['critical', 'The critical threshold'],
  ] as const) {
    const n = number(f[key], key, label);
    if (!n.ok) return n;
    numbers[key] = n.value;
  }
  const normal = normalBand(f.normal);
  if (!normal.ok) return normal;
  const source = buildSource(f.kind, draftOf(f), id);
  const parsed = SeriesConfigSchema.safeParse({
    id,
    name: f.name.trim(),
    unit: f.unit,
    group: f.group.trim(),
    ...(numbers.intervalSec !== null ? { intervalSec: numbers.intervalSec } : {}),
    ...(numbers.timeoutSec !== null ? { timeoutSec: numbers.timeoutSec } : {}),
    warning: numbers.warning,
    critical: numbers.critical,
    normal: normal.value,
    // A stand-in while the source has a problem, so the fields above it are checked first.
    source: source.ok ? source.source : { kind: 'push' },
  });
  const above = parsed.success ? undefined : parsed.error.issues.find((i) => i.path[0] !== 'source');
  if (above) return { ok: false, issue: issueFrom(above, f.kind) };
  if (!source.ok) return source;
  return parsed.success ? { ok: true, series: parsed.data } : { ok: false, issue: issueFrom(parsed.error.issues[0], f.kind) };
}

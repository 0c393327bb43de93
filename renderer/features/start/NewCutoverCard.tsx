import { useState, type FormEvent } from 'react';
import type { NewCutoverRequest } from '@shared/ipc/contract';
import { formatOfFile } from '@shared/runbook';
import { MIN, HOUR } from '@shared/time';

export type TemplateChoice = { id: string; title: string; windowMinutes: number };
/** Where the night is planned: the desktop's own hub, or a hub over HTTP with the admin token. It navigates on success. */
export type PlanNight = (request: NewCutoverRequest) => Promise<{ ok: true } | { ok: false; errors: { line?: number; message: string }[] }>;

type Source = { kind: 'template'; templateId: string } | { kind: 'markdown' | 'yaml'; text: string; fileName: string };

const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A datetime-local field's value is wall-clock time here, not UTC. */
function localInputValue(ms: number): string {
  const d = new Date(ms);
  return new Date(ms - d.getTimezoneOffset() * MIN).toISOString().slice(0, 16);
}

type NewCutoverCardProps = { templates: TemplateChoice[]; plan: PlanNight; heading?: string };

/**
 * Plan a night: from the built-in template or an imported Markdown/YAML runbook (errors by
 * line). The same form on the desktop and in a browser; only where it is sent differs.
 */
export function NewCutoverCard({ templates, plan, heading = 'New cutover' }: NewCutoverCardProps) {
  const [title, setTitle] = useState('');
  const [start, setStart] = useState(() => localInputValue(Date.now() + HOUR));
  const [minutes, setMinutes] = useState(120);
  const [rehearsal, setRehearsal] = useState(false);
  const [source, setSource] = useState<Source>({ kind: 'template', templateId: 'database-cutover' });
  const [errors, setErrors] = useState<{ line?: number; message: string }[]>([]);
  const [busy, setBusy] = useState(false);

  const pickFile = async (file: File | undefined) => {
    if (!file) return;
    setSource({ kind: formatOfFile(file.name), text: await file.text(), fileName: file.name });
    setErrors([]);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    // The datetime field is local time; the window is stored as instants plus the zone.
    const startMs = new Date(start).getTime();
    const request: NewCutoverRequest = {
      title: title.trim() || (templates.find((t) => source.kind === 'template' && t.id === source.templateId)?.title ?? 'Cutover'),
      window: { start: startMs, end: startMs + minutes * MIN, timeZone: localZone },
      isRehearsal: rehearsal,
      source: source.kind === 'template' ? source : { kind: source.kind, text: source.text },
    };
    const r = await plan(request).finally(() => setBusy(false));
    if (!r.ok) setErrors(r.errors);
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-label={heading}>
      <h2>{heading}</h2>
      <label className="field">
        <span>Title</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Database cutover to the cloud" />
      </label>
      <div className="row">
        <label className="field">
          <span>Window starts ({localZone})</span>
          <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required />
        </label>
        <label className="field">
          <span>Length (minutes)</span>
          <input type="number" min={15} max={24 * 60} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} />
        </label>
      </div>
      <label className="toggle">
        <input type="checkbox" checked={rehearsal} onChange={(e) => setRehearsal(e.target.checked)} /> This is a rehearsal (on staging): its actual times can
        plan the live night
      </label>
      <fieldset className="field">
        <legend>Runbook</legend>
        {templates.map((t) => (
          <label key={t.id} className="toggle">
            <input
              type="radio"
              name="source"
              checked={source.kind === 'template' && source.templateId === t.id}
              onChange={() => setSource({ kind: 'template', templateId: t.id })}
            />
            Template: {t.title}
          </label>
        ))}
        <label className="toggle">
          <input type="file" accept=".md,.markdown,.txt,.yml,.yaml" onChange={(e) => void pickFile(e.target.files?.[0])} />
          {source.kind !== 'template' ? `Imported ${source.fileName}` : 'Import Markdown or YAML'}
        </label>
      </fieldset>
      {errors.length > 0 && (
        <ul className="error-list" role="alert">
          {errors.map((er, i) => (
            <li key={i}>
              {er.line ? `line ${er.line}: ` : ''}
              {er.message}
            </li>
          ))}
        </ul>
      )}
      <button type="submit" className="primary" disabled={busy}>
        Create cutover
      </button>
    </form>
  );
}

import { useState } from 'react';
import { ACTION_PRIORITIES, ActionFieldsSchema, type ActionItem, type ActionPriority } from '@shared/actions';
import type { TimelineNote } from '@shared/cutover';

type ReviewActionsProps = {
  /** Items added in this review (the night's own are in the record and the draft already). */
  items: readonly ActionItem[];
  /** Notes of kind "action" no item was made of yet: each offers to become one. */
  notes: readonly TimelineNote[];
  onChange: (items: ActionItem[]) => void;
};

const EMPTY = { title: '', owner: '', priority: 'P2' as ActionPriority, due: '', ticket: '' };

/** Adding action items in the review: title, an owner who is not just whoever raised it, priority, due date, a ticket link. */
export function ReviewActions({ items, notes, onChange }: ReviewActionsProps) {
  const [form, setForm] = useState(EMPTY);
  const [from, setFrom] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  const add = () => {
    const parsed = ActionFieldsSchema.safeParse({ ...form, due: form.due || null, ticket: form.ticket.trim() || null });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'This action item is not complete');
    const item: ActionItem = {
      ...parsed.data,
      id: `a-review-${Date.now().toString(36)}-${items.length}`,
      source: from ? { kind: 'note', noteId: from } : { kind: 'review' },
      createdBy: { id: 'review', name: 'Review', role: 'lead' },
      createdAt: Date.now(),
      done: false,
    };
    onChange([...items, item]);
    setForm(EMPTY);
    setFrom(null);
    setError(null);
  };

  return (
    <section className="card review-actions" aria-label="Action items">
      <h2>Action items</h2>
      {notes.length > 0 && (
        <ul className="review-actions__notes">
          {notes.map((n) => (
            <li key={n.id}>
              <span>
                “{n.text}” ({n.by.name})
              </span>
              <button
                type="button"
                onClick={() => {
                  setForm({ ...EMPTY, title: n.text });
                  setFrom(n.id);
                }}
              >
                Make an action item
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="row review-actions__form">
        <label className="field">
          <span>Action</span>
          <input value={form.title} onChange={set('title')} />
        </label>
        <label className="field">
          <span>Owner (a person or a role)</span>
          <input value={form.owner} onChange={set('owner')} />
        </label>
        <label className="field">
          <span>Priority</span>
          <select value={form.priority} onChange={set('priority')}>
            {ACTION_PRIORITIES.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Due</span>
          <input type="date" value={form.due} onChange={set('due')} />
        </label>
        <label className="field">
          <span>Ticket link</span>
          <input type="url" placeholder="https://…" value={form.ticket} onChange={set('ticket')} />
        </label>
        <button type="button" onClick={add}>
          Add the action item
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {items.length > 0 && (
        <ul className="review-actions__items">
          {items.map((i) => (
            <li key={i.id}>
              {i.title} — {i.owner}, {i.priority}
              {i.due ? `, due ${i.due}` : ''}{' '}
              <button type="button" className="link" onClick={() => onChange(items.filter((x) => x.id !== i.id))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

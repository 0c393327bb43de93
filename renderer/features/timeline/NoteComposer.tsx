import { memo } from 'react';
import type { FormEvent } from 'react';
import { NoteSeveritySchema, type NoteSeverity } from '@shared/cutover';
import { useCutover } from '../../connection/cutoverStore';
import { useNoteDraft } from '../../connection/noteDraft';

/**
 * Adds a note to the timeline. `n` anywhere focuses it; Enter sends. What is being written is
 * kept per night as it is typed (connection/noteDraft.ts): a reload or another side tab loses
 * none of it, and a note the hub refuses comes back here.
 */
export const NoteComposer = memo(function NoteComposer() {
  const send = useCutover((s) => s.send);
  const cutoverId = useCutover((s) => s.state.info?.id ?? '');
  const [{ text, severity }, keep] = useNoteDraft(cutoverId);
  const setText = (t: string) => keep({ text: t, severity });
  const setSeverity = (s: NoteSeverity) => keep({ text, severity: s });
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!text.trim()) return;
    // From here the note is in the queue of changes kept until the hub has it (openConnection.ts).
    void send('note.add', { text: text.trim(), severity });
    keep({ text: '', severity });
  };
  return (
    <form className="composer" onSubmit={submit}>
      <textarea
        id="note-composer"
        aria-label="Add a note to the timeline"
        placeholder="Add a note (n)"
        value={text}
        rows={2}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          // Not the Enter that ends an input method's composition: that one picks the characters.
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            // Or the textarea adds its newline to the emptied draft, which is kept as the next note.
            e.preventDefault();
            submit();
          }
          if (e.key === 'Escape') (e.target as HTMLTextAreaElement).blur();
        }}
      />
      <div className="composer__row">
        <select aria-label="Severity" value={severity} onChange={(e) => setSeverity(e.target.value as NoteSeverity)}>
          {NoteSeveritySchema.options.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={!text.trim()}>
          Add note
        </button>
      </div>
      {severity === 'action' && <p className="hint">Once added, the note offers “Make an action item”: an owner, a priority and a due date.</p>}
    </form>
  );
});

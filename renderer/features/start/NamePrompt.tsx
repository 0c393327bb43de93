import { useState, type FormEvent } from 'react';
import { NAME_MAX, NAME_TOO_LONG } from '@shared/protocol';

type NamePromptProps = { initial: string; context: string; onName: (name: string) => void };

/** Asks who is at this screen: the crew sees the name on every step and note. */
export function NamePrompt({ initial, context, onName }: NamePromptProps) {
  const [name, setName] = useState(initial);
  // Told, not cut: a name cut at 80 characters is not the one the person typed (#16).
  const tooLong = name.trim().length > NAME_MAX;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() && !tooLong) onName(name.trim());
  };
  return (
    <main className="start">
      <h1 className="start__title">Warroom</h1>
      <p className="start__lede">{context}</p>
      <form className="card" onSubmit={submit}>
        <label className="field">
          <span>Your name, as the crew will see it</span>
          <input
            autoFocus
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Dana (DBA)"
            aria-invalid={tooLong}
            aria-describedby={tooLong ? 'name-too-long' : undefined}
          />
        </label>
        {tooLong && (
          <p className="error" id="name-too-long" role="alert">
            {NAME_TOO_LONG} (this one has {name.trim().length}).
          </p>
        )}
        <button type="submit" className="primary" disabled={!name.trim() || tooLong}>
          Join
        </button>
      </form>
    </main>
  );
}

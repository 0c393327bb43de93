import { useState, type FormEvent } from 'react';

type NamePromptProps = { initial: string; context: string; onName: (name: string) => void };

/** Asks who is at this screen: the crew sees the name on every step and note. */
export function NamePrompt({ initial, context, onName }: NamePromptProps) {
  const [name, setName] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) onName(name.trim());
  };
  return (
    <main className="start">
      <h1 className="start__title">Warroom</h1>
      <p className="start__lede">{context}</p>
      <form className="card" onSubmit={submit}>
        <label className="field">
          <span>Your name, as the crew will see it</span>
          <input autoFocus value={name} maxLength={80} onChange={(e) => setName(e.target.value)} placeholder="e.g. Dana (DBA)" />
        </label>
        <button type="submit" className="primary" disabled={!name.trim()}>
          Join
        </button>
      </form>
    </main>
  );
}

import type { VariableHelp as Variable } from '@shared/comms';

type VariableHelpProps = { variables: readonly Variable[]; onInsert: (name: string) => void };

/** Each variable, what it means and its value right now; a click puts it where the cursor was. */
export function VariableHelp({ variables, onInsert }: VariableHelpProps) {
  return (
    <section className="comms-vars" aria-label="Variables">
      <h4>
        Variables <span className="hint">click to insert</span>
      </h4>
      <ul>
        {variables.map((v) => (
          <li key={v.name}>
            <button type="button" className="comms-vars__name" onClick={() => onInsert(v.name)} title={`Insert {{${v.name}}}`}>{`{{${v.name}}}`}</button>
            <span className="comms-vars__what">{v.description}</span>
            {v.example && <span className="comms-vars__now">{v.example}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

import type { Destination } from '@shared/comms';
import type { DestinationOption } from './commsView';

type DestinationPickerProps = {
  options: readonly DestinationOption[];
  selected: readonly Destination[];
  onToggle: (d: Destination) => void;
  setupHint: string | null;
};

/** A checkbox per destination; one not set up yet is greyed out with how to set it up. */
export function DestinationPicker({ options, selected, onToggle, setupHint }: DestinationPickerProps) {
  return (
    <fieldset className="field comms-dests">
      <legend>Send to</legend>
      {options.map((o) => (
        <label key={o.destination} className={`comms-dest${o.enabled ? '' : ' comms-dest--off'}`}>
          <input
            type="checkbox"
            data-testid={`comms-dest-${o.destination}`}
            checked={o.enabled && selected.includes(o.destination)}
            disabled={!o.enabled}
            onChange={() => onToggle(o.destination)}
          />
          <span className="comms-dest__label">{o.label}</span>
          <span className="comms-dest__hint">{o.hint}</span>
        </label>
      ))}
      {setupHint && <p className="hint comms-dests__setup">{setupHint}</p>}
    </fieldset>
  );
}

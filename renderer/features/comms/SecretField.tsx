import type { RefObject } from 'react';

type SecretFieldProps = {
  label: string;
  /** The secret's name on the hub ("slack-token"). */
  name: string;
  stored: boolean;
  inputRef: RefObject<HTMLInputElement | null>;
  placeholder: string;
  testId?: string;
};

const envName = (name: string) => `WARROOM_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

/**
 * A secret typed once and sent to the hub. Uncontrolled: the value never enters React
 * state. Whether one is stored is known by its name only; the value never comes back.
 */
export function SecretField({ label, name, stored, inputRef, placeholder, testId }: SecretFieldProps) {
  return (
    <label className="field">
      <span>
        {label} {stored ? <b className="comms-secret comms-secret--stored">stored ✓</b> : <b className="comms-secret">not stored yet</b>}
      </span>
      <input
        ref={inputRef}
        type="password"
        autoComplete="off"
        spellCheck={false}
        data-testid={testId}
        placeholder={stored ? 'Stored on the hub; paste a new one to replace it' : placeholder}
      />
      {!stored && <small className="hint">Or start the hub with {envName(name)} set.</small>}
    </label>
  );
}

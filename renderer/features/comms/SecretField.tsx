import type { RefObject } from 'react';
import { secretEnvName } from '@shared/protocol';
import { useCutover } from '../../connection/cutoverStore';

type SecretFieldProps = {
  label: string;
  /** The secret's name on the hub ("slack-token"). */
  name: string;
  stored: boolean;
  inputRef: RefObject<HTMLInputElement | null>;
  placeholder: string;
  testId?: string;
};

/**
 * A secret typed once and sent to the hub. Uncontrolled: the value never enters React
 * state. Whether one is stored is known by its name only; the value never comes back.
 * One the hub was started with (`WARROOM_SECRET_…`) is present too, and wins over a stored
 * one (secrets/vault.ts), so the field says so and takes nothing.
 */
export function SecretField({ label, name, stored, inputRef, placeholder, testId }: SecretFieldProps) {
  const envName = secretEnvName(name);
  const fromEnv = useCutover((s) => s.envSecrets.includes(envName));
  const state = fromEnv ? (
    <b className="comms-secret comms-secret--stored">from the hub’s environment ✓</b>
  ) : stored ? (
    <b className="comms-secret comms-secret--stored">stored ✓</b>
  ) : (
    <b className="comms-secret">not stored yet</b>
  );
  return (
    <label className="field">
      <span>
        {label} {state}
      </span>
      <input
        ref={inputRef}
        type="password"
        autoComplete="off"
        spellCheck={false}
        data-testid={testId}
        disabled={fromEnv}
        placeholder={fromEnv ? 'Given where the hub runs' : stored ? 'Stored on the hub; paste a new one to replace it' : placeholder}
      />
      {fromEnv ? (
        <small className="hint">The hub was started with {envName}, which it uses over anything stored.</small>
      ) : (
        !stored && <small className="hint">Or start the hub with {envName} set.</small>
      )}
    </label>
  );
}

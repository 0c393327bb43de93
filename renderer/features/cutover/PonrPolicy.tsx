import { useState } from 'react';
import { ReasonPrompt } from '../../ui/ReasonPrompt';

type PonrPolicyProps = { allowed: boolean; onChange: (allowed: boolean) => void };

/**
 * Settled before T0: whether the lead, besides an approver, may cross the point of no return
 * without a GO. Loosening it asks first (one stray click beside "Start the night" must not);
 * tightening it again does not.
 */
export function PonrPolicy({ allowed, onChange }: PonrPolicyProps) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <label className="toggle" title="Otherwise only an approver may override the point of no return">
        <input type="checkbox" checked={allowed} onChange={(e) => (e.target.checked ? setAsking(true) : onChange(false))} /> Lead may cross the point of no
        return without a GO
      </label>
      {asking && (
        <ReasonPrompt
          request={{
            title: 'Let the lead cross the point of no return without a GO',
            intro:
              'Tonight the lead, as well as an approver, may then override the point of no return when no GO was given (typed out, with a reason, on the record). It is settled once the night starts.',
            label: null,
            required: false,
            confirm: 'Allow it',
            onSubmit: () => onChange(true),
          }}
          onClose={() => setAsking(false)}
        />
      )}
    </>
  );
}

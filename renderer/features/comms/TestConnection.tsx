import { useState } from 'react';
import { useCutover } from '../../connection/cutoverStore';

type TestConnectionProps = { destination: 'slack' | 'statuspage' | 'webhook'; configured: boolean };

type Outcome = { ok: boolean; text: string } | 'testing' | null;

/** "Test": the hub checks the destination as saved (nothing is posted to Slack or the status page). */
export function TestConnection({ destination, configured }: TestConnectionProps) {
  const checkComms = useCutover((s) => s.checkComms);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const test = async () => {
    setOutcome('testing');
    const r = await checkComms(destination);
    setOutcome(r.ok ? { ok: true, text: r.detail } : { ok: false, text: r.error });
  };
  return (
    <>
      <button
        type="button"
        data-testid={`${destination}-test`}
        disabled={!configured || outcome === 'testing'}
        onClick={() => void test()}
        title={configured ? undefined : 'Save first, then test'}
      >
        {outcome === 'testing' ? 'Testing…' : 'Test'}
      </button>
      <p
        className={`comms-test${outcome && outcome !== 'testing' ? (outcome.ok ? ' comms-test--ok' : ' comms-test--bad') : ''}`}
        role="status"
        data-testid={`${destination}-test-result`}
      >
        {outcome === 'testing' ? 'Asking the hub…' : outcome ? `${outcome.ok ? '✓' : '✕'} ${outcome.text}` : ''}
      </p>
    </>
  );
}

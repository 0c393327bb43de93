type ConnectionTestProps = {
  polled: boolean;
  testing: boolean;
  result: { ok: boolean; text: string } | null;
  onTest: () => void;
};

/** "Test connection": one read through the hub, nothing recorded; its answer beside it. */
export function ConnectionTest({ polled, testing, result, onTest }: ConnectionTestProps) {
  if (!polled) return null;
  return (
    <div className="series-test">
      <button type="button" onClick={onTest} disabled={testing} data-testid="series-test">
        {testing ? 'Testing…' : 'Test connection'}
      </button>
      <span role="status" data-testid="series-test-result" className={result ? (result.ok ? 'series-test__ok' : 'error') : 'hint'}>
        {testing ? 'Reading once through the hub…' : (result?.text ?? 'Reads the source once through the hub; nothing is recorded.')}
      </span>
    </div>
  );
}

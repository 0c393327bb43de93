type PonrPolicyProps = { allowed: boolean; onChange: (allowed: boolean) => void };

/** Settled before T0: whether the lead, besides an approver, may cross the point of no return without a GO. */
export function PonrPolicy({ allowed, onChange }: PonrPolicyProps) {
  return (
    <label className="toggle" title="Otherwise only an approver may override the point of no return">
      <input type="checkbox" checked={allowed} onChange={(e) => onChange(e.target.checked)} /> Lead may cross the point of no return without a GO
    </label>
  );
}

/** The sentence for a query the server stopped at the check's limit. */
export function timeoutSentence(timeoutMs: number): string {
  const s = timeoutMs / 1000;
  return `the query ran past the check's ${Number.isInteger(s) ? s : s.toFixed(1)} s timeout and the server cancelled it`;
}

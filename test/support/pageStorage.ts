/** The page's storage, as a browser has it (the note box keeps its draft there, the queue its changes): a fresh one per call. */
export function installPageStorage(): Map<string, string> {
  const kept = new Map<string, string>();
  Object.assign(globalThis, {
    localStorage: {
      getItem: (k: string) => kept.get(k) ?? null,
      setItem: (k: string, v: string) => void kept.set(k, v),
      removeItem: (k: string) => void kept.delete(k),
    },
  });
  return kept;
}

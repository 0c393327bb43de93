/**
 * One stored event as the journal tests write it: Dan's note number `seq`, as the raw JSON a
 * journal appends (the runtime stamps these fields in the hub).
 */
export const noteRecord = (seq: number, text = `note ${seq}`): string =>
  JSON.stringify({
    v: 1,
    seq,
    ts: 1000 + seq,
    actor: { id: 'm-1', name: 'Dan', role: 'operator' },
    type: 'note.added',
    payload: { noteId: `n${seq}`, text, severity: 'info' },
    commandId: `c${seq}`,
  });

import { useCallback, useMemo } from 'react';
import type { Destination } from '@shared/comms';
import { useCutover } from '../../connection/cutoverStore';
import type { TemplateEntry } from './commsView';
import { messageRows } from './deliveryView';
import { MessageItem } from './MessageItem';

type MessageListProps = { entries: readonly TemplateEntry[]; canAct: boolean };

/** Every update of the night, newest first, each with its delivery status per destination. */
export function MessageList({ entries, canAct }: MessageListProps) {
  const messages = useCutover((s) => s.state.messages);
  const order = useCutover((s) => s.state.messageOrder);
  const info = useCutover((s) => s.state.info);
  const send = useCutover((s) => s.send);
  const rows = useMemo(() => messageRows({ messages, messageOrder: order, info }, entries), [messages, order, info, entries]);
  const retry = useCallback((messageId: string, destination: Destination) => void send('message.retry', { messageId, destination }), [send]);
  const cancel = useCallback((messageId: string, destination: Destination) => void send('message.cancel', { messageId, destination }), [send]);
  if (rows.length === 0) return <p className="hint comms-empty">No updates sent yet. The first one usually says the window has started.</p>;
  return (
    <ol className="comms-list" aria-label="Updates sent">
      {rows.map((r) => (
        <MessageItem key={r.id} row={r} canAct={canAct} onRetry={retry} onCancel={cancel} />
      ))}
    </ol>
  );
}

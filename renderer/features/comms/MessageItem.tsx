import { memo } from 'react';
import type { Destination } from '@shared/comms';
import { readableMrkdwn } from './composerView';
import type { MessageRow } from './deliveryView';
import { DeliveryStatusChip } from './DeliveryStatusChip';
import { MessageText } from './MessageText';

type MessageItemProps = {
  row: MessageRow;
  canAct: boolean;
  onRetry: (messageId: string, destination: Destination) => void;
  onCancel: (messageId: string, destination: Destination) => void;
};

/** One update sent: its text, who sent it and when, and each destination's delivery. */
export const MessageItem = memo(function MessageItem({ row, canAct, onRetry, onCancel }: MessageItemProps) {
  return (
    <li className="comms-msg" data-testid="comms-message" data-message-id={row.id}>
      <div className="comms-msg__head">
        <time>{row.at}</time>
        <span className="comms-msg__by">{row.by}</span>
        <span className="comms-msg__state">{row.stateLabel}</span>
        {row.templateTitle && <span className="comms-msg__template">{row.templateTitle}</span>}
      </div>
      <div className="comms-msg__text">
        <MessageText text={readableMrkdwn(row.text)} missing={[]} />
      </div>
      {row.bannerText && (
        <p className="comms-msg__banner">
          <span>Banner:</span> {row.bannerText}
        </p>
      )}
      <ul className="comms-msg__deliveries" aria-live="polite" aria-label="Deliveries">
        {row.chips.map((c) => (
          <DeliveryStatusChip
            key={c.destination}
            chip={c}
            canAct={canAct}
            onRetry={() => onRetry(row.id, c.destination)}
            onCancel={() => onCancel(row.id, c.destination)}
          />
        ))}
      </ul>
    </li>
  );
});

import { useMemo } from 'react';
import { waitingBehind } from '@shared/comms';
import { useCutover } from '../../connection/cutoverStore';
import { sentMessageId, sentReport } from './sentView';

type SentUpdateProps = {
  /** The journal's seq when Send was pressed: the update is the one this member requested after it. */
  since: number;
};

/**
 * Under the composer once an update has gone to the hub: where it stands at each
 * destination, as the outbox records it, until the next update is begun.
 */
export function SentUpdate({ since }: SentUpdateProps) {
  const memberId = useCutover((s) => s.member?.id ?? null);
  const events = useCutover((s) => s.events);
  // The array grows in place: the count says when it did.
  const eventCount = useCutover((s) => s.eventCount);
  const messages = useCutover((s) => s.state.messages);
  const messageOrder = useCutover((s) => s.state.messageOrder);
  const tz = useCutover((s) => s.state.info?.window.timeZone ?? 'UTC');
  const id = useMemo(() => (memberId ? sentMessageId(events, memberId, since) : null), [events, eventCount, memberId, since]);
  const behind = useMemo(() => waitingBehind({ messages, messageOrder }), [messages, messageOrder]);
  const message = id ? messages[id] : undefined;
  if (!id || !message)
    return (
      <p className="hint" role="status" data-testid="comms-sent-status" data-state="requested">
        Handed to the hub; waiting for its record.
      </p>
    );
  const report = sentReport(message, tz, behind.get(id));
  return (
    <div className="comms-sent" role="status" data-testid="comms-sent-status" data-state={report.state}>
      <p className={report.state === 'delivered' ? 'comms-sent-note' : 'hint'}>
        {report.headline}. It is at the top of Updates; pick a template for the next one.
      </p>
      <ul className="comms-msg__deliveries" aria-label="Where it stands">
        {report.lines.map((l) => (
          <li key={l.destination} className={`dchip dchip--${l.tone}`} data-testid={`sent-${l.destination}`} data-state={l.state}>
            <span className="dchip__label">{l.label}</span>
            <span className="dchip__text">{l.text}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

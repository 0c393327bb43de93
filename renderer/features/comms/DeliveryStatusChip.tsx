import type { DeliveryChip } from './deliveryView';

type DeliveryStatusChipProps = {
  chip: DeliveryChip;
  /** Retry and Cancel are for those who may send. */
  canAct: boolean;
  onRetry: () => void;
  onCancel: () => void;
};

/** One destination of one update: where it stands in words, a link once sent, and Retry/Cancel. */
export function DeliveryStatusChip({ chip, canAct, onRetry, onCancel }: DeliveryStatusChipProps) {
  return (
    <li className={`dchip dchip--${chip.tone}`} data-testid={`delivery-${chip.destination}`} data-status={chip.status}>
      <span className="dchip__label">{chip.label}</span>
      <span className="dchip__text">{chip.text}</span>
      {chip.link && (
        <a className="dchip__link" href={chip.link.href} target="_blank" rel="noopener noreferrer">
          {chip.link.label}
        </a>
      )}
      {canAct && (chip.canRetry || chip.canCancel) && (
        <span className="dchip__actions">
          {chip.canRetry && (
            <button type="button" data-testid="delivery-retry" onClick={onRetry}>
              Retry
            </button>
          )}
          {chip.canCancel && (
            <button type="button" data-testid="delivery-cancel" onClick={onCancel}>
              Cancel
            </button>
          )}
        </span>
      )}
    </li>
  );
}

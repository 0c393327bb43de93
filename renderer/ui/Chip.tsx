import { memo } from 'react';
/** How much attention the fact asks for: its colour (styles.css, "chip"). */
export type ChipTone = 'calm' | 'ok' | 'warn' | 'danger';

type ChipProps = {
  label: string;
  text: string;
  tone: ChipTone;
  testId: string;
  /** The whole sentence, shown on hover; the label and text by default. */
  title?: string;
  /** Gives way first when the row is full, cut short with an ellipsis. */
  shrink?: boolean;
  /** The text speaks for itself ("T+ 0:42:10"): the label is for screen readers only. */
  quiet?: boolean;
  /** Said after the text, and cut short before it is: the text is what must stay whole ("in 21m · no GO"). */
  more?: string;
};

/** One fact (in the header, or wherever a status is summed up): a small label and its value on one line. */
export const Chip = memo(function Chip({ label, text, tone, testId, title, shrink = false, quiet = false, more }: ChipProps) {
  return (
    <div
      className={`chip chip--${tone}${shrink ? ' chip--shrink' : ''}${more ? ' chip--more' : ''}`}
      data-testid={testId}
      title={title ?? `${label}: ${text}${more ? ` · ${more}` : ''}`}
    >
      <span className={quiet ? 'chip__label chip__label--quiet' : 'chip__label'}>{label}</span>
      <span className="chip__text">{text}</span>
      {more && <span className="chip__more">· {more}</span>}
    </div>
  );
});

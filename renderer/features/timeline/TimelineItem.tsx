import type { ReactNode } from 'react';
import { clockTime } from '../../lib/time';
import type { TimelineEntry } from './timelineView';

type TimelineItemProps = {
  entry: TimelineEntry;
  timeZone: string;
  seek: ((at: number) => void) | null;
  /** Under an action note: the items made from it, and "Make an action item" for who may. */
  extra?: ReactNode;
};

/** One entry: when (a link to that moment in a replay), who, and what. */
export function TimelineItem({ entry: t, timeZone, seek, extra }: TimelineItemProps) {
  return (
    <li className={`tl tl--${t.tone}`} data-seq={t.seq}>
      {seek ? (
        <button type="button" className="tl__seek" title="Show the night at this moment" onClick={() => seek(t.at)}>
          <time>{clockTime(t.at, timeZone, true)}</time>
        </button>
      ) : (
        <time>{clockTime(t.at, timeZone, true)}</time>
      )}
      <span className="tl__who">{t.who}</span>
      <span className="tl__text">{t.text}</span>
      {extra && <div className="tl__extra">{extra}</div>}
    </li>
  );
}

import { clockTime } from '../../lib/time';
import { SPEEDS } from './replay';

type ScrubberProps = {
  start: number;
  end: number;
  at: number;
  timeZone: string;
  playing: number | null;
  onSeek: (at: number) => void;
  onPlay: (speed: number | null) => void;
};

/** The night's time line: drag to any moment, or play it back at ×1 to ×60. */
export function Scrubber({ start, end, at, timeZone, playing, onSeek, onPlay }: ScrubberProps) {
  return (
    <div className="scrubber">
      <input type="range" aria-label="Moment of the night" min={start} max={end} step={1000} value={at} onChange={(e) => onSeek(Number(e.target.value))} />
      <time className="scrubber__at" data-testid="replay-at">
        {clockTime(at, timeZone, true)}
      </time>
      {SPEEDS.map((s) => (
        <button key={s} type="button" aria-pressed={playing === s} onClick={() => onPlay(playing === s ? null : s)}>
          {playing === s ? '❚❚' : '▶'} ×{s}
        </button>
      ))}
      <button type="button" onClick={() => onSeek(end)}>
        End
      </button>
    </div>
  );
}

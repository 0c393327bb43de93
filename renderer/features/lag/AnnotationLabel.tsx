import type { AnnotationKind } from './annotations';

export type AnnotationLabelProps = {
  /** The mark's column and the plot's top, in pixels. */
  x: number;
  top: number;
  lane: number | null;
  text: string;
  /** The whole sentence, shown on hover. */
  title: string;
  kind: AnnotationKind;
  side: 'left' | 'right';
};

/** Label rows sit above the plot, this far apart. */
export const ANNOTATION_LANE_PX = 13;

/**
 * An annotation's label in the strip above the plot, in its own row so none overlap; one
 * without a row is a small mark at the top of its line, with the sentence on hover.
 */
export function AnnotationLabel({ x, top, lane, text, title, kind, side }: AnnotationLabelProps) {
  if (lane === null) {
    return (
      <g className={`lag-annotation lag-annotation--${kind} lag-annotation--mark`} data-testid="lag-annotation">
        <title>{title}</title>
        <circle cx={x} cy={top - 3} r={2.5} />
      </g>
    );
  }
  const y = top - 5 - lane * ANNOTATION_LANE_PX;
  return (
    <g className={`lag-annotation lag-annotation--${kind}`} data-testid="lag-annotation">
      <title>{title}</title>
      <text x={side === 'right' ? x + 3 : x - 3} y={y} textAnchor={side === 'right' ? 'start' : 'end'}>
        {text}
      </text>
    </g>
  );
}

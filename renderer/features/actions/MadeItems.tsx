import type { ActionItem } from '@shared/actions';
import { itemLine } from './actionForm';

/** The action items already made from a note or a step, under it: so nobody makes the same one twice. */
export function MadeItems({ items }: { items: readonly ActionItem[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="made-items" aria-label="Action items made from this">
      {items.map((i) => (
        <li key={i.id}>
          <span className="made-items__tag">Action item</span> {itemLine(i)}
        </li>
      ))}
    </ul>
  );
}

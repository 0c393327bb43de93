import { useCutover } from '../../connection/cutoverStore';
import { SeriesRow } from './SeriesRow';
import { SeriesSetupButton } from './SeriesSetupButton';

/** The cutover's lag series, to look over and manage: edit (lead, operator), remove (lead). */
export function SeriesList() {
  const order = useCutover((s) => s.state.seriesOrder);
  return (
    <section className="series-list" aria-label="Lag series" data-testid="series-list">
      <div className="series-list__head">
        <h3>Lag series</h3>
        <SeriesSetupButton label="Add…" />
      </div>
      {order.length === 0 ? (
        <p className="hint">No lag series yet: add one to chart a queue’s depth or a replica’s lag through the night.</p>
      ) : (
        <ul className="series-list__rows">
          {order.map((id) => (
            <SeriesRow key={id} seriesId={id} />
          ))}
        </ul>
      )}
    </section>
  );
}

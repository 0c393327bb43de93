type JoinRefusedProps = { reason: string; onOtherName?: () => void };

/** A join that cannot go on: why, what to do, and a way back (never a page left loading). */
export function JoinRefused({ reason, onOtherName }: JoinRefusedProps) {
  return (
    <main className="start">
      <h1 className="start__title">Warroom</h1>
      <section className="card" aria-labelledby="join-refused">
        <h2 id="join-refused">This link does not open the cutover</h2>
        <p className="error" role="alert" data-testid="join-refused">
          {reason}
        </p>
        <p>Ask the lead for a new link, or paste another one.</p>
        <div className="row">
          <a href="#/">Back to the start</a>
          {onOtherName && (
            <button type="button" onClick={onOtherName}>
              Use another name
            </button>
          )}
        </div>
      </section>
    </main>
  );
}

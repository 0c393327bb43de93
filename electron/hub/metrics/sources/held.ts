/** How long a close may take before we stop waiting for it (a dead network never answers). */
const SHUT_WAIT_MS = 2_000;

/**
 * One connection, opened on first use and kept between reads. When it fails, the source
 * drops it and the next read opens a fresh one: reconnecting is just forgetting.
 */
export class Held<T> {
  #current: Promise<T> | undefined;
  #value: T | undefined;

  constructor(
    private readonly open: () => Promise<T>,
    private readonly shut: (conn: T) => unknown,
  ) {}

  get(): Promise<T> {
    if (this.#current) return this.#current;
    const opening = this.open();
    this.#current = opening;
    this.#value = undefined;
    opening.then(
      (conn) => {
        if (this.#current === opening) this.#value = conn;
      },
      () => {
        if (this.#current === opening) this.#current = undefined;
      },
    );
    return opening;
  }

  /** Forget the connection (only if it is still `conn`, when given) and close it, waiting a bounded time. */
  async drop(conn?: T): Promise<void> {
    const current = this.#current;
    if (!current || (conn !== undefined && this.#value !== conn)) return;
    this.#current = undefined;
    this.#value = undefined;
    let timer: NodeJS.Timeout | undefined;
    const closing = current.then(
      async (c) => {
        await this.shut(c);
      },
      () => undefined,
    );
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SHUT_WAIT_MS);
      timer.unref();
    });
    try {
      await Promise.race([closing.catch(() => undefined), waited]);
    } finally {
      clearTimeout(timer);
    }
  }
}

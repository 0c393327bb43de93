/*
 * The journal's events as stored JSON, decoded from the file's bytes only when one is read.
 *
 * Opening a long night from a snapshot needs none of them: catch-up sends a reconnecting
 * client the few it missed, and the archive reads them all once. Decoding 100,000 strings up
 * front was most of the time it took to open. The view behaves as a read-only string[]
 * (index, length, slice, iteration, equality), which is the shape every store hands the
 * runtime (StoredHistory.raws), so a store that holds real strings needs nothing of this.
 * Nothing is cached: a string lives only as long as whoever asked for it keeps it, and the
 * bytes (one Buffer, off the JS heap) are all the journal holds.
 */
export function storedRaws(records: { readonly length: number; raw(i: number): string }): readonly string[] {
  const count = records.length;
  const at = (key: string | symbol): number => {
    if (typeof key !== 'string') return -1;
    const c = key.charCodeAt(0);
    if (c < 48 || c > 57) return -1;
    const i = Number(key);
    return Number.isInteger(i) && i < count && String(i) === key ? i : -1;
  };
  const readOnly = (): never => {
    throw new TypeError("The journal's stored events cannot be changed");
  };
  return new Proxy<string[]>(new Array<string>(count), {
    get(target, key, receiver) {
      const i = at(key);
      return i >= 0 ? records.raw(i) : (Reflect.get(target, key, receiver) as unknown);
    },
    has: (target, key) => at(key) >= 0 || Reflect.has(target, key),
    ownKeys: (target) => [...Array.from({ length: count }, (_, i) => String(i)), ...Reflect.ownKeys(target)],
    getOwnPropertyDescriptor(target, key) {
      const i = at(key);
      return i >= 0 ? { value: records.raw(i), writable: false, enumerable: true, configurable: true } : Reflect.getOwnPropertyDescriptor(target, key);
    },
    set: readOnly,
    defineProperty: readOnly,
    deleteProperty: readOnly,
  });
}

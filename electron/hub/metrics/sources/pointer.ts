/*
 * RFC 6901 JSON Pointer, the small part we need: follow "/a/0/b" into parsed JSON.
 * "~1" is "/" and "~0" is "~", decoded in that order as the RFC says.
 */

export type PointerResult = { found: true; value: unknown } | { found: false; at: string };

export function resolvePointer(doc: unknown, pointer: string): PointerResult {
  if (pointer === '') return { found: true, value: doc };
  // Tolerate a URI fragment form ("#/a/b"), as people paste pointers from docs.
  const path = pointer.startsWith('#') ? decodeURIComponent(pointer.slice(1)) : pointer;
  if (path === '') return { found: true, value: doc };
  if (!path.startsWith('/')) return { found: false, at: pointer };
  let value: unknown = doc;
  let walked = '';
  for (const raw of path.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    walked += `/${raw}`;
    if (Array.isArray(value)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token) || Number(token) >= value.length) return { found: false, at: walked };
      value = value[Number(token)];
    } else if (value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, token)) {
      value = (value as Record<string, unknown>)[token];
    } else {
      return { found: false, at: walked };
    }
  }
  return { found: true, value };
}

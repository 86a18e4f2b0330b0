// The request target's parts: path and query split, query parameters percent-decoded.

/** Query parameters by name; a repeated name keeps every value, in order. */
export type Query = Record<string, string | string[]>;

/**
 * Query parameters, percent-decoded; a malformed escape is kept as sent (its validation fails).
 * The names are the client's: the object has no prototype, so `constructor` or `__proto__` are
 * parameters like any other.
 */
export function parseQuery(rawQuery: string): Query {
  const query = Object.create(null) as Query;
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const [rawKey, rawValue] = splitOnce(pair, '=');
    const key = lenientDecode(rawKey);
    const value = lenientDecode(rawValue);
    const existing = query[key];
    query[key] =
      existing === undefined
        ? value
        : [...(typeof existing === 'string' ? [existing] : existing), value];
  }
  return query;
}

export function splitOnce(text: string, separator: string): [string, string] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, ''] : [text.slice(0, index), text.slice(index + 1)];
}

function lenientDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

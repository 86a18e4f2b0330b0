// Header reads by names a client chooses (SignedHeaders may list any name). Only the request's
// own headers count: a name such as `toString` or `constructor` must never reach Object.prototype.

/** Header names in lower case, as node:http gives them. */
export type HeaderMap = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The header's value, repeated values joined with ',' (as SigV4 canonicalizes them). */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
  if (!Object.hasOwn(headers, name)) return undefined;
  const value = headers[name];
  return typeof value === 'string' ? value : value?.join(',');
}

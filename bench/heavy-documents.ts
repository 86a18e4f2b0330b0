// Distinct GraphQL documents of about 99 KB each, just under the default body limit
// (GATEWAY_MAX_BODY_BYTES, 100,000 bytes as JSON): what an anonymous client can send to fill the
// gateway's document caches. Used by the memory measurement (bench/document-cache-memory.ts) and
// the memory integration test.

/** Characters of document text; the JSON body adds `{"query":""}` around it. */
export const HEAVY_DOCUMENT_CHARS = 99_000;

export type HeavyKind = 'valid' | 'parse-error' | 'many-fields' | 'token-limit';

export const HEAVY_KINDS: readonly HeavyKind[] = [
  'valid',
  'parse-error',
  'many-fields',
  'token-limit',
];

/** `text` repeated and cut to exactly `chars` characters. */
function fill(text: string, chars: number): string {
  return text.repeat(Math.ceil(chars / text.length)).slice(0, chars);
}

/** A comment line of `chars` characters that makes the document unique (comments are no tokens). */
function paddingComment(n: number, chars: number): string {
  return fill(`# ${n} padding `, chars);
}

/**
 * Document `n` of a kind, every one distinct:
 * - valid: `{ __typename }` and a long comment; it parses, validates and runs.
 * - parse-error: the same with a stray `}` at the end (a syntax error after the whole text).
 * - many-fields: as many long unknown field names as the token limit allows (1,990 tokens with
 *   the default GATEWAY_MAX_TOKENS of 2,000): it parses into the largest AST the limits let
 *   through, and fails validation with the most errors graphql-js reports (100).
 * - token-limit: short field names far past the token limit; parsing is refused at the limit.
 */
export function heavyDocument(kind: HeavyKind, n: number, maxTokens = 2_000): string {
  const budget = HEAVY_DOCUMENT_CHARS;
  switch (kind) {
    case 'valid':
      return `{ __typename }\n${paddingComment(n, budget - 15)}`;
    case 'parse-error':
      return `{ __typename }\n${paddingComment(n, budget - 17)}\n}`;
    case 'many-fields': {
      const fields = maxTokens - 10;
      const nameLength = Math.floor((budget - 4) / fields) - 1;
      const names = Array.from({ length: fields }, (_, i) =>
        `f${n}_${i}_`.padEnd(nameLength, 'x').slice(0, nameLength),
      );
      return `{ ${names.join(' ')} }`;
    }
    case 'token-limit':
      return `{ ${fill(`a${n} `, budget - 4)} }`;
  }
}

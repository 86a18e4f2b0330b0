// The parse and validation cache, bounded by bytes: replaces graphql-yoga's own
// (`parserAndValidationCache`), which keeps 1,024 documents, 1,024 parse errors and their
// validation results whatever their size, so anonymous clients could pin hundreds of megabytes
// with distinct large documents (docs/availability.md has the figures).
import { GraphQLError, Source, type DocumentNode, type Token } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

/**
 * Heap one token of a parsed document holds beyond the text: the Token itself and its share of
 * the AST nodes and Locations built from it. Measured (bench/document-cache-memory.ts): about
 * 455 bytes for a document of 1,990 field names; 512 leaves a margin.
 */
export const BYTES_PER_TOKEN = 512;
/** A syntax error beyond its document text: the error, its locations and its formatted stack. */
export const BYTES_PER_SYNTAX_ERROR = 4_096;
/** No one entry may take more than this share of the budget (it is then not cached at all). */
const MAX_ENTRY_SHARE = 8;

type Entry = { readonly document: DocumentNode } | { readonly error: GraphQLError };

/** Tokens of a parsed document: the lexer links them all, comments included, from its start. */
function tokenCount(document: DocumentNode): number {
  let count = 0;
  for (let token: Token | null | undefined = document.loc?.startToken; token; token = token.next) {
    count++;
  }
  return count;
}

/** Bytes an entry keeps alive: its text (as UTF-16 at worst, key and source) and what is built. */
export function entrySize(text: string, entry: Entry): number {
  const built =
    'document' in entry ? tokenCount(entry.document) * BYTES_PER_TOKEN : BYTES_PER_SYNTAX_ERROR;
  return text.length * 2 + built;
}

/**
 * A plain syntax error is remembered; the gateway's own refusals (TOKEN_LIMIT_EXCEEDED, raised
 * while parsing) are not: they are cheap to repeat, since parsing stops at the limit, and the
 * error would keep the half-built parser alive through its captured stack.
 */
function cacheableError(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError && error.extensions['code'] === undefined;
}

export function useDocumentCache({ maxBytes }: { readonly maxBytes: number }): Plugin {
  const cache = new LRUCache<string, Entry>({
    maxSize: maxBytes,
    maxEntrySize: Math.floor(maxBytes / MAX_ENTRY_SHARE),
    sizeCalculation: (entry, text) => entrySize(text, entry),
  });
  // Only successful validations are kept, beside their document (collected with it): failed
  // ones hold up to a hundred errors each and are as cheap to find again as the parse is.
  const validDocuments = new WeakSet<DocumentNode>();
  return {
    onParse({ params, setParsedDocument }) {
      const source: unknown = params.source;
      const text = source instanceof Source ? source.body : String(source);
      const cached = cache.get(text);
      if (cached !== undefined) {
        if ('error' in cached) throw cached.error;
        setParsedDocument(cached.document);
        return;
      }
      return ({ result }) => {
        if (result instanceof Error) {
          if (!cacheableError(result)) return;
          // Formatting the stack now lets V8 drop the captured frames, which hold the parser.
          if (result.stack === undefined) return;
          cache.set(text, { error: result });
        } else if (result !== null) {
          cache.set(text, { document: result as DocumentNode });
        }
      };
    },
    onValidate({ params, setResult }) {
      const document = params.documentAST as DocumentNode;
      if (validDocuments.has(document)) {
        setResult([]);
        return;
      }
      return ({ valid }) => {
        if (valid) validDocuments.add(document);
      };
    },
  };
}

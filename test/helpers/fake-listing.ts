// An in-memory stand-in for a token-paged AWS List* operation, with the quirks pagination must
// survive: opaque random tokens, pages without items that still carry a token, tokens that
// expire, and a listing that changes between calls. Tokens remember an offset, as many real
// services' tokens do, so a deletion shifts what an old token returns.
import { randomBytes } from 'node:crypto';
import { InvalidNextTokenException } from '@aws-sdk/client-personalize';
import { InvalidParameterException } from '@aws-sdk/client-cognito-sync';
import type { ListingSource, UpstreamPage } from '../../resolvers/paginate.js';

export interface FakeListingOptions {
  /** Items per upstream page (the fixed MaxResults). */
  readonly pageSize: number;
  /**
   * Each entry serves one page without items (but with a next token) just before the page that
   * starts at this item offset; an offset equal to the listing's length puts empty pages at the
   * end, after a last page that still carries a token.
   */
  readonly emptyPagesAt?: readonly number[];
  /** Length of the random tokens (Personalize allows up to 1,500 characters). */
  readonly tokenLength?: number;
  /** How a rejected token fails: as Personalize or as Cognito Sync reports it. */
  readonly rejectTokensAs?: 'personalize' | 'cognito-sync';
}

interface TokenState {
  readonly offset: number;
  /** How many of the empty pages at `offset` were already served. */
  readonly emptyServed: number;
}

export class FakeListing {
  readonly #keys: string[];
  readonly #options: FakeListingOptions;
  #tokens = new Map<string, TokenState>();
  #tokenFor = new Map<string, string>();
  /** The token of every call, in order (null = first page). */
  readonly calls: (string | null)[] = [];

  constructor(keys: readonly string[], options: FakeListingOptions) {
    if (!Number.isInteger(options.pageSize) || options.pageSize < 1) {
      throw new Error('pageSize must be a positive integer');
    }
    this.#keys = [...keys];
    this.#options = options;
  }

  get keys(): readonly string[] {
    return this.#keys;
  }

  get fetchCount(): number {
    return this.calls.length;
  }

  readonly fetchPage = (token: string | null): Promise<UpstreamPage<string>> => {
    this.calls.push(token);
    try {
      return Promise.resolve(this.#serve(token));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };

  source(scope = 'fake-listing'): ListingSource<string> {
    return { scope, fetchPage: this.fetchPage, keyOf: (key) => key, nodeOf: (key) => key };
  }

  /** Every token issued so far is rejected from now on, as after an upstream expiry. */
  expireTokens(): void {
    this.#tokens = new Map();
    this.#tokenFor = new Map();
  }

  remove(key: string): void {
    const index = this.#keys.indexOf(key);
    if (index === -1) throw new Error(`no item ${key}`);
    this.#keys.splice(index, 1);
  }

  insert(key: string, at: number): void {
    this.#keys.splice(at, 0, key);
  }

  #serve(token: string | null): UpstreamPage<string> {
    const state = token === null ? { offset: 0, emptyServed: 0 } : this.#tokens.get(token);
    if (state === undefined) throw this.#rejection();
    const emptyHere = this.#emptyPagesAt(state.offset);
    if (state.emptyServed < emptyHere) {
      const next = { offset: state.offset, emptyServed: state.emptyServed + 1 };
      const atEnd = state.offset >= this.#keys.length && next.emptyServed === emptyHere;
      return { items: [], nextToken: atEnd ? null : this.#issue(next) };
    }
    const items = this.#keys.slice(state.offset, state.offset + this.#options.pageSize);
    const nextOffset = state.offset + items.length;
    const more =
      items.length > 0 && (nextOffset < this.#keys.length || this.#emptyPagesAt(nextOffset) > 0);
    return { items, nextToken: more ? this.#issue({ offset: nextOffset, emptyServed: 0 }) : null };
  }

  #emptyPagesAt(offset: number): number {
    return (this.#options.emptyPagesAt ?? []).filter((at) => at === offset).length;
  }

  /** One stable random token per position, like a service that encrypts its position. */
  #issue(state: TokenState): string {
    const id = `${state.offset}/${state.emptyServed}`;
    let token = this.#tokenFor.get(id);
    if (token === undefined) {
      const length = this.#options.tokenLength ?? 24;
      token = randomBytes(Math.ceil((length * 3) / 4) + 1)
        .toString('base64url')
        .slice(0, length);
      this.#tokenFor.set(id, token);
      this.#tokens.set(token, state);
    }
    return token;
  }

  #rejection(): Error {
    return this.#options.rejectTokensAs === 'cognito-sync'
      ? new InvalidParameterException({
          message: 'Invalid NextToken',
          $metadata: { httpStatusCode: 400 },
        })
      : new InvalidNextTokenException({
          message: 'The next token is invalid or has expired.',
          $metadata: { httpStatusCode: 400 },
        });
  }
}

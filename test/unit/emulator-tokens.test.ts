import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { takePage, type Page } from '../../src/emulator/paging.js';
import {
  createTokenCodec,
  InvalidTokenError,
  type TokenPosition,
} from '../../src/emulator/tokens.js';

const LISTING = 'cognito-sync:ListDatasets:us-east-1:0000-aaaa:us-east-1:1111-bbbb';
const DAY = 24 * 60 * 60 * 1000;

function clock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let time = start;
  return { now: () => new Date(time), advance: (ms: number) => (time += ms) };
}

describe('next tokens', () => {
  it('give back the position they were issued for', () => {
    const codec = createTokenCodec({ ttlMs: DAY, now: () => new Date() });
    fc.assert(
      fc.property(
        fc.nat(),
        fc.option(fc.string({ unit: 'grapheme', maxLength: 300 }), { nil: undefined }),
        (offset, lastKey) => {
          const position: TokenPosition = { offset, lastKey };
          expect(codec.redeem(LISTING, codec.issue(LISTING, position))).toEqual(position);
        },
      ),
    );
  });

  it('do not reveal the position to the client', () => {
    const codec = createTokenCodec({ ttlMs: DAY, now: () => new Date() });
    const token = codec.issue(LISTING, { offset: 7, lastKey: 'favourite-dataset' });
    const decoded = Buffer.from(token.slice(1), 'base64url').toString('latin1');
    expect(decoded).not.toContain('favourite-dataset');
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('never start with "-", which the AWS CLI would read as an option after --next-token', () => {
    const codec = createTokenCodec({ ttlMs: DAY, now: () => new Date() });
    const firsts = new Set(
      Array.from({ length: 2_000 }, (_, i) => codec.issue(LISTING, { offset: i, lastKey: 'k' })[0]),
    );
    expect([...firsts]).toEqual(['e']);
  });

  it('differ each time even for the same position', () => {
    const codec = createTokenCodec({ ttlMs: DAY, now: () => new Date() });
    const position = { offset: 3, lastKey: 'c' };
    expect(codec.issue(LISTING, position)).not.toBe(codec.issue(LISTING, position));
  });

  it('stay well under Personalize’s 1500-character limit for a 256-character ARN', () => {
    const codec = createTokenCodec({ ttlMs: DAY, now: () => new Date() });
    const token = codec.issue(LISTING, { offset: 100_000, lastKey: 'a'.repeat(256) });
    expect(token.length).toBeLessThan(500);
  });

  it('are refused for another listing', () => {
    const codec = createTokenCodec({ ttlMs: DAY, now: () => new Date() });
    const token = codec.issue(LISTING, { offset: 2, lastKey: 'b' });
    expect(() => codec.redeem(`${LISTING}x`, token)).toThrow(InvalidTokenError);
  });

  it('are refused by another emulator instance', () => {
    const options = { ttlMs: DAY, now: () => new Date() };
    const token = createTokenCodec(options).issue(LISTING, { offset: 2, lastKey: 'b' });
    expect(() => createTokenCodec(options).redeem(LISTING, token)).toThrow(InvalidTokenError);
  });

  it('are refused when any character is changed', () => {
    const codec = createTokenCodec({ ttlMs: DAY, now: () => new Date() });
    const token = codec.issue(LISTING, { offset: 2, lastKey: 'b' });
    fc.assert(
      fc.property(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(...Array.from('ABCDEFabcdef0123456789-_')),
        (index, replacement) => {
          fc.pre(token[index] !== replacement);
          const tampered = token.slice(0, index) + replacement + token.slice(index + 1);
          expect(() => codec.redeem(LISTING, tampered)).toThrow(InvalidTokenError);
        },
      ),
    );
  });

  it('are refused when truncated, extended or made up', () => {
    const codec = createTokenCodec({ ttlMs: DAY, now: () => new Date() });
    const token = codec.issue(LISTING, { offset: 2, lastKey: 'b' });
    for (const bad of [token.slice(0, -1), `${token}A`, '', 'garbage', 'a b', token.slice(0, 20)]) {
      expect(() => codec.redeem(LISTING, bad)).toThrow(InvalidTokenError);
    }
  });

  it('expire after their time to live', () => {
    const time = clock();
    const codec = createTokenCodec({ ttlMs: 60_000, now: time.now });
    const token = codec.issue(LISTING, { offset: 1, lastKey: 'a' });
    time.advance(60_000);
    expect(codec.redeem(LISTING, token)).toEqual({ offset: 1, lastKey: 'a' });
    time.advance(1);
    expect(() => codec.redeem(LISTING, token)).toThrow(/expired/);
  });
});

describe('pages resumed from a token position', () => {
  const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${String(i).padStart(3, '0')}`);
  const identity = (key: string) => key;

  it('cover a listing exactly once for any page size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 25 }),
        (size, limit) => {
          const all = keys(size);
          const seen: string[] = [];
          let page = takePage(all, identity, undefined, limit);
          seen.push(...page.items);
          while (page.next !== undefined) {
            expect(page.items).toHaveLength(limit);
            page = takePage(all, identity, page.next, limit);
            seen.push(...page.items);
          }
          expect(seen).toEqual(all);
        },
      ),
    );
  });

  it('neither repeat nor skip surviving items when items before the cursor are deleted', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 1, max: 10 }),
        fc.infiniteStream(fc.boolean()),
        (size, limit, deletions) => {
          let all = keys(size);
          const first = takePage(all, identity, undefined, limit);
          fc.pre(first.next !== undefined);
          // Delete some items between the two calls, including already-returned ones.
          const deleted = new Set(all.filter(() => deletions.next().value === true));
          all = all.filter((key) => !deleted.has(key));
          const seen = [...first.items];
          let next: TokenPosition | undefined = first.next;
          while (next !== undefined) {
            const page: Page<string> = takePage(all, identity, next, limit);
            seen.push(...page.items);
            next = page.next;
          }
          const survivorsAfterFirstPage = all.filter((key) => !first.items.includes(key));
          expect(seen.slice(first.items.length)).toEqual(survivorsAfterFirstPage);
        },
      ),
    );
  });

  it('end with no next position on the last page', () => {
    const page = takePage(['a', 'b'], identity, undefined, 2);
    expect(page).toEqual({ items: ['a', 'b'], next: undefined });
  });
});

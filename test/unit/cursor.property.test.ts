// Properties of the cursor codec over arbitrary secrets, scopes and positions: what it seals it
// opens; any change to a cursor is called altered, never foreign; a cursor sealed under a secret
// the codec lacks is called foreign and reported; cursors of format version 2 (before key ids)
// still open; and every mixed state of the documented rotation accepts every cursor issued in it.
import { createCipheriv, createHmac, hkdfSync } from 'node:crypto';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  CURSOR_KEY_UNKNOWN,
  createCursorCodec,
  keyDigestOf,
  type CursorCodec,
  type CursorItem,
  type CursorPosition,
  type UnknownCursorKey,
} from '../../resolvers/cursor.js';
import { GatewayError } from '../../resolvers/errors.js';

const RUNS = { numRuns: 200 };

const secretArb = fc.string({ minLength: 1, maxLength: 64 });
const scopeArb = fc.string({ maxLength: 80 });
const positionArb: fc.Arbitrary<CursorItem> = fc
  .record({
    token: fc.option(fc.string({ maxLength: 200 }), { nil: null }),
    index: fc.nat({ max: 1000 }),
    ahead: fc.nat({ max: 1_000_000 }),
    key: fc.string({ maxLength: 100 }),
  })
  .map(({ token, index, ahead, key }) => ({ token, index, ordinal: index + ahead, key }));

/** What decoding `item`'s cursor gives back: its position, with the key as its digest. */
function positionOf(item: CursorItem): CursorPosition {
  const { key, ...at } = item;
  return { ...at, keyDigest: keyDigestOf(key) };
}

/** The error decode threw, or undefined when it returned a position. */
function refusal(codec: CursorCodec, scope: string, cursor: string): GatewayError | undefined {
  try {
    codec.decode(scope, cursor);
    return undefined;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
}

/**
 * A format version 2 cursor as release 2 sealed it (`version ‖ IV ‖ ciphertext ‖ tag`, AAD
 * `version ‖ u32be(len(scope)) ‖ scope`); checked below against cursors release 2 wrote.
 */
function versionTwoCursor(secret: string, scope: string, at: CursorItem): string {
  const material = Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(secret, 'utf8'),
      Buffer.alloc(0),
      'dataset-gateway cursor v2: aes-256-gcm key, siv hmac key',
      64,
    ),
  );
  const scopeBytes = Buffer.from(scope, 'utf8');
  const scopeLength = Buffer.alloc(4);
  scopeLength.writeUInt32BE(scopeBytes.length);
  const aad = Buffer.concat([Buffer.of(2), scopeLength, scopeBytes]);
  const payload = Buffer.from(JSON.stringify([at.token, at.index, at.ordinal, at.key]), 'utf8');
  const iv = createHmac('sha256', material.subarray(32))
    .update(aad)
    .update(payload)
    .digest()
    .subarray(0, 12);
  const cipher = createCipheriv('aes-256-gcm', material.subarray(0, 32), iv, {
    authTagLength: 16,
  });
  cipher.setAAD(aad);
  const sealed = [cipher.update(payload), cipher.final(), cipher.getAuthTag()];
  return Buffer.concat([Buffer.of(2), iv, ...sealed]).toString('base64url');
}

describe('cursor codec properties', () => {
  it('the version 2 sealer of these tests writes what release 2 wrote', () => {
    // Written by resolvers/cursor.ts at format version 2, before key ids (commit 3fc6307).
    const scope =
      'personalize|ListDatasets|group=arn:aws:personalize:us-east-1:123456789012:g|P=100';
    expect(
      versionTwoCursor('release-two-cursor-secret-0123456789abcdef', scope, {
        token: null,
        index: 0,
        ordinal: 0,
        key: 'a',
      }),
    ).toBe('AgRJdY0_7T6qdbFDlOXqANfSiNkHyiez3AeNBE9zY-NYgQudOgCPeNONWQ');
  });

  it('decodes every cursor it encodes to the same position', () => {
    fc.assert(
      fc.property(secretArb, scopeArb, positionArb, (secret, scope, at) => {
        const codec = createCursorCodec({ secret });
        expect(codec.decode(scope, codec.encode(scope, at))).toEqual(positionOf(at));
      }),
      RUNS,
    );
  });

  it('calls any changed cursor altered or malformed, never foreign, and tells no hook', () => {
    const events: UnknownCursorKey[] = [];
    const codec = createCursorCodec({
      secret: 'property-secret',
      previousSecrets: ['property-previous-secret'],
      onUnknownKey: (event) => events.push(event),
    });
    const changeArb = fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), {
      minLength: 1,
      maxLength: 4,
    });
    fc.assert(
      fc.property(scopeArb, positionArb, changeArb, (scope, at, changes) => {
        const bytes = Buffer.from(codec.encode(scope, at), 'base64url');
        const original = Buffer.from(bytes);
        for (const { at: index, xor } of changes) {
          const i = index % bytes.length;
          bytes[i] = (bytes[i] ?? 0) ^ xor;
        }
        fc.pre(!bytes.equals(original));
        const error = refusal(codec, scope, bytes.toString('base64url'));
        expect(error?.extensions['code']).toBe('BAD_USER_INPUT');
        expect(error?.extensions['reason']).toBeUndefined();
        expect(error?.message).toMatch(/altered|malformed|unsupported gateway version/);
      }),
      RUNS,
    );
    expect(events).toEqual([]);
  });

  it('calls a cursor sealed under a secret it lacks foreign, and tells its hook the key id', () => {
    fc.assert(
      fc.property(
        secretArb,
        fc.array(secretArb, { maxLength: 3 }),
        secretArb,
        scopeArb,
        positionArb,
        (secret, previousSecrets, foreignSecret, scope, at) => {
          fc.pre(foreignSecret !== secret && !previousSecrets.includes(foreignSecret));
          const events: UnknownCursorKey[] = [];
          const codec = createCursorCodec({
            secret,
            previousSecrets,
            onUnknownKey: (event) => events.push(event),
          });
          const foreign = createCursorCodec({ secret: foreignSecret });
          // Two secrets share a 32-bit key id with odds 2^-32: then the GCM tag decides.
          fc.pre(!codec.keyIds.accepted.includes(foreign.keyIds.issuing));
          const error = refusal(codec, scope, foreign.encode(scope, at));
          expect(error?.extensions['code']).toBe('BAD_USER_INPUT');
          expect(error?.extensions['reason']).toBe(CURSOR_KEY_UNKNOWN);
          expect(events).toEqual([{ keyId: foreign.keyIds.issuing, own: codec.keyIds }]);
        },
      ),
      RUNS,
    );
  });

  it('decodes a version 2 cursor sealed under the current or any previous secret', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(secretArb, { minLength: 1, maxLength: 4 }),
        fc.nat(),
        scopeArb,
        positionArb,
        ([secret = 's', ...previousSecrets], which, scope, at) => {
          const accepted = [secret, ...previousSecrets];
          const sealedWith = accepted[which % accepted.length] ?? secret;
          const codec = createCursorCodec({ secret, previousSecrets });
          expect(codec.decode(scope, versionTwoCursor(sealedWith, scope, at))).toEqual(
            positionOf(at),
          );
        },
      ),
      RUNS,
    );
  });

  it('refuses a version 2 cursor under any other secret or scope as altered', () => {
    fc.assert(
      fc.property(secretArb, secretArb, scopeArb, scopeArb, positionArb, (s1, s2, sc1, sc2, at) => {
        fc.pre(s1 !== s2 || sc1 !== sc2);
        const error = refusal(
          createCursorCodec({ secret: s2 }),
          sc2,
          versionTwoCursor(s1, sc1, at),
        );
        expect(error?.extensions['reason']).toBeUndefined();
        expect(error?.message).toMatch(/altered/);
      }),
      RUNS,
    );
  });

  it('at every mixed state of the rotation, each replica opens the cursors every other issues', () => {
    // docs/operations.md: [current, previous] of each replica, one step of a rolling deploy each.
    const states = (a: string, b: string): (readonly [string, string[]])[][] => [
      [
        [a, []],
        [a, []],
      ],
      [
        [a, [b]],
        [a, []],
      ],
      [
        [a, [b]],
        [a, [b]],
      ],
      [
        [b, [a]],
        [a, [b]],
      ],
      [
        [b, [a]],
        [b, [a]],
      ],
      [
        [b, []],
        [b, [a]],
      ],
      [
        [b, []],
        [b, []],
      ],
    ];
    fc.assert(
      fc.property(
        fc.uniqueArray(secretArb, { minLength: 2, maxLength: 2 }),
        scopeArb,
        positionArb,
        ([a = 'a', b = 'b'], scope, at) => {
          const all = states(a, b);
          // Cursors issued in one state must open in it and in the next (a session spans a roll).
          for (const [i, state] of all.entries()) {
            const next = all[i + 1] ?? state;
            const issuers = state.map(([secret, previousSecrets]) =>
              createCursorCodec({ secret, previousSecrets }),
            );
            const readers = [...state, ...next].map(([secret, previousSecrets]) =>
              createCursorCodec({ secret, previousSecrets }),
            );
            for (const issuer of issuers) {
              const cursor = issuer.encode(scope, at);
              for (const reader of readers) {
                expect(reader.decode(scope, cursor)).toEqual(positionOf(at));
              }
            }
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('after a one-step rotation, a replica not yet rolled calls the new cursors foreign', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(secretArb, { minLength: 2, maxLength: 2 }),
        scopeArb,
        positionArb,
        ([a = 'a', b = 'b'], scope, at) => {
          const rolled = createCursorCodec({ secret: b, previousSecrets: [a] });
          const notYet = createCursorCodec({ secret: a });
          fc.pre(rolled.keyIds.issuing !== notYet.keyIds.issuing);
          const error = refusal(notYet, scope, rolled.encode(scope, at));
          expect(error?.extensions['reason']).toBe(CURSOR_KEY_UNKNOWN);
        },
      ),
      RUNS,
    );
  });
});

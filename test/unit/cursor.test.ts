import { createHash, createHmac } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  CURSOR_KEY_UNKNOWN,
  MAX_CURSOR_LENGTH,
  createCursorCodec,
  keyDigestOf,
  type CursorItem,
  type CursorPosition,
  type UnknownCursorKey,
} from '../../resolvers/cursor.js';
import { rejection } from '../helpers/errors.js';

const SCOPE = 'personalize|ListDatasets|group=arn:aws:personalize:us-east-1:123456789012:g|P=100';
const position: CursorItem = {
  token: 'opaque-upstream-token',
  index: 3,
  ordinal: 103,
  key: 'arn:aws:personalize:us-east-1:123456789012:dataset/g/INTERACTIONS',
};

/** What decoding `item`'s cursor gives back: its position, with the key as its digest. */
function positionOf(item: CursorItem): CursorPosition {
  return {
    token: item.token,
    index: item.index,
    ordinal: item.ordinal,
    keyDigest: keyDigestOf(item.key),
  };
}

/** A cursor as the previous release wrote it: version 1, HMAC-signed, payload in plain JSON. */
function versionOneCursor(secret: string, scope: string, at: CursorItem): string {
  const payload = Buffer.from(JSON.stringify([at.token, at.index, at.ordinal, at.key]));
  const scopeBytes = Buffer.from(scope);
  const scopeLength = Buffer.alloc(4);
  scopeLength.writeUInt32BE(scopeBytes.length);
  const tag = createHmac('sha256', secret)
    .update(Buffer.of(1))
    .update(scopeLength)
    .update(scopeBytes)
    .update(payload)
    .digest()
    .subarray(0, 16);
  return Buffer.concat([Buffer.of(1), tag, payload]).toString('base64url');
}

// Version 4 offsets (resolvers/cursor.ts): version, key id, IV, page ciphertext, page tag, item
// block, check.
const KEY_ID = [1, 5] as const;
const IV = [5, 17] as const;
const TAIL_BYTES = 16 + 16 + 4;
/** From the end: where the item block starts (it ends where the check starts). */
const BLOCK_FROM_END = 16 + 4;

/** The bytes with a valid check appended, as anyone can compute it: no key is involved. */
function withCheck(body: Buffer): string {
  const check = Buffer.alloc(4);
  check.writeUInt32BE(crc32(body));
  return Buffer.concat([body, check]).toString('base64url');
}

/** The cursor's bytes without its check. */
function bodyOf(cursor: string): Buffer {
  return Buffer.from(cursor, 'base64url').subarray(0, -4);
}

/** The positions the fixtures below were issued for, by the releases' own code. */
const FIXTURE_ITEMS: readonly CursorItem[] = [
  { token: null, index: 0, ordinal: 0, key: 'a' },
  position,
  { token: 'a|b.c"d\\e', index: 1, ordinal: 1, key: 'naïve:set.1' },
];

function issuedFor(cursors: readonly string[]): readonly (readonly [CursorItem, string])[] {
  return cursors.map((cursor, i) => [FIXTURE_ITEMS[i] ?? position, cursor] as const);
}

/** Cursors issued by release 2 (format version 2) with this secret and scope, as it wrote them. */
const RELEASE_2_SECRET = 'release-two-cursor-secret-0123456789abcdef';
const RELEASE_2_CURSORS = issuedFor([
  'AgRJdY0_7T6qdbFDlOXqANfSiNkHyiez3AeNBE9zY-NYgQudOgCPeNONWQ',
  'ArTyDphWz5XtrDA32buoaFXzcoy-phMp6k_kmKRU2sZyVA3gZd5Q_WbE7vmevXY6rvK0V-tiL6Q5HwH9JBQRqDAZ6NlpH4ZxIUoimZUuIG9BLS-DbV76TQi6xsEwXDRpw1Lz9-P33BISe2o9ZVmRP0ZT3mabzg1EwsH_8X-32TI',
  'At8V4EDDVDa2ze2TM2oq-qD1eRG4rYUNa4DH0EeHRlp6F0wadD7VZuHxrEvh0PRRN3AEv3kK1Kaf6ROHVKan',
]);

/** Cursors issued by release 3 (format version 3: sealed per item, SHA-256 check). */
const RELEASE_3_SECRET = 'release-three-cursor-secret-0123456789abcdef';
const RELEASE_3_CURSORS = issuedFor([
  'A7o7karwpFaSg5U6GffOgfk-OL0Dv_7xfZuku6fZ9RPqSHcsJujiHtXRst92NiXoCvfz',
  'A7o7kaoErIFEYSnjYVftNSzPpoRQk6E6Ygwk2zJbVq7hdp6MNgB3bF1zVd8UpY9a6ry5zLpB0vzd7ljs-3097DqoJCiwAirusrlgYYE-7ROL1-QGA1VCe8H8d0rA_--WasfpKqenrmge2IWGAjkR9Y7cpb5HqXrZFNJ17kHvV_Rv0RolqeO1Kw',
  'A7o7kaoh-1YSlBNmp8hNSH88cztqA5sW3Q28LRjXGIdKYDzhft0zNasP1u6mLHlv2aOdwWajS1zP9MQI58CtXBYSkXXGZTA',
]);

function flipBit(cursor: string, byte: number): string {
  const bytes = Buffer.from(cursor, 'base64url');
  bytes[byte] = (bytes[byte] ?? 0) ^ 0x01;
  return bytes.toString('base64url');
}

describe('cursor codec', () => {
  const codec = createCursorCodec({ secret: 'current-secret' });

  it('gives back the exact position it encoded', () => {
    expect(codec.decode(SCOPE, codec.encode(SCOPE, position))).toEqual(positionOf(position));
  });

  it('round-trips a first-page position whose token is null', () => {
    const first = { token: null, index: 0, ordinal: 0, key: 'a' };
    expect(codec.decode(SCOPE, codec.encode(SCOPE, first))).toEqual(positionOf(first));
  });

  it('round-trips keys and tokens with non-ASCII and separator characters', () => {
    const odd = { token: 'a|b.c"d\\e', index: 1, ordinal: 1, key: 'naïve:set.1' };
    expect(codec.decode(SCOPE, codec.encode(SCOPE, odd))).toEqual(positionOf(odd));
  });

  it('does not reveal the upstream token or the item key to a client who decodes it', () => {
    const secrets = {
      token: 'UPSTREAM-NEXT-TOKEN-visible-only-to-the-gateway',
      index: 7,
      ordinal: 7,
      key: 'arn:aws:personalize:us-east-1:123456789012:dataset/secret-group/ITEMS',
    };
    const bytes = Buffer.from(codec.encode(SCOPE, secrets), 'base64url');
    for (const text of [secrets.token, secrets.key, 'UPSTREAM', 'arn:aws', 'secret-group']) {
      expect(bytes.includes(Buffer.from(text, 'utf8'))).toBe(false);
      expect(bytes.toString('latin1')).not.toContain(text);
    }
  });

  it('encodes the same position to the same cursor, so an edge keeps its cursor across responses', () => {
    expect(codec.encode(SCOPE, position)).toBe(codec.encode(SCOPE, position));
  });

  it('gives the same cursor on every replica sharing the secret', () => {
    const replica = createCursorCodec({ secret: 'current-secret' });
    expect(replica.encode(SCOPE, position)).toBe(codec.encode(SCOPE, position));
  });

  it('gives different cursors for other listings, other positions and other secrets', () => {
    const cursor = codec.encode(SCOPE, position);
    expect(codec.encode(`${SCOPE}|identity=someone-else`, position)).not.toBe(cursor);
    expect(codec.encode(SCOPE, { ...position, index: 4, ordinal: 104 })).not.toBe(cursor);
    expect(createCursorCodec({ secret: 'somebody-else' }).encode(SCOPE, position)).not.toBe(cursor);
  });

  it('does not reuse an IV for two different pages', () => {
    const ivOf = (at: CursorItem) =>
      Buffer.from(codec.encode(SCOPE, at), 'base64url')
        .subarray(...IV)
        .toString('hex');
    const ivs = new Set(
      Array.from({ length: 100 }, (_, start) => [
        ivOf({ ...position, ordinal: start + position.index }),
        ivOf({ ...position, token: `token-${start}` }),
      ]).flat(),
    );
    expect(ivs.size).toBe(200);
  });

  it('seals a page once: the cursors of its items share everything but the item block', () => {
    const page = codec.page(SCOPE, position.token, position.ordinal - position.index);
    const cursors = Array.from({ length: 20 }, (_, index) =>
      Buffer.from(page.cursorAt(index, `key-${index}`), 'base64url'),
    );
    const shared = cursors[0]?.subarray(0, -BLOCK_FROM_END);
    for (const cursor of cursors) expect(cursor.subarray(0, -BLOCK_FROM_END)).toEqual(shared);
    expect(new Set(cursors.map((cursor) => cursor.toString('hex'))).size).toBe(20);
    // Sealed together, they are the ones sealed one by one, and the ones `encode` gives.
    const items = Array.from({ length: 20 }, (_, index) => ({ index, key: `key-${index}` }));
    expect(page.cursorsAt(items)).toEqual(cursors.map((cursor) => cursor.toString('base64url')));
    expect(page.cursorsAt([])).toEqual([]);
    expect(cursors[position.index]?.toString('base64url')).toBe(
      codec.encode(SCOPE, { ...position, key: `key-${position.index}` }),
    );
  });

  it('gives back each item of a page: its index, its ordinal and its key digest', () => {
    const page = codec.page(SCOPE, 'token-7', 700);
    for (const index of [0, 1, 42, 99]) {
      expect(codec.decode(SCOPE, page.cursorAt(index, `key-${index}`))).toEqual({
        token: 'token-7',
        index,
        ordinal: 700 + index,
        keyDigest: keyDigestOf(`key-${index}`),
      });
    }
  });

  it('refuses to issue a cursor for an index beyond what the item block holds', () => {
    expect(() => codec.page(SCOPE, null, 0).cursorAt(65_536, 'k')).toThrow(RangeError);
    expect(() => codec.page(SCOPE, null, 0).cursorAt(-1, 'k')).toThrow(RangeError);
  });

  it('rejects an item block moved onto another page, even with the check recomputed', () => {
    const here = Buffer.from(codec.encode(SCOPE, position), 'base64url');
    const elsewhere = [
      codec.encode(SCOPE, { ...position, token: 'another-token' }),
      codec.encode(SCOPE, { ...position, ordinal: position.ordinal + 100 }),
      codec.encode(`${SCOPE}|identity=someone-else`, position),
    ].map((cursor) => Buffer.from(cursor, 'base64url'));
    for (const other of elsewhere) {
      const moved = Buffer.concat([
        here.subarray(0, -BLOCK_FROM_END),
        other.subarray(-BLOCK_FROM_END, -4),
      ]);
      const error = rejection(() => codec.decode(SCOPE, withCheck(moved)));
      expect(error.message).toMatch(/altered/);
    }
  });

  it('rejects an item block changed in any bit, even with the check recomputed', () => {
    const body = bodyOf(codec.encode(SCOPE, position));
    const blockStart = body.length - 16;
    for (let bit = 0; bit < 16 * 8; bit += 1) {
      const changed = Buffer.from(body);
      const at = blockStart + Math.floor(bit / 8);
      changed[at] = (changed[at] ?? 0) ^ (1 << (bit % 8));
      const error = rejection(() => codec.decode(SCOPE, withCheck(changed)));
      expect(error.message).toMatch(/altered/);
    }
  });

  it('is a single URL-safe string without padding or separators', () => {
    expect(codec.encode(SCOPE, position)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('rejects a cursor in which any single byte was changed, calling it altered (not foreign)', () => {
    const cursor = codec.encode(SCOPE, position);
    const length = Buffer.from(cursor, 'base64url').length;
    for (let byte = 0; byte < length; byte += 1) {
      const error = rejection(() => codec.decode(SCOPE, flipBit(cursor, byte)));
      expect(error.extensions['reason']).toBeUndefined();
      // Byte 0 flips from 4 to 5, a version no release issued.
      expect(error.message).toMatch(byte === 0 ? /unsupported gateway version/ : /altered/);
    }
  });

  it('rejects a cursor in which any single character was replaced', () => {
    const cursor = codec.encode(SCOPE, position);
    for (let at = 0; at < cursor.length; at += 1) {
      const replacement = cursor[at] === 'A' ? 'B' : 'A';
      rejection(() =>
        codec.decode(SCOPE, cursor.slice(0, at) + replacement + cursor.slice(at + 1)),
      );
    }
  });

  it('rejects a cursor whose ciphertext was replaced by a plain position', () => {
    const cursor = Buffer.from(codec.encode(SCOPE, position), 'base64url');
    const plain = Buffer.from(JSON.stringify([position.token, 0]));
    const forged = Buffer.concat([cursor.subarray(0, IV[1]), plain, cursor.subarray(-TAIL_BYTES)]);
    const rechecked = withCheck(
      Buffer.concat([cursor.subarray(0, IV[1]), plain, cursor.subarray(-TAIL_BYTES, -4)]),
    );
    for (const bad of [forged.toString('base64url'), rechecked]) {
      const error = rejection(() => codec.decode(SCOPE, bad));
      expect(error.message).toMatch(/does not belong to this listing/);
    }
  });

  it('rejects a cursor spliced from the IV, ciphertext and tag of two valid cursors', () => {
    const one = Buffer.from(codec.encode(SCOPE, position), 'base64url');
    // Another page (a token of the same length): items of one page share their page part.
    const other = Buffer.from(
      codec.encode(SCOPE, { ...position, token: 'opaque-upstream-tokem' }),
      'base64url',
    );
    expect(other.length).toBe(one.length);
    const spliced = [
      Buffer.concat([one.subarray(0, IV[1]), other.subarray(IV[1])]),
      Buffer.concat([other.subarray(0, -TAIL_BYTES), one.subarray(-TAIL_BYTES)]),
    ];
    for (const bytes of spliced) {
      rejection(() => codec.decode(SCOPE, bytes.toString('base64url')));
      // With the check recomputed, the GCM tag still refuses it.
      const error = rejection(() => codec.decode(SCOPE, withCheck(bytes.subarray(0, -4))));
      expect(error.message).toMatch(/altered/);
    }
  });

  it('rejects truncated and extended cursors', () => {
    const cursor = codec.encode(SCOPE, position);
    rejection(() => codec.decode(SCOPE, cursor.slice(0, -4)));
    rejection(() => codec.decode(SCOPE, `${cursor}AAAA`));
  });

  it('rejects a cursor issued for another listing (another caller, group or service)', () => {
    const cursor = codec.encode(SCOPE, position);
    for (const other of [`${SCOPE}|identity=someone-else`, 'cognito-sync|ListDatasets|P=20', '']) {
      const error = rejection(() => codec.decode(other, cursor));
      expect(error.message).toMatch(/does not belong to this listing/);
    }
  });

  it('does not confuse scope and payload boundaries', () => {
    const cursor = codec.encode('ab', position);
    rejection(() => codec.decode('a', cursor));
    rejection(() => codec.decode('abc', cursor));
  });

  it('rejects a cursor sealed with another secret, saying a replica has another secret', () => {
    const foreign = createCursorCodec({ secret: 'somebody-else' }).encode(SCOPE, position);
    const error = rejection(() => codec.decode(SCOPE, foreign));
    expect(error.extensions['reason']).toBe(CURSOR_KEY_UNKNOWN);
    expect(error.message).toMatch(/issued by a gateway replica with another cursor secret/);
    expect(error.message).toMatch(/GATEWAY_CURSOR_SECRET/);
    expect(error.message).toMatch(/Start paging again from the first page/);
    expect(error.message).not.toMatch(/altered/);
  });

  it('tells its hook the unknown key id and its own, once per refused cursor', () => {
    const events: UnknownCursorKey[] = [];
    const watched = createCursorCodec({
      secret: 'current-secret',
      previousSecrets: ['old-secret'],
      onUnknownKey: (event) => events.push(event),
    });
    const foreign = createCursorCodec({ secret: 'somebody-else' });
    rejection(() => watched.decode(SCOPE, foreign.encode(SCOPE, position)));
    rejection(() => watched.decode(SCOPE, flipBit(watched.encode(SCOPE, position), 20)));
    watched.decode(SCOPE, watched.encode(SCOPE, position));
    expect(events).toEqual([{ keyId: foreign.keyIds.issuing, own: watched.keyIds }]);
  });

  it('names its keys by ids that every cursor carries in bytes 1 to 4', () => {
    const rotated = createCursorCodec({ secret: 'new-secret', previousSecrets: ['old-secret'] });
    const old = createCursorCodec({ secret: 'old-secret' });
    expect(rotated.keyIds.issuing).toMatch(/^[0-9a-f]{8}$/);
    expect(rotated.keyIds.accepted).toEqual([rotated.keyIds.issuing, old.keyIds.issuing]);
    expect(rotated.keyIds.issuing).not.toBe(old.keyIds.issuing);
    const cursor = Buffer.from(rotated.encode(SCOPE, position), 'base64url');
    expect(cursor.subarray(...KEY_ID).toString('hex')).toBe(rotated.keyIds.issuing);
  });

  it('derives the key id from the derived keys, not as a plain hash of the secret', () => {
    const sha = createHash('sha256').update('current-secret').digest('hex');
    const hmac = createHmac('sha256', 'current-secret').digest('hex');
    expect(sha).not.toContain(codec.keyIds.issuing);
    expect(hmac).not.toContain(codec.keyIds.issuing);
  });

  it('calls a cursor with a recomputed check and an unknown key id foreign: the limit of a keyless check', () => {
    const body = bodyOf(codec.encode(SCOPE, position));
    body[KEY_ID[0]] = (body[KEY_ID[0]] ?? 0) ^ 0x01;
    const error = rejection(() => codec.decode(SCOPE, withCheck(body)));
    expect(error.extensions['reason']).toBe(CURSOR_KEY_UNKNOWN);
  });

  it.each([
    [2, RELEASE_2_SECRET, RELEASE_2_CURSORS],
    [3, RELEASE_3_SECRET, RELEASE_3_CURSORS],
  ] as const)(
    'decodes the cursors release %i issued under a current or previous secret',
    (_release, secret, issued) => {
      const current = createCursorCodec({ secret });
      const rotated = createCursorCodec({ secret: 'new-secret', previousSecrets: [secret] });
      for (const [at, cursor] of issued) {
        expect(current.decode(SCOPE, cursor)).toEqual(positionOf(at));
        expect(rotated.decode(SCOPE, cursor)).toEqual(positionOf(at));
      }
    },
  );

  it('refuses a version 3 cursor changed in any byte, and one under a secret it lacks as foreign', () => {
    const current = createCursorCodec({ secret: RELEASE_3_SECRET });
    const [, cursor] = RELEASE_3_CURSORS[1] ?? [];
    if (cursor === undefined) throw new Error('unreachable: the fixture has three cursors');
    for (let byte = 1; byte < Buffer.from(cursor, 'base64url').length; byte += 1) {
      expect(rejection(() => current.decode(SCOPE, flipBit(cursor, byte))).message).toMatch(
        /altered/,
      );
    }
    expect(rejection(() => codec.decode(SCOPE, cursor)).extensions['reason']).toBe(
      CURSOR_KEY_UNKNOWN,
    );
  });

  it('refuses a version 2 cursor under no accepted secret as altered: it carries no key id', () => {
    for (const [, cursor] of RELEASE_2_CURSORS) {
      const error = rejection(() => codec.decode(SCOPE, cursor));
      expect(error.extensions['reason']).toBeUndefined();
      expect(error.message).toMatch(/altered/);
    }
  });

  it('issues version 4 cursors', () => {
    expect(Buffer.from(codec.encode(SCOPE, position), 'base64url')[0]).toBe(4);
  });

  it('accepts cursors sealed with a previous secret after a key rotation', () => {
    const before = createCursorCodec({ secret: 'old-secret' });
    const after = createCursorCodec({ secret: 'new-secret', previousSecrets: ['old-secret'] });
    expect(after.decode(SCOPE, before.encode(SCOPE, position))).toEqual(positionOf(position));
  });

  it('seals new cursors with the current secret only', () => {
    const rotated = createCursorCodec({ secret: 'new-secret', previousSecrets: ['old-secret'] });
    const newOnly = createCursorCodec({ secret: 'new-secret' });
    const oldOnly = createCursorCodec({ secret: 'old-secret' });
    const cursor = rotated.encode(SCOPE, position);
    expect(newOnly.decode(SCOPE, cursor)).toEqual(positionOf(position));
    rejection(() => oldOnly.decode(SCOPE, cursor));
  });

  it('rejects a signed-only cursor from the previous release, saying its version is unsupported', () => {
    const legacy = versionOneCursor('current-secret', SCOPE, position);
    const error = rejection(() => codec.decode(SCOPE, legacy));
    expect(error.message).toMatch(/unsupported gateway version/);
    expect(error.message).toMatch(/omit it to start from the first page/);
  });

  it('rejects cursors of an unknown or older format version, saying so', () => {
    const bytes = Buffer.from(codec.encode(SCOPE, position), 'base64url');
    for (const version of [0, 1, 5, 255]) {
      bytes[0] = version;
      const error = rejection(() => codec.decode(SCOPE, bytes.toString('base64url')));
      expect(error.message).toMatch(/version/);
    }
    // Read as version 2 or 3, the same bytes fail authentication or the check.
    for (const version of [2, 3]) {
      bytes[0] = version;
      expect(rejection(() => codec.decode(SCOPE, bytes.toString('base64url'))).message).toMatch(
        /altered/,
      );
    }
  });

  it.each([
    ['an empty string', ''],
    ['plain text', 'hello world'],
    ['padding and foreign characters', 'YWJj=='],
    ['a Relay offset cursor', Buffer.from('arrayconnection:5').toString('base64')],
    ['a JSON document', '{"token":null,"index":0}'],
    ['a single character', 'A'],
    ['only a header', Buffer.alloc(17, 1).toString('base64url')],
    ['a version byte, IV and tag without ciphertext', Buffer.alloc(29, 2).toString('base64url')],
    [
      'a version 3 header, tag and check without ciphertext',
      Buffer.alloc(37, 3).toString('base64url'),
    ],
    [
      'a version 4 header, tag, item block and check without ciphertext',
      Buffer.alloc(53, 4).toString('base64url'),
    ],
  ])('rejects %s with BAD_USER_INPUT', (_label, garbage) => {
    const error = rejection(() => codec.decode(SCOPE, garbage));
    expect(error.message).toMatch(/omit it to start from the first page/);
  });

  it('rejects non-canonical spellings of a valid cursor', () => {
    const cursor = codec.encode(SCOPE, position);
    rejection(() => codec.decode(SCOPE, `${cursor}=`));
    rejection(() => codec.decode(SCOPE, ` ${cursor}`));
  });

  it('rejects a cursor whose last character differs only in bits base64 ignores', () => {
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // Pick a token length that leaves unused trailing bits (the byte count is not a multiple of 3).
    const cursor = ['k', 'kk', 'kkk']
      .map((token) => codec.encode(SCOPE, { ...position, token }))
      .find((candidate) => candidate.length % 4 !== 0);
    if (cursor === undefined) throw new Error('unreachable: one of three lengths is not 0 mod 3');
    const last = ALPHABET.indexOf(cursor.at(-1) ?? '');
    const twin = cursor.slice(0, -1) + (ALPHABET[last ^ 1] ?? '');
    expect(Buffer.from(twin, 'base64url')).toEqual(Buffer.from(cursor, 'base64url'));
    rejection(() => codec.decode(SCOPE, twin));
  });

  it('refuses oversized input before decoding it', () => {
    const error = rejection(() => codec.decode(SCOPE, 'A'.repeat(MAX_CURSOR_LENGTH + 1)));
    expect(error.message).toMatch(/longer than/);
  });

  it('stays compact: a cursor is about 4/3 of the upstream token plus a small constant', () => {
    const token = 'x'.repeat(1500);
    const key = 'arn:aws:personalize:us-east-1:123456789012:dataset/group-name/INTERACTIONS';
    const cursor = codec.encode(SCOPE, { token, index: 99, ordinal: 9999, key });
    // 53 bytes of version, key id, IV, tag, item block and check, plus the JSON punctuation and
    // the page's first ordinal; the key is only in the item block's digest.
    expect(cursor.length).toBeLessThan(((token.length + 66) * 4) / 3);
    expect(cursor.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
    expect(codec.decode(SCOPE, cursor).token).toBe(token);
  });

  it('refuses to run without a secret', () => {
    expect(() => createCursorCodec({ secret: '' })).toThrow(/secret/);
  });
});

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  MAX_CURSOR_LENGTH,
  createCursorCodec,
  type CursorPosition,
} from '../../resolvers/cursor.js';
import { GatewayError } from '../../resolvers/errors.js';

const SCOPE = 'personalize|ListDatasets|group=arn:aws:personalize:us-east-1:123456789012:g|P=100';
const position: CursorPosition = {
  token: 'opaque-upstream-token',
  index: 3,
  ordinal: 103,
  key: 'arn:aws:personalize:us-east-1:123456789012:dataset/g/INTERACTIONS',
};

function rejection(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    const gatewayError = error as GatewayError;
    expect(gatewayError.extensions['code']).toBe('BAD_USER_INPUT');
    return gatewayError;
  }
  throw new Error('expected the cursor to be rejected');
}

/** A cursor as the previous release wrote it: version 1, HMAC-signed, payload in plain JSON. */
function versionOneCursor(secret: string, scope: string, at: CursorPosition): string {
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

function flipBit(cursor: string, byte: number): string {
  const bytes = Buffer.from(cursor, 'base64url');
  bytes[byte] = (bytes[byte] ?? 0) ^ 0x01;
  return bytes.toString('base64url');
}

describe('cursor codec', () => {
  const codec = createCursorCodec({ secret: 'current-secret' });

  it('gives back the exact position it encoded', () => {
    expect(codec.decode(SCOPE, codec.encode(SCOPE, position))).toEqual(position);
  });

  it('round-trips a first-page position whose token is null', () => {
    const first = { token: null, index: 0, ordinal: 0, key: 'a' };
    expect(codec.decode(SCOPE, codec.encode(SCOPE, first))).toEqual(first);
  });

  it('round-trips keys and tokens with non-ASCII and separator characters', () => {
    const odd = { token: 'a|b.c"d\\e', index: 1, ordinal: 1, key: 'naïve:set.1' };
    expect(codec.decode(SCOPE, codec.encode(SCOPE, odd))).toEqual(odd);
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

  it('does not reuse an IV for two different positions', () => {
    const ivOf = (at: CursorPosition) =>
      Buffer.from(codec.encode(SCOPE, at), 'base64url').subarray(1, 13).toString('hex');
    const ivs = new Set(
      Array.from({ length: 200 }, (_, index) => ivOf({ ...position, index, ordinal: index })),
    );
    expect(ivs.size).toBe(200);
  });

  it('is a single URL-safe string without padding or separators', () => {
    expect(codec.encode(SCOPE, position)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('rejects a cursor in which any single byte was changed', () => {
    const cursor = codec.encode(SCOPE, position);
    const length = Buffer.from(cursor, 'base64url').length;
    for (let byte = 0; byte < length; byte += 1) {
      rejection(() => codec.decode(SCOPE, flipBit(cursor, byte)));
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
    const forged = Buffer.concat([
      cursor.subarray(0, 13),
      Buffer.from(JSON.stringify([position.token, 0, 0, position.key])),
      cursor.subarray(-16),
    ]).toString('base64url');
    const error = rejection(() => codec.decode(SCOPE, forged));
    expect(error.message).toMatch(/does not belong to this listing/);
  });

  it('rejects a cursor spliced from the IV, ciphertext and tag of two valid cursors', () => {
    const one = Buffer.from(codec.encode(SCOPE, position), 'base64url');
    const other = Buffer.from(
      codec.encode(SCOPE, { ...position, index: 4, ordinal: 104 }),
      'base64url',
    );
    expect(other.length).toBe(one.length);
    const spliced = [
      Buffer.concat([one.subarray(0, 13), other.subarray(13)]),
      Buffer.concat([other.subarray(0, -16), one.subarray(-16)]),
    ];
    for (const bytes of spliced) rejection(() => codec.decode(SCOPE, bytes.toString('base64url')));
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

  it('rejects a cursor sealed with another secret', () => {
    const foreign = createCursorCodec({ secret: 'somebody-else' }).encode(SCOPE, position);
    rejection(() => codec.decode(SCOPE, foreign));
  });

  it('accepts cursors sealed with a previous secret after a key rotation', () => {
    const before = createCursorCodec({ secret: 'old-secret' });
    const after = createCursorCodec({ secret: 'new-secret', previousSecrets: ['old-secret'] });
    expect(after.decode(SCOPE, before.encode(SCOPE, position))).toEqual(position);
  });

  it('seals new cursors with the current secret only', () => {
    const rotated = createCursorCodec({ secret: 'new-secret', previousSecrets: ['old-secret'] });
    const newOnly = createCursorCodec({ secret: 'new-secret' });
    const oldOnly = createCursorCodec({ secret: 'old-secret' });
    const cursor = rotated.encode(SCOPE, position);
    expect(newOnly.decode(SCOPE, cursor)).toEqual(position);
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
    for (const version of [0, 1, 3, 255]) {
      bytes[0] = version;
      const error = rejection(() => codec.decode(SCOPE, bytes.toString('base64url')));
      expect(error.message).toMatch(/version/);
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
    // Pick a key length that leaves unused trailing bits (the byte count is not a multiple of 3).
    const cursor = ['k', 'kk', 'kkk']
      .map((key) => codec.encode(SCOPE, { ...position, key }))
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
    // 29 bytes of version, IV and tag, plus the JSON punctuation and numbers around the strings.
    expect(cursor.length).toBeLessThan(((token.length + key.length + 48) * 4) / 3);
    expect(cursor.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
    expect(codec.decode(SCOPE, cursor).token).toBe(token);
  });

  it('refuses to run without a secret', () => {
    expect(() => createCursorCodec({ secret: '' })).toThrow(/secret/);
  });
});

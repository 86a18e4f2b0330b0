// Relay cursors over AWS next tokens. A cursor names one item's canonical position in one
// listing. It is encrypted, so a client cannot read the upstream token or the item key inside, and
// authenticated, so a client can neither forge a position nor replay a cursor against another
// listing (`scope` is authenticated data but is not stored in the cursor).
//
// Layout, base64url without padding:
//   byte 0        format version (2; version 1 was signed but not encrypted)
//   bytes 1..12   IV
//   bytes 13..-17 AES-256-GCM ciphertext of the payload: UTF-8 JSON [token, index, ordinal, key]
//   last 16 bytes GCM tag over AAD = version ‖ u32be(len(scope)) ‖ scope, and the ciphertext
//
// The IV is synthetic (as in SIV, RFC 5297): HMAC-SHA256(sivKey, AAD ‖ payload), first 96 bits,
// not random. The same position in the same listing therefore always gets the same cursor, in
// every response and on every replica sharing the secret: Relay and Apollo caches normalise an
// edge by its cursor, and paging tests compare cursors across reads. What this reveals is only
// that two cursors name the same position in the same listing, which the client knows anyway.
// GCM's weakness is one IV used for two different inputs; a synthetic IV repeats only for
// identical inputs, or by a 96-bit collision that is as unlikely as one between random IVs.
import {
  type KeyObject,
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
} from 'node:crypto';
import { GatewayError } from './errors.js';

export interface CursorPosition {
  /** The upstream token that fetched the page holding the item (null = first page). */
  readonly token: string | null;
  /** Index of the item inside that page. */
  readonly index: number;
  /** 0-based position of the item in the whole listing. */
  readonly ordinal: number;
  /** The item's key (Personalize datasetArn / Cognito DatasetName). */
  readonly key: string;
}

export interface CursorCodec {
  encode(scope: string, position: CursorPosition): string;
  /** @throws GatewayError BAD_USER_INPUT for malformed, tampered, unknown-version or other-scope cursors. */
  decode(scope: string, cursor: string): CursorPosition;
}

export interface CursorCodecOptions {
  readonly secret: string;
  /** Secrets that sealed cursors before a rotation; accepted for decoding, never used to encode. */
  readonly previousSecrets?: readonly string[];
}

const VERSION = 2;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES;
const CIPHER = 'aes-256-gcm';
const KEY_BYTES = 32;
// One HKDF output split in two: the SIV key and the encryption key must be independent.
const KEY_INFO = 'dataset-gateway cursor v2: aes-256-gcm key, siv hmac key';
/**
 * Far above any real cursor (Personalize tokens are ≤ 1,500 ASCII characters, keys ≤ 256), so
 * oversized input is refused before any decoding or decryption work.
 */
export const MAX_CURSOR_LENGTH = 8192;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const RESTART_HINT =
  'Use a cursor returned by this same field and arguments, or omit it to start from the first page.';

function invalid(reason: string): GatewayError {
  return new GatewayError('BAD_USER_INPUT', `${reason} ${RESTART_HINT}`);
}

interface CursorKeys {
  readonly encryption: KeyObject;
  readonly siv: KeyObject;
}

function deriveKeys(secret: string): CursorKeys {
  const material = Buffer.from(
    hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), KEY_INFO, 2 * KEY_BYTES),
  );
  return {
    encryption: createSecretKey(material.subarray(0, KEY_BYTES)),
    siv: createSecretKey(material.subarray(KEY_BYTES)),
  };
}

function additionalData(scope: string): Buffer {
  const scopeBytes = Buffer.from(scope, 'utf8');
  const scopeLength = Buffer.alloc(4);
  scopeLength.writeUInt32BE(scopeBytes.length);
  return Buffer.concat([Buffer.of(VERSION), scopeLength, scopeBytes]);
}

function seal(keys: CursorKeys, aad: Buffer, payload: Buffer): Buffer {
  const iv = createHmac('sha256', keys.siv)
    .update(aad)
    .update(payload)
    .digest()
    .subarray(0, IV_BYTES);
  const cipher = createCipheriv(CIPHER, keys.encryption, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  return Buffer.concat([
    Buffer.of(VERSION),
    iv,
    cipher.update(payload),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
}

/** The payload, or undefined when the tag does not verify under these keys. */
function open(keys: CursorKeys, aad: Buffer, sealed: Buffer): Buffer | undefined {
  const iv = sealed.subarray(1, HEADER_BYTES);
  const ciphertext = sealed.subarray(HEADER_BYTES, sealed.length - TAG_BYTES);
  const decipher = createDecipheriv(CIPHER, keys.encryption, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  const payload = decipher.update(ciphertext);
  try {
    return Buffer.concat([payload, decipher.final()]);
  } catch {
    return undefined;
  }
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function parsePayload(payload: Buffer): CursorPosition | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) return undefined;
  const fields: readonly unknown[] = parsed;
  const [token, index, ordinal, key] = fields;
  if (token !== null && typeof token !== 'string') return undefined;
  if (!isNonNegativeInteger(index) || !isNonNegativeInteger(ordinal) || ordinal < index) {
    return undefined;
  }
  if (typeof key !== 'string') return undefined;
  return { token, index, ordinal, key };
}

export function createCursorCodec(options: CursorCodecOptions): CursorCodec {
  if (options.secret.length === 0) throw new Error('The cursor secret must not be empty');
  // Derived once here: HKDF per cursor would be wasted work on every edge.
  const currentKeys = deriveKeys(options.secret);
  const acceptedKeys = [currentKeys, ...(options.previousSecrets ?? []).map(deriveKeys)];

  return {
    encode(scope, position) {
      const payload = Buffer.from(
        JSON.stringify([position.token, position.index, position.ordinal, position.key]),
        'utf8',
      );
      return seal(currentKeys, additionalData(scope), payload).toString('base64url');
    },

    decode(scope, cursor) {
      if (cursor.length > MAX_CURSOR_LENGTH) {
        throw invalid(`The cursor is longer than ${MAX_CURSOR_LENGTH} characters.`);
      }
      // Node's decoder skips foreign characters and ignores trailing bits, so only the one
      // canonical spelling of each byte string is accepted: no two cursors decode alike.
      const bytes = Buffer.from(cursor, 'base64url');
      if (!BASE64URL.test(cursor) || bytes.toString('base64url') !== cursor) {
        throw invalid('The cursor is malformed.');
      }
      if (bytes.length <= HEADER_BYTES + TAG_BYTES) throw invalid('The cursor is malformed.');
      if (bytes[0] !== VERSION) {
        throw invalid('The cursor was issued by an unsupported gateway version.');
      }
      const aad = additionalData(scope);
      let payload: Buffer | undefined;
      for (const keys of acceptedKeys) {
        payload = open(keys, aad, bytes);
        if (payload !== undefined) break;
      }
      if (payload === undefined) {
        throw invalid(
          'The cursor does not belong to this listing: it was altered, or it was issued for other arguments, another caller or another field.',
        );
      }
      const position = parsePayload(payload);
      // Only reachable if a cursor secret leaked or a bug wrote a bad payload.
      if (position === undefined) throw invalid('The cursor is malformed.');
      return position;
    },
  };
}

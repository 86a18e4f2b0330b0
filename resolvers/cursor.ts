// Relay cursors over AWS next tokens. A cursor names one item's canonical position in one
// listing. It is encrypted, so a client cannot read the upstream token or the item key inside, and
// authenticated, so a client can neither forge a position nor replay a cursor against another
// listing (`scope` is authenticated data but is not stored in the cursor).
//
// Layout of version 3, base64url without padding:
//   byte 0         format version (3)
//   bytes 1..4     key id: which secret sealed it (see keyIdOf)
//   bytes 5..16    IV
//   bytes 17..-21  AES-256-GCM ciphertext of the payload: UTF-8 JSON [token, index, ordinal, key]
//   bytes -20..-5  GCM tag over AAD = version ‖ key id ‖ u32be(len(scope)) ‖ scope, and the ciphertext
//   last 4 bytes   check: SHA-256 of all the bytes before it, first 32 bits (no key)
// Version 2 had no key id and no check (`version ‖ IV ‖ ciphertext ‖ tag`, AAD = version ‖
// u32be(len(scope)) ‖ scope); such cursors, issued before the upgrade, are still decoded by trying
// each accepted key. Version 1 was signed but not encrypted and is refused.
//
// The key id lets a replica tell "sealed under a secret I do not have" (replicas configured with
// different secrets, or a secret retired too early) from "altered or used on another listing",
// which needs no key to see. A key id alone cannot tell them apart: a flipped bit in it would read
// as another replica's cursor. So the check, which anyone can compute, goes first: a cursor changed
// by accident or by a blind fuzzer fails it and is called altered; only one whose check was
// recomputed on purpose reaches the key-id lookup, and it is refused all the same.
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
  createHash,
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

/** The key ids of a codec's secrets, in hex: operators compare them across replicas. */
export interface CursorKeyIds {
  /** The key new cursors are sealed with (GATEWAY_CURSOR_SECRET). */
  readonly issuing: string;
  /** Every key a cursor may be sealed with, the issuing one first. */
  readonly accepted: readonly string[];
}

export interface CursorCodec {
  encode(scope: string, position: CursorPosition): string;
  /**
   * @throws GatewayError BAD_USER_INPUT for malformed, tampered, unknown-version or other-scope
   * cursors; for one sealed under a secret this codec does not have, with
   * `extensions.reason` CURSOR_KEY_UNKNOWN.
   */
  decode(scope: string, cursor: string): CursorPosition;
  readonly keyIds: CursorKeyIds;
}

export interface CursorCodecOptions {
  readonly secret: string;
  /** Secrets that sealed cursors before a rotation; accepted for decoding, never used to encode. */
  readonly previousSecrets?: readonly string[];
  /**
   * Told of each cursor refused as sealed under a secret this codec does not have: how operators
   * notice replicas that disagree on the secret.
   */
  readonly onUnknownKey?: (event: UnknownCursorKey) => void;
}

export interface UnknownCursorKey {
  /** The refused cursor's key id, in hex. */
  readonly keyId: string;
  /** The codec's own. */
  readonly own: CursorKeyIds;
}

/** `extensions.reason` of a cursor sealed under a secret the replica does not have. */
export const CURSOR_KEY_UNKNOWN = 'CURSOR_KEY_UNKNOWN';

const VERSION = 3;
const LEGACY_VERSION = 2;
const KEY_ID_BYTES = 4;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CHECK_BYTES = 4;
const HEADER_BYTES = 1 + KEY_ID_BYTES + IV_BYTES;
const LEGACY_HEADER_BYTES = 1 + IV_BYTES;
const CIPHER = 'aes-256-gcm';
const KEY_BYTES = 32;
// One HKDF output split in two: the SIV key and the encryption key must be independent. Both
// versions use the same keys (the AAD starts with the version, which keeps them apart), so the
// info string still says v2: changing it would orphan every cursor issued before the upgrade.
const KEY_INFO = 'dataset-gateway cursor v2: aes-256-gcm key, siv hmac key';
const KEY_ID_LABEL = 'dataset-gateway cursor key id';
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

const ALTERED =
  'The cursor does not belong to this listing: it was altered, or it was issued for other arguments, another caller or another field.';

function unknownKey(): GatewayError {
  return new GatewayError(
    'BAD_USER_INPUT',
    'This cursor was issued by a gateway replica with another cursor secret (or under a secret since retired): the replicas must share GATEWAY_CURSOR_SECRET (see docs/operations.md). Start paging again from the first page by omitting the cursor.',
    { extensions: { reason: CURSOR_KEY_UNKNOWN } },
  );
}

interface CursorKeys {
  readonly id: Buffer;
  readonly encryption: KeyObject;
  readonly siv: KeyObject;
}

function deriveKeys(secret: string): CursorKeys {
  const material = Buffer.from(
    hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), KEY_INFO, 2 * KEY_BYTES),
  );
  return {
    id: keyIdOf(material),
    encryption: createSecretKey(material.subarray(0, KEY_BYTES)),
    siv: createSecretKey(material.subarray(KEY_BYTES)),
  };
}

/**
 * A MAC of a fixed label under the derived key material, not a hash of the secret: a plain hash
 * of the secret would be a public fingerprint of it, matching anywhere else the same string was
 * used. This one is meaningful only to this gateway, and it reveals nothing usable: 32 bits of a
 * PRF output, which cannot yield the keys, forge a cursor or decrypt one. Testing a guessed
 * secret against it is no easier than against the GCM tag of any cursor a client already holds.
 * Two secrets may share an id (odds 2^-32 a pair): decoding then tries both.
 */
function keyIdOf(material: Buffer): Buffer {
  return createHmac('sha256', material).update(KEY_ID_LABEL).digest().subarray(0, KEY_ID_BYTES);
}

function checkOf(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest().subarray(0, CHECK_BYTES);
}

function additionalData(version: number, keyId: Buffer, scope: string): Buffer {
  const scopeBytes = Buffer.from(scope, 'utf8');
  const scopeLength = Buffer.alloc(4);
  scopeLength.writeUInt32BE(scopeBytes.length);
  return Buffer.concat([Buffer.of(version), keyId, scopeLength, scopeBytes]);
}

function seal(keys: CursorKeys, scope: string, payload: Buffer): Buffer {
  const aad = additionalData(VERSION, keys.id, scope);
  const iv = createHmac('sha256', keys.siv)
    .update(aad)
    .update(payload)
    .digest()
    .subarray(0, IV_BYTES);
  const cipher = createCipheriv(CIPHER, keys.encryption, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const sealed = Buffer.concat([
    Buffer.of(VERSION),
    keys.id,
    iv,
    cipher.update(payload),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return Buffer.concat([sealed, checkOf(sealed)]);
}

/**
 * The payload of `sealed` (`IV ‖ ciphertext ‖ tag`), or undefined when the tag does not verify
 * under these keys.
 */
function open(keys: CursorKeys, aad: Buffer, sealed: Buffer): Buffer | undefined {
  const iv = sealed.subarray(0, IV_BYTES);
  const ciphertext = sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES);
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
  const keyIds: CursorKeyIds = {
    issuing: currentKeys.id.toString('hex'),
    accepted: [...new Set(acceptedKeys.map((keys) => keys.id.toString('hex')))],
  };

  /** Version 3: the check, then the key its id names. */
  function openCurrent(scope: string, bytes: Buffer): Buffer {
    if (bytes.length <= HEADER_BYTES + TAG_BYTES + CHECK_BYTES) {
      throw invalid('The cursor is malformed.');
    }
    const body = bytes.subarray(0, bytes.length - CHECK_BYTES);
    if (!checkOf(body).equals(bytes.subarray(body.length))) throw invalid(ALTERED);
    const keyId = body.subarray(1, 1 + KEY_ID_BYTES);
    const candidates = acceptedKeys.filter((keys) => keys.id.equals(keyId));
    if (candidates.length === 0) {
      options.onUnknownKey?.({ keyId: keyId.toString('hex'), own: keyIds });
      throw unknownKey();
    }
    const aad = additionalData(VERSION, keyId, scope);
    for (const keys of candidates) {
      const payload = open(keys, aad, body.subarray(1 + KEY_ID_BYTES));
      if (payload !== undefined) return payload;
    }
    throw invalid(ALTERED);
  }

  /** Version 2, issued before key ids: every accepted key is tried. */
  function openLegacy(scope: string, bytes: Buffer): Buffer {
    if (bytes.length <= LEGACY_HEADER_BYTES + TAG_BYTES) throw invalid('The cursor is malformed.');
    const aad = additionalData(LEGACY_VERSION, Buffer.alloc(0), scope);
    for (const keys of acceptedKeys) {
      const payload = open(keys, aad, bytes.subarray(1));
      if (payload !== undefined) return payload;
    }
    throw invalid(ALTERED);
  }

  return {
    keyIds,

    encode(scope, position) {
      const payload = Buffer.from(
        JSON.stringify([position.token, position.index, position.ordinal, position.key]),
        'utf8',
      );
      return seal(currentKeys, scope, payload).toString('base64url');
    },

    decode(scope, cursor) {
      if (cursor.length > MAX_CURSOR_LENGTH) {
        throw invalid(`The cursor is longer than ${MAX_CURSOR_LENGTH} characters.`);
      }
      // Node's decoder skips foreign characters and ignores trailing bits, so only the one
      // canonical spelling of each byte string is accepted: no two cursors decode alike.
      const bytes = Buffer.from(cursor, 'base64url');
      if (!BASE64URL.test(cursor) || bytes.toString('base64url') !== cursor || bytes.length === 0) {
        throw invalid('The cursor is malformed.');
      }
      let payload: Buffer;
      if (bytes[0] === VERSION) payload = openCurrent(scope, bytes);
      else if (bytes[0] === LEGACY_VERSION) payload = openLegacy(scope, bytes);
      else throw invalid('The cursor was issued by an unsupported gateway version.');
      const position = parsePayload(payload);
      // Only reachable if a cursor secret leaked or a bug wrote a bad payload.
      if (position === undefined) throw invalid('The cursor is malformed.');
      return position;
    },
  };
}

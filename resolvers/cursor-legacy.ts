// Cursors of the formats before version 4, still accepted so that paging sessions survive an
// upgrade: version 3 (sealed per item, a SHA-256 check) and version 2 (no key id, so every
// accepted key is tried). Both hold [token, index, ordinal, key].
import { createHash } from 'node:crypto';

import type { CursorPosition } from './cursor.js';
import {
  CHECK_BYTES,
  IV_BYTES,
  KEY_ID_BYTES,
  TAG_BYTES,
  additionalData,
  keyDigestOf,
  open,
  type CursorKeys,
} from './cursor-keys.js';
import { ALTERED, invalid, isNonNegativeInteger, parseJson } from './cursor-payload.js';

const ITEM_SEALED_VERSION = 3;
const LEGACY_VERSION = 2;
const HEADER_BYTES = 1 + KEY_ID_BYTES + IV_BYTES;
const LEGACY_HEADER_BYTES = 1 + IV_BYTES;

/** Version 3's check: SHA-256 of the bytes, first 32 bits. */
function sha256CheckOf(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest().subarray(0, CHECK_BYTES);
}

/** Versions 2 and 3's item payload: [token, index, ordinal, key]. */
function parseItem(payload: Buffer): CursorPosition | undefined {
  const fields = parseJson(payload);
  if (fields?.length !== 4) return undefined;
  const [token, index, ordinal, key] = fields;
  if (token !== null && typeof token !== 'string') return undefined;
  if (!isNonNegativeInteger(index) || !isNonNegativeInteger(ordinal) || ordinal < index) {
    return undefined;
  }
  if (typeof key !== 'string') return undefined;
  return { token, index, ordinal, keyDigest: keyDigestOf(key) };
}

/** The position in a decrypted item payload. */
function itemOf(payload: Buffer): CursorPosition {
  const position = parseItem(payload);
  // Only reachable if a cursor secret leaked or a bug wrote a bad payload.
  if (position === undefined) throw invalid('The cursor is malformed.');
  return position;
}

/** Version 3: the SHA-256 check, then the key its id names. */
export function openItemSealed(
  keysNamed: (keyId: Buffer) => readonly CursorKeys[],
  scope: string,
  bytes: Buffer,
): CursorPosition {
  if (bytes.length <= HEADER_BYTES + TAG_BYTES + CHECK_BYTES) {
    throw invalid('The cursor is malformed.');
  }
  const body = bytes.subarray(0, bytes.length - CHECK_BYTES);
  if (!sha256CheckOf(body).equals(bytes.subarray(body.length))) throw invalid(ALTERED);
  const keyId = body.subarray(1, 1 + KEY_ID_BYTES);
  const aad = additionalData(ITEM_SEALED_VERSION, keyId, scope);
  for (const keys of keysNamed(keyId)) {
    const payload = open(keys, aad, body.subarray(1 + KEY_ID_BYTES));
    if (payload !== undefined) return itemOf(payload);
  }
  throw invalid(ALTERED);
}

/** Version 2, issued before key ids: every accepted key is tried. */
export function openLegacy(
  acceptedKeys: readonly CursorKeys[],
  scope: string,
  bytes: Buffer,
): CursorPosition {
  if (bytes.length <= LEGACY_HEADER_BYTES + TAG_BYTES) throw invalid('The cursor is malformed.');
  const aad = additionalData(LEGACY_VERSION, Buffer.alloc(0), scope);
  for (const keys of acceptedKeys) {
    const payload = open(keys, aad, bytes.subarray(1));
    if (payload !== undefined) return itemOf(payload);
  }
  throw invalid(ALTERED);
}

// Relay cursors over AWS next tokens. A cursor names one item's canonical position in one
// listing; it is signed so that a client can neither forge a position nor replay a cursor
// against another listing (`scope` is part of the signed input but not of the cursor).
//
// Layout, base64url without padding:
//   byte 0        format version (1)
//   bytes 1..16   HMAC-SHA256(secret, version ‖ u32be(len(scope)) ‖ scope ‖ payload), first 128 bits
//   bytes 17..    payload: UTF-8 JSON [token, index, ordinal, key]
// The tag is truncated to 128 bits (ample against forgery, RFC 2104 §5) to keep cursors short:
// the upstream token already dominates their length.
import { createHmac, timingSafeEqual } from 'node:crypto';
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
  /** Secrets that signed cursors before a rotation; accepted for decoding, never used to sign. */
  readonly previousSecrets?: readonly string[];
}

const VERSION = 1;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + TAG_BYTES;
/**
 * Far above any real cursor (Personalize tokens are ≤ 1,500 ASCII characters, keys ≤ 256), so
 * oversized input is refused before any decoding or hashing work.
 */
export const MAX_CURSOR_LENGTH = 8192;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const RESTART_HINT =
  'Use a cursor returned by this same field and arguments, or omit it to start from the first page.';

function invalid(reason: string): GatewayError {
  return new GatewayError('BAD_USER_INPUT', `${reason} ${RESTART_HINT}`);
}

function tag(secret: string, scope: string, payload: Buffer): Buffer {
  const scopeBytes = Buffer.from(scope, 'utf8');
  const scopeLength = Buffer.alloc(4);
  scopeLength.writeUInt32BE(scopeBytes.length);
  return createHmac('sha256', secret)
    .update(Buffer.of(VERSION))
    .update(scopeLength)
    .update(scopeBytes)
    .update(payload)
    .digest()
    .subarray(0, TAG_BYTES);
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
  const verifyingSecrets = [options.secret, ...(options.previousSecrets ?? [])];

  return {
    encode(scope, position) {
      const payload = Buffer.from(
        JSON.stringify([position.token, position.index, position.ordinal, position.key]),
        'utf8',
      );
      return Buffer.concat([
        Buffer.of(VERSION),
        tag(options.secret, scope, payload),
        payload,
      ]).toString('base64url');
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
      if (bytes.length <= HEADER_BYTES) throw invalid('The cursor is malformed.');
      if (bytes[0] !== VERSION) {
        throw invalid('The cursor was issued by an unsupported gateway version.');
      }
      const presented = bytes.subarray(1, HEADER_BYTES);
      const payload = bytes.subarray(HEADER_BYTES);
      const authentic = verifyingSecrets.some((secret) =>
        timingSafeEqual(tag(secret, scope, payload), presented),
      );
      if (!authentic) {
        throw invalid(
          'The cursor does not belong to this listing: it was altered, or it was issued for other arguments, another caller or another field.',
        );
      }
      const position = parsePayload(payload);
      // Only reachable if a signing secret leaked or a bug wrote a bad payload.
      if (position === undefined) throw invalid('The cursor is malformed.');
      return position;
    },
  };
}

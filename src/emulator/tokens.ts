// Opaque, tamper-proof next tokens. A client can neither read nor forge them: the position is
// sealed with AES-256-GCM under a key that lives only in this emulator instance, and the listing
// the token belongs to is bound in as additional authenticated data, so a token replayed against
// another listing (another identity, another filter) fails to decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Where the next page of a listing starts. */
export interface TokenPosition {
  /** Index of the first item of the next page, as it was when the token was issued. */
  readonly offset: number;
  /** Key of the last item returned; resuming from it stays correct when items are deleted. */
  readonly lastKey: string | undefined;
}

/** A token that is malformed, tampered with, expired or issued for another listing. */
export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

export interface TokenCodec {
  issue(listing: string, position: TokenPosition): string;
  /** @throws InvalidTokenError */
  redeem(listing: string, token: string): TokenPosition;
}

export interface TokenCodecOptions {
  /** How long an issued token stays valid, in milliseconds. */
  readonly ttlMs: number;
  readonly now: () => Date;
  /** 32-byte key; random by default (tests pass one to compare codecs). */
  readonly key?: Uint8Array;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
/**
 * Every token starts with this letter. Base64url alone starts with '-' one time in 64, and the
 * AWS CLI then reads `--next-token -...` as an option and refuses the command.
 */
const PREFIX = 'e';

export function createTokenCodec({
  ttlMs,
  now,
  key = randomBytes(32),
}: TokenCodecOptions): TokenCodec {
  if (key.length !== 32) throw new RangeError('A token key must be 32 bytes');
  return {
    issue(listing, position) {
      // A compact tuple keeps tokens short (well under Personalize's 1500-character limit).
      const payload = JSON.stringify([now().getTime(), position.offset, position.lastKey ?? null]);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(listing, 'utf8'));
      const sealed = Buffer.concat([cipher.update(payload, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
    },
    redeem(listing, token) {
      const encoded = token.slice(PREFIX.length);
      const raw = Buffer.from(encoded, 'base64url');
      // Buffer decoding skips stray characters; insist on the canonical spelling.
      if (
        !token.startsWith(PREFIX) ||
        raw.length <= IV_BYTES + TAG_BYTES ||
        raw.toString('base64url') !== encoded
      ) {
        throw new InvalidTokenError('token is malformed');
      }
      let payload: unknown;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(listing, 'utf8'));
        decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
          decipher.final(),
        ]);
        payload = JSON.parse(plain.toString('utf8'));
      } catch {
        throw new InvalidTokenError('token was not issued for this request');
      }
      const position = readPayload(payload);
      if (now().getTime() - position.issuedAt > ttlMs) {
        throw new InvalidTokenError('token has expired');
      }
      return { offset: position.offset, lastKey: position.lastKey };
    },
  };
}

function readPayload(payload: unknown): TokenPosition & { readonly issuedAt: number } {
  if (Array.isArray(payload) && payload.length === 3) {
    const [issuedAt, offset, lastKey] = payload as unknown[];
    if (
      typeof issuedAt === 'number' &&
      Number.isSafeInteger(offset) &&
      typeof offset === 'number' &&
      offset >= 0 &&
      (lastKey === null || typeof lastKey === 'string')
    ) {
      return { issuedAt, offset, lastKey: lastKey ?? undefined };
    }
  }
  // Only reachable with a forged key; kept so a decoding bug can never yield a bogus position.
  throw new InvalidTokenError('token is malformed');
}

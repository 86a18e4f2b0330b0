// The keys a cursor secret yields, and the sealing every cursor format shares: HKDF-derived
// AES-256-GCM and SIV keys, the key id, the one-block cipher of format version 4, and the short
// digest a cursor keeps of its item's key.
import {
  type Cipher,
  type Decipher,
  type KeyObject,
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hash,
  hkdfSync,
} from 'node:crypto';

export const KEY_ID_BYTES = 4;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
export const CHECK_BYTES = 4;
export const DIGEST_BYTES = 8;
const CIPHER = 'aes-256-gcm';
const BLOCK_CIPHER = 'aes-256-ecb';
const KEY_BYTES = 32;
// One HKDF output split in two: the SIV key and the encryption key must be independent. All
// versions use the same keys (the AAD starts with the version, which keeps them apart), so the
// info string still says v2: changing it would orphan every cursor issued before the upgrade.
const KEY_INFO = 'dataset-gateway cursor v2: aes-256-gcm key, siv hmac key';
// The item block's key is a separate HKDF output, independent of both.
const BLOCK_KEY_INFO = 'dataset-gateway cursor v4: item block aes-256 key';
const KEY_ID_LABEL = 'dataset-gateway cursor key id';

/**
 * The short digest a cursor keeps of its item's key, in hex: 64 bits of SHA-256, so two keys of
 * one listing share it with odds about n²/2^65. A digest instead of the key keeps the item block
 * to one AES block; the key itself is in the response next to the cursor anyway.
 */
export function keyDigestOf(key: string): string {
  return hash('sha256', key, 'hex').slice(0, 2 * DIGEST_BYTES);
}

export interface CursorKeys {
  readonly id: Buffer;
  readonly encryption: KeyObject;
  readonly siv: KeyObject;
  /**
   * One ECB context each way, kept for the codec's life: without padding, each call on one
   * block is independent, and creating a cipher per cursor would cost more than the AES.
   */
  readonly blockEncipher: Cipher;
  readonly blockDecipher: Decipher;
}

export function deriveKeys(secret: string): CursorKeys {
  const ikm = Buffer.from(secret, 'utf8');
  const material = Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), KEY_INFO, 2 * KEY_BYTES));
  const blockKey = createSecretKey(
    Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), BLOCK_KEY_INFO, KEY_BYTES)),
  );
  const blockEncipher = createCipheriv(BLOCK_CIPHER, blockKey, null).setAutoPadding(false);
  const blockDecipher = createDecipheriv(BLOCK_CIPHER, blockKey, null).setAutoPadding(false);
  return {
    id: keyIdOf(material),
    encryption: createSecretKey(material.subarray(0, KEY_BYTES)),
    siv: createSecretKey(material.subarray(KEY_BYTES)),
    blockEncipher,
    blockDecipher,
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

export function additionalData(version: number, keyId: Buffer, scope: string): Buffer {
  const scopeBytes = Buffer.from(scope, 'utf8');
  const scopeLength = Buffer.alloc(4);
  scopeLength.writeUInt32BE(scopeBytes.length);
  return Buffer.concat([Buffer.of(version), keyId, scopeLength, scopeBytes]);
}

/** `version ‖ key id ‖ IV ‖ ciphertext ‖ tag` of `payload`, with a synthetic IV. */
export function seal(keys: CursorKeys, version: number, scope: string, payload: Buffer): Buffer {
  const aad = additionalData(version, keys.id, scope);
  const iv = createHmac('sha256', keys.siv)
    .update(aad)
    .update(payload)
    .digest()
    .subarray(0, IV_BYTES);
  const cipher = createCipheriv(CIPHER, keys.encryption, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  return Buffer.concat([
    Buffer.of(version),
    keys.id,
    iv,
    cipher.update(payload),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
}

/**
 * The payload of `sealed` (`IV ‖ ciphertext ‖ tag`), or undefined when the tag does not verify
 * under these keys.
 */
export function open(keys: CursorKeys, aad: Buffer, sealed: Buffer): Buffer | undefined {
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

// Relay cursors over AWS next tokens. A cursor names one item's canonical position in one
// listing. It is encrypted, so a client cannot read the upstream token inside, and authenticated,
// so a client can neither forge a position nor replay a cursor against another listing (`scope` is
// authenticated data but is not stored in the cursor).
//
// Layout of version 4, base64url without padding:
//   byte 0         format version (4)
//   bytes 1..4     key id: which secret sealed it (see keyIdOf)
//   bytes 5..16    IV
//   bytes 17..-37  AES-256-GCM ciphertext of the page: UTF-8 JSON [token, start]
//   bytes -36..-21 GCM tag over AAD = version ‖ key id ‖ u32be(len(scope)) ‖ scope, and the ciphertext
//   bytes -20..-5  the item block: AES-256 (one block, its own key) of
//                  u16be index ‖ key digest (8 bytes) ‖ the GCM tag's first 6 bytes
//   last 4 bytes   check: CRC-32 of all the bytes before it (no key)
// `start` is the ordinal of the page's first item, so an item's ordinal is start + index; the key
// digest (keyDigestOf) finds the item again when the listing has moved.
//
// Why two parts: every item of a page shares the token, its secret and by far its largest part,
// so the page is sealed once (HMAC, GCM) and each of its cursors costs one AES block. Sealing all
// of it per item, as version 3 did, was the largest item of a cached request's CPU profile. The
// item block is encode-then-encipher: a single block cipher call is a pseudorandom permutation, so
// a block not issued by this gateway deciphers to noise, which matches the page's tag prefix with
// odds 2^-48 per try; and since the prefix is the page's own tag, an item block moved onto
// another page (another listing, caller or token) fails the same way. The same item on the same
// page always gets the same block, as determinism requires.
//
// Version 3 sealed [token, index, ordinal, key] per item, with a SHA-256 check; version 2 had no
// key id and no check (`version ‖ IV ‖ ciphertext ‖ tag`, AAD = version ‖ u32be(len(scope)) ‖
// scope). Cursors of both, issued before an upgrade, are still decoded. Version 1 was signed but
// not encrypted and is refused.
//
// The key id lets a replica tell "sealed under a secret I do not have" (replicas configured with
// different secrets, or a secret retired too early) from "altered or used on another listing",
// which needs no key to see. A key id alone cannot tell them apart: a flipped bit in it would read
// as another replica's cursor. So the check, which anyone can compute, goes first: a cursor changed
// by accident or by a blind fuzzer fails it and is called altered; only one whose check was
// recomputed on purpose reaches the key-id lookup, and it is refused all the same. Catching
// accidents is what CRC-32 is for; the tag and the item block are what stop a deliberate change.
//
// The IV is synthetic (as in SIV, RFC 5297): HMAC-SHA256(sivKey, AAD ‖ payload), first 96 bits,
// not random. The same position in the same listing therefore always gets the same cursor, in
// every response and on every replica sharing the secret: Relay and Apollo caches normalise an
// edge by its cursor, and paging tests compare cursors across reads. What this reveals is only
// that two cursors name the same position in the same listing, which the client knows anyway.
// GCM's weakness is one IV used for two different inputs; a synthetic IV repeats only for
// identical inputs, or by a 96-bit collision that is as unlikely as one between random IVs.
import { crc32 } from 'node:zlib';

import { LRUCache } from 'lru-cache';

import {
  CHECK_BYTES,
  DIGEST_BYTES,
  IV_BYTES,
  KEY_ID_BYTES,
  TAG_BYTES,
  additionalData,
  deriveKeys,
  keyDigestOf,
  open,
  seal,
  type CursorKeys,
} from './cursor-keys.js';
import { openItemSealed, openLegacy } from './cursor-legacy.js';
import { ALTERED, invalid, isNonNegativeInteger, parseJson, unknownKey } from './cursor-payload.js';

export { CURSOR_KEY_UNKNOWN } from './cursor-payload.js';
export { keyDigestOf } from './cursor-keys.js';

/** Where a cursor's item sat when the cursor was issued. */
export interface CursorPosition {
  /** The upstream token that fetched the page holding the item (null = first page). */
  readonly token: string | null;
  /** Index of the item inside that page. */
  readonly index: number;
  /** 0-based position of the item in the whole listing. */
  readonly ordinal: number;
  /** keyDigestOf the item's key (Personalize datasetArn / Cognito DatasetName). */
  readonly keyDigest: string;
}

/** An item to issue a cursor for: its position and its key. */
export interface CursorItem {
  readonly token: string | null;
  readonly index: number;
  readonly ordinal: number;
  readonly key: string;
}

/** An item of a page, to issue a cursor for. */
export interface PageItem {
  /** Index of the item inside the page. */
  readonly index: number;
  readonly key: string;
}

/** The cursors of one upstream page: the page is sealed once, on the first cursor asked for. */
export interface PageCursors {
  /** The cursor of the page's item at `index`, whose key is `key`. */
  cursorAt(index: number, key: string): string;
  /** The cursors of several of the page's items, in their order, enciphered in one call. */
  cursorsAt(items: readonly PageItem[]): string[];
}

/** The key ids of a codec's secrets, in hex: operators compare them across replicas. */
export interface CursorKeyIds {
  /** The key new cursors are sealed with (GATEWAY_CURSOR_SECRET). */
  readonly issuing: string;
  /** Every key a cursor may be sealed with, the issuing one first. */
  readonly accepted: readonly string[];
}

export interface CursorCodec {
  /** The cursors of the page fetched with `token` whose first item is the listing's `start`th. */
  page(scope: string, token: string | null, start: number): PageCursors;
  /** One item's cursor; for several items of one page, `page` seals the page once. */
  encode(scope: string, item: CursorItem): string;
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

/** A page sealed once for all its cursors: its bytes, its GCM tag, and the CRC-32 of the bytes. */
interface SealedPage {
  readonly bytes: Buffer;
  readonly tag: Buffer;
  readonly crc: number;
}

/**
 * Sealed pages a codec remembers. An entry holds the token about twice (the sealed bytes and the
 * key), so about 3 KB with a 1,500-character token: about 3 MB at most.
 */
const SEALED_PAGES = 1_000;
const VERSION = 4;
const ITEM_SEALED_VERSION = 3;
const LEGACY_VERSION = 2;
const BLOCK_BYTES = 16;
/** The block's bytes after the index and the digest: the page tag's first ones. */
const BINDING_BYTES = BLOCK_BYTES - 2 - DIGEST_BYTES;
const MAX_INDEX = 0xffff;
const HEADER_BYTES = 1 + KEY_ID_BYTES + IV_BYTES;
/**
 * Far above any real cursor (Personalize tokens are ≤ 1,500 ASCII characters, keys ≤ 256), so
 * oversized input is refused before any decoding or decryption work.
 */
export const MAX_CURSOR_LENGTH = 8192;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function crc32Of(bytes: Buffer, crc?: number): Buffer {
  const check = Buffer.allocUnsafe(CHECK_BYTES);
  check.writeUInt32BE(crc32(bytes, crc));
  return check;
}

/**
 * The enciphered item blocks of `items`, one after the other: index, key digest and the page
 * tag's first bytes each. One cipher call for all of them: ECB enciphers each block on its own,
 * and the call, not the AES, is most of the cost.
 */
function itemBlocks(keys: CursorKeys, tag: Buffer, items: readonly PageItem[]): Buffer {
  const blocks = Buffer.allocUnsafe(BLOCK_BYTES * items.length);
  for (const [n, { index, key }] of items.entries()) {
    if (!Number.isInteger(index) || index < 0 || index > MAX_INDEX) {
      throw new RangeError(`A page index must be an integer in 0..${MAX_INDEX}; got ${index}`);
    }
    const at = n * BLOCK_BYTES;
    blocks.writeUInt16BE(index, at);
    blocks.write(keyDigestOf(key), at + 2, DIGEST_BYTES, 'hex');
    tag.copy(blocks, at + 2 + DIGEST_BYTES, 0, BINDING_BYTES);
  }
  return keys.blockEncipher.update(blocks);
}

/** The index and key digest of an item block, or undefined when it is not this page's. */
function openItemBlock(
  keys: CursorKeys,
  tag: Buffer,
  enciphered: Buffer,
): { readonly index: number; readonly keyDigest: string } | undefined {
  const block = keys.blockDecipher.update(enciphered);
  if (!block.subarray(2 + DIGEST_BYTES).equals(tag.subarray(0, BINDING_BYTES))) return undefined;
  return {
    index: block.readUInt16BE(0),
    keyDigest: block.toString('hex', 2, 2 + DIGEST_BYTES),
  };
}

/** Version 4's page payload: [token, start]. */
function parsePage(payload: Buffer): { token: string | null; start: number } | undefined {
  const fields = parseJson(payload);
  if (fields?.length !== 2) return undefined;
  const [token, start] = fields;
  if (token !== null && typeof token !== 'string') return undefined;
  if (!isNonNegativeInteger(start)) return undefined;
  return { token, start };
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

  // Sealed pages are remembered across requests: every first page of a listing, and every page
  // served from the upstream cache, is the same (scope, token, start) again. Deterministic, so
  // remembering changes no cursor; bounded, so no client can grow it (SEALED_PAGES).
  const sealedPages = new LRUCache<string, SealedPage>({ max: SEALED_PAGES });
  const sealPage = (scope: string, token: string | null, start: number): SealedPage => {
    const memo = JSON.stringify([start, token, scope]);
    let sealed = sealedPages.get(memo);
    if (sealed === undefined) {
      const payload = Buffer.from(JSON.stringify([token, start]), 'utf8');
      const bytes = seal(currentKeys, VERSION, scope, payload);
      sealed = { bytes, tag: bytes.subarray(bytes.length - TAG_BYTES), crc: crc32(bytes) };
      sealedPages.set(memo, sealed);
    }
    return sealed;
  };

  function page(scope: string, token: string | null, start: number): PageCursors {
    let sealed: SealedPage | undefined;
    const cursorsAt = (items: readonly PageItem[]): string[] => {
      sealed ??= sealPage(scope, token, start);
      const { bytes, tag, crc } = sealed;
      const blocks = itemBlocks(currentKeys, tag, items);
      // One buffer, rewritten per item: only the block and the check differ between cursors.
      const cursor = Buffer.allocUnsafe(bytes.length + BLOCK_BYTES + CHECK_BYTES);
      bytes.copy(cursor);
      return items.map((_, n) => {
        const block = blocks.subarray(n * BLOCK_BYTES, (n + 1) * BLOCK_BYTES);
        block.copy(cursor, bytes.length);
        cursor.writeUInt32BE(crc32(block, crc), bytes.length + BLOCK_BYTES);
        return cursor.toString('base64url');
      });
    };
    return {
      cursorsAt,
      cursorAt(index, key) {
        const [cursor] = cursorsAt([{ index, key }]);
        if (cursor === undefined) throw new Error('unreachable: one item, one cursor');
        return cursor;
      },
    };
  }

  /** The keys a cursor's key id names; reports and refuses an id none of them has. */
  function keysNamed(keyId: Buffer): readonly CursorKeys[] {
    const candidates = acceptedKeys.filter((keys) => keys.id.equals(keyId));
    if (candidates.length === 0) {
      options.onUnknownKey?.({ keyId: keyId.toString('hex'), own: keyIds });
      throw unknownKey();
    }
    return candidates;
  }

  /** Version 4: the check, then the key its id names, then the page, then the item block. */
  function openCurrent(scope: string, bytes: Buffer): CursorPosition {
    if (bytes.length <= HEADER_BYTES + TAG_BYTES + BLOCK_BYTES + CHECK_BYTES) {
      throw invalid('The cursor is malformed.');
    }
    const body = bytes.subarray(0, bytes.length - CHECK_BYTES);
    if (!crc32Of(body).equals(bytes.subarray(body.length))) throw invalid(ALTERED);
    const keyId = body.subarray(1, 1 + KEY_ID_BYTES);
    const aad = additionalData(VERSION, keyId, scope);
    const sealedPage = body.subarray(1 + KEY_ID_BYTES, body.length - BLOCK_BYTES);
    const tag = sealedPage.subarray(sealedPage.length - TAG_BYTES);
    for (const keys of keysNamed(keyId)) {
      const payload = open(keys, aad, sealedPage);
      if (payload === undefined) continue;
      const item = openItemBlock(keys, tag, body.subarray(body.length - BLOCK_BYTES));
      const pageAt = parsePage(payload);
      // A malformed page payload is only reachable if a cursor secret leaked or a bug wrote it.
      if (item === undefined || pageAt === undefined) break;
      return { token: pageAt.token, ordinal: pageAt.start + item.index, ...item };
    }
    throw invalid(ALTERED);
  }

  return {
    keyIds,
    page,

    encode(scope, item) {
      return page(scope, item.token, item.ordinal - item.index).cursorAt(item.index, item.key);
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
      if (bytes[0] === VERSION) return openCurrent(scope, bytes);
      if (bytes[0] === ITEM_SEALED_VERSION) return openItemSealed(keysNamed, scope, bytes);
      if (bytes[0] === LEGACY_VERSION) return openLegacy(acceptedKeys, scope, bytes);
      throw invalid('The cursor was issued by an unsupported gateway version.');
    },
  };
}

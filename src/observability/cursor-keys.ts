// What operators see of cursor secrets. Each replica publishes the key ids it issues and accepts
// (gateway_cursor_keys), so a rotation step can be checked on every replica before the next; a
// cursor sealed under a key the replica does not have is counted and logged (rate-limited), which
// is how replicas that disagree on GATEWAY_CURSOR_SECRET get noticed.
import type { Logger } from 'pino';

import type { CursorKeyIds, UnknownCursorKey } from '../../resolvers/cursor.js';
import { rateLimited } from './rate-limit.js';

export const UNKNOWN_CURSOR_KEY_MESSAGE =
  'a cursor sealed under a cursor secret this replica does not have was refused: replicas disagree on GATEWAY_CURSOR_SECRET, or a secret was retired while clients still held its cursors (see docs/operations.md)';

/** At most one such line a minute: a client paging through a bad replica sends one per page. */
export const UNKNOWN_CURSOR_KEY_LOG_INTERVAL_MS = 60_000;

export interface CursorKeyMetrics {
  describe(keyIds: CursorKeyIds): void;
  unknownKey(keyId: string): void;
}

export interface CursorKeyWatch {
  /** Publishes the replica's own key ids (once, when the codec is built). */
  describe(keyIds: CursorKeyIds): void;
  /** The codec's onUnknownKey (a property: it is handed over detached). */
  readonly unknownKey: (event: UnknownCursorKey) => void;
}

export interface CursorKeyWatchOptions {
  readonly logger: Logger;
  readonly metrics: CursorKeyMetrics | undefined;
  /** Milliseconds from any origin (tests). */
  readonly now?: () => number;
}

export function createCursorKeyWatch(options: CursorKeyWatchOptions): CursorKeyWatch {
  const { logger, metrics } = options;
  const warn = rateLimited<UnknownCursorKey>(
    {
      intervalMs: UNKNOWN_CURSOR_KEY_LOG_INTERVAL_MS,
      ...(options.now === undefined ? {} : { now: options.now }),
    },
    (event, suppressed) => {
      logger.warn(
        {
          cursorKeyId: event.keyId,
          issuingKeyId: event.own.issuing,
          acceptedKeyIds: event.own.accepted,
          suppressed,
        },
        UNKNOWN_CURSOR_KEY_MESSAGE,
      );
    },
  );
  return {
    describe: (keyIds) => metrics?.describe(keyIds),
    unknownKey: (event) => {
      metrics?.unknownKey(event.keyId);
      warn(event);
    },
  };
}

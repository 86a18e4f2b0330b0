// One Redis connection per replica, shared by the upstream cache and the fleet rate limit. Its
// options are chosen so that Redis trouble costs a request at most one short timeout and never
// a queue: no offline queue (a command while disconnected fails at once), one bounded command
// timeout, and reconnection forever in the background with a capped backoff.
import { Redis } from 'ioredis';

export interface RedisConnectionOptions {
  /** `redis://` or `rediss://` (TLS), with user, password and database as usual. */
  readonly url: string;
  /** The longest one command may take before it counts as failed (and the cache is skipped). */
  readonly commandTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** Told once per change between usable and not, for one log line each way. */
  readonly onStateChange: (state: 'ready' | 'unavailable', detail: string) => void;
}

/** The URL as it may appear in logs: the password (and a user name) replaced by `***`. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    if (parsed.username !== '' && parsed.username !== 'default') parsed.username = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable Redis URL)';
  }
}

const MAX_RECONNECT_DELAY_MS = 5_000;

export function connectRedis(options: RedisConnectionOptions): Redis {
  const redis = new Redis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.connectTimeoutMs,
    // Never give up: Redis coming back must heal the replica without a restart.
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 6), MAX_RECONNECT_DELAY_MS),
    // The cache may be flushed or failed over: reconnect on READONLY as on any error.
    reconnectOnError: (error) => error.message.startsWith('READONLY'),
    lazyConnect: false,
  });
  let state: 'ready' | 'unavailable' | undefined;
  const change = (next: 'ready' | 'unavailable', detail: string): void => {
    if (state === next) return;
    // The first "unavailable" before Redis was ever ready is still worth a line.
    state = next;
    options.onStateChange(next, detail);
  };
  redis.on('ready', () => {
    change('ready', `connected to ${redactRedisUrl(options.url)}`);
  });
  redis.on('error', (error: Error) => {
    change('unavailable', error.message);
  });
  redis.on('end', () => {
    change('unavailable', 'connection closed');
  });
  return redis;
}

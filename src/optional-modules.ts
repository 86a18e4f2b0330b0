// Modules only some settings use, loaded only for them: OpenTelemetry with its OTLP exporter
// (GATEWAY_TRACING) and ioredis (GATEWAY_REDIS_URL). Imported up front, each cost every gateway
// about 2 MB of heap and its code, for nothing when it is off (README › Performance). Loaded
// here, before createGateway opens anything, so a failed import leaves nothing open. The auth
// modes' modules load in src/auth/index.ts instead, inside the step that releases the AWS clients
// if it fails.
import type * as RedisConnection from './cache/redis-connection.js';
import type { GatewayConfig } from './config/index.js';
import type * as Tracing from './observability/tracing.js';

export interface OptionalModules {
  readonly tracing: typeof Tracing | undefined;
  readonly redisConnection: typeof RedisConnection | undefined;
}

export async function loadOptionalModules(
  config: Pick<GatewayConfig, 'observability' | 'redis'>,
): Promise<OptionalModules> {
  const [tracing, redisConnection] = await Promise.all([
    config.observability.tracing ? import('./observability/tracing.js') : undefined,
    config.redis.url === undefined ? undefined : import('./cache/redis-connection.js'),
  ]);
  return { tracing, redisConnection };
}

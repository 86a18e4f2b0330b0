// The gateway for `npm run bench`, in its own process, in front of the emulator whose URL and
// credentials arrive in BENCH_UPSTREAM (JSON). Prints one JSON line with its URL, then serves.
import { loadConfig, withLocalUpstream } from '../src/config/index.js';
import { createGateway } from '../src/server.js';

const upstream = JSON.parse(process.env['BENCH_UPSTREAM'] ?? '') as {
  url: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  identityProvider: { issuer: string; jwksUrl: string; clientId: string };
};
// BENCH_AUTH=gateway: callers' JWTs are verified against the emulator's user pool JWKS.
const jwtAuth = process.env['BENCH_AUTH'] === 'gateway';
// BENCH_CACHE=memory|redis (with BENCH_REDIS_URL): the upstream cache on; off otherwise, so the
// uncached scenarios measure a call per request.
const cache = process.env['BENCH_CACHE'] ?? 'off';
const redisUrl = process.env['BENCH_REDIS_URL'];

const config = withLocalUpstream(
  loadConfig({
    GATEWAY_DEMO: 'false',
    GATEWAY_SHUTDOWN_DRAIN_MS: '0',
    AWS_REGION: 'us-east-1',
    HOST: '127.0.0.1',
    PORT: '0',
    GATEWAY_CURSOR_SECRET: 'bench-cursor-secret-0123456789abcdef0123456789',
    LOG_LEVEL: 'silent',
    GATEWAY_CACHE: cache,
    ...(redisUrl === undefined ? {} : { GATEWAY_REDIS_URL: redisUrl }),
    ...(jwtAuth
      ? {
          GATEWAY_AUTH_MODE: 'gateway',
          GATEWAY_JWT_JWKS_URL: upstream.identityProvider.jwksUrl,
          GATEWAY_JWT_ISSUER: upstream.identityProvider.issuer,
          GATEWAY_JWT_AUDIENCE: upstream.identityProvider.clientId,
        }
      : { GATEWAY_AUTH_MODE: 'none' }),
  }),
  { endpoint: upstream.url, credentials: upstream.credentials },
);
const gateway = await createGateway(config);
const { url } = await gateway.listen();
process.stdout.write(`${JSON.stringify({ url })}\n`);

const stop = (): void => {
  void gateway.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

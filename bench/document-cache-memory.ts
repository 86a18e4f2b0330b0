// `npm run bench:memory` (node --expose-gc --import tsx bench/document-cache-memory.ts): how much
// heap anonymous requests can pin through the gateway's document caches. The gateway (identity
// mode, as in production) and the emulator run in this process; for each kind of heavy document
// (bench/heavy-documents.ts) MEMORY_DOCUMENTS distinct ones are sent without a token, then a full
// GC runs and heapUsed is sampled. A debugging aid, not a test: it prints figures and asserts
// nothing (the bound itself is tested by test/integration/gateway-memory.test.ts).
//
// Settings (environment): MEMORY_DOCUMENTS (default 1,100 per kind), MEMORY_CONCURRENCY (8), and
// any GATEWAY_* setting (e.g. GATEWAY_DOCUMENT_CACHE_BYTES).
import { loadConfig, withLocalUpstream } from '../src/config/index.js';
import { startEmulator } from '../src/emulator/index.js';
import { createGateway } from '../src/server.js';
import { HEAVY_KINDS, heavyDocument, type HeavyKind } from './heavy-documents.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const MB = 1024 * 1024;
const DOCUMENTS = Number(process.env['MEMORY_DOCUMENTS'] ?? 1_100);
const CONCURRENCY = Number(process.env['MEMORY_CONCURRENCY'] ?? 8);

const collect = (globalThis as { gc?: () => void }).gc;
if (collect === undefined) {
  console.error('Run with node --expose-gc (npm run bench:memory).');
  process.exit(2);
}

function heapAfterGc(): number {
  // Twice: the first pass may only queue weak callbacks and finalizers.
  collect?.();
  collect?.();
  return process.memoryUsage().heapUsed;
}

const gatewayEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => name.startsWith('GATEWAY_')),
);
const emulator = await startEmulator({ faults: [] });
const config = withLocalUpstream(
  loadConfig({
    GATEWAY_DEMO: 'false',
    GATEWAY_SHUTDOWN_DRAIN_MS: '0',
    AWS_REGION: 'us-east-1',
    HOST: '127.0.0.1',
    PORT: '0',
    GATEWAY_CURSOR_SECRET: 'memory-bench-cursor-secret-0123456789abcdef',
    LOG_LEVEL: 'silent',
    GATEWAY_AUTH_MODE: 'identity',
    GATEWAY_IDENTITY_POOL_ID: 'us-east-1:00000000-0000-0000-0000-000000000000',
    GATEWAY_IDENTITY_LOGIN_PROVIDER: emulator.identityProvider.loginProvider,
    GATEWAY_IDENTITY_JWKS_URL: emulator.identityProvider.jwksUrl,
    ...gatewayEnv,
  }),
  { endpoint: emulator.url, credentials: emulator.credentials },
);
const gateway = await createGateway(config);
const { url } = await gateway.listen();

async function send(query: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return `${response.status} ${body.errors?.[0]?.extensions?.code ?? 'ok'}`;
}

async function sendAll(kind: HeavyKind, offset: number): Promise<Map<string, number>> {
  const answers = new Map<string, number>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < DOCUMENTS) {
      const n = offset + next++;
      const answer = await send(heavyDocument(kind, n, config.limits.maxTokens));
      answers.set(answer, (answers.get(answer) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return answers;
}

const show = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;
// Warm-up: one of each kind, so JIT code and lazily built schema parts are not counted.
for (const kind of HEAVY_KINDS) await send(heavyDocument(kind, -1, config.limits.maxTokens));
const baseline = heapAfterGc();
console.log(`${DOCUMENTS} distinct documents of each kind, ${CONCURRENCY} at a time, no token`);
console.log(`heap after GC at start: ${show(baseline)}`);
let previous = baseline;
for (const [index, kind] of HEAVY_KINDS.entries()) {
  const answers = await sendAll(kind, index * DOCUMENTS);
  const heap = heapAfterGc();
  const grew = heap - previous;
  console.log(
    `${kind.padEnd(12)} +${show(grew).padStart(9)}  (${(grew / DOCUMENTS / 1024).toFixed(0)} KB per document; answers: ${[
      ...answers,
    ]
      .map(([answer, count]) => `${count}× ${answer}`)
      .join(', ')})`,
  );
  previous = heap;
}
console.log(`heap after GC at end: ${show(previous)} (+${show(previous - baseline)})`);
await gateway.close();
await emulator.close();

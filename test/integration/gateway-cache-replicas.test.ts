// Replicas that share one Redis act as one gateway: two gateway processes over one emulator and
// one Redis. A page fetched by one is served by the other, a cursor minted on one continues
// exactly on the other, Redis stopping under load loses no request, and a fleet-wide rate limit
// holds across both, as the emulator counts the calls that reach it.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { eventually } from '../helpers/eventually.js';
import {
  replicaEnv,
  startGatewayProcess,
  type GatewayProcess,
} from '../helpers/gateway-process.js';
import { startOwnRedis, type OwnRedis } from '../helpers/redis.js';

const PAGE = /* GraphQL */ `
  query Page($after: String) {
    personalizeDatasets(first: 2, after: $after) {
      edges {
        cursor
        node {
          name
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`;

interface Page {
  readonly edges: readonly { readonly cursor: string; readonly node: { readonly name: string } }[];
  readonly pageInfo: { readonly hasNextPage: boolean };
}

interface Answer {
  readonly status: number;
  readonly cacheStatus: string | null;
  readonly data: { readonly personalizeDatasets: Page | null } | undefined;
  readonly errors: readonly unknown[] | undefined;
}

async function ask(
  replica: GatewayProcess,
  after: string | null = null,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(replica.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query: PAGE, variables: { after } }),
  });
  const body = (await response.json()) as Pick<Answer, 'data' | 'errors'>;
  return {
    status: response.status,
    cacheStatus: response.headers.get('x-gateway-cache'),
    data: body.data,
    errors: body.errors,
  };
}

function pageOf(answer: Answer): Page {
  const page = answer.data?.personalizeDatasets;
  if (page == null) throw new Error(`no page: ${JSON.stringify(answer.errors)}`);
  return page;
}

/** The names of the whole listing, page by page, each page asked of `replicaFor(n)`. */
async function walk(
  replicaFor: (n: number) => GatewayProcess,
  headers: Record<string, string> = {},
): Promise<string[]> {
  const names: string[] = [];
  let after: string | null = null;
  for (let n = 0; n < 50; n++) {
    const page = pageOf(await ask(replicaFor(n), after, headers));
    names.push(...page.edges.map((edge) => edge.node.name));
    if (!page.pageInfo.hasNextPage) return names;
    after = page.edges.at(-1)?.cursor ?? null;
  }
  throw new Error('the listing did not end within 50 pages');
}

let emulator: RunningEmulator;
let redis: OwnRedis;
let inspector: Redis;
const replicas: GatewayProcess[] = [];

function personalizeCalls(): number {
  return emulator.requests.count({ service: 'personalize' });
}

beforeAll(async () => {
  [emulator, redis] = await Promise.all([startEmulator(), startOwnRedis()]);
  inspector = new Redis(redis.url, { lazyConnect: true });
  // Redis is stopped on purpose below: the inspector reconnects by itself.
  inspector.on('error', () => undefined);
  await inspector.connect();
});

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  inspector.disconnect();
  await Promise.all([emulator.close(), redis.stop()]);
});

describe('two replicas sharing a Redis cache', () => {
  let a: GatewayProcess;
  let b: GatewayProcess;
  beforeAll(async () => {
    const env = {
      ...replicaEnv(emulator),
      GATEWAY_CACHE: 'redis',
      GATEWAY_REDIS_URL: redis.url,
      GATEWAY_CACHE_TTL_MS: '60000',
    };
    [a, b] = await Promise.all([startGatewayProcess(env), startGatewayProcess(env)]);
    replicas.push(a, b);
  });
  beforeEach(async () => {
    await inspector.flushall();
    emulator.requests.clear();
  });

  it('serves from B the page A fetched: one upstream call for both', async () => {
    const fromA = await ask(a);
    // A stores its answer after answering; B asks once it is in Redis.
    await eventually('the page in Redis', async () => (await inspector.dbsize()) > 0);
    const fromB = await ask(b);
    expect(fromA.cacheStatus).toBe('miss');
    expect(fromB.cacheStatus).toBe('hit');
    expect(pageOf(fromB)).toEqual(pageOf(fromA));
    expect(personalizeCalls()).toBe(1);
    // Keys name the service and operation, never who asked or the credentials.
    const keys = await inspector.keys('*');
    expect(keys.every((key) => key.startsWith('dg:up:v1:personalize:ListDatasets:'))).toBe(true);
    expect(keys.join()).not.toContain(emulator.credentials.accessKeyId);
  });

  it("continues A's cursors exactly on B, over cached pages, as one replica does uncached", async () => {
    const uncached = await walk(() => a, { 'cache-control': 'no-cache' });
    await inspector.flushall();
    const alternating = await walk((n) => (n % 2 === 0 ? a : b));
    const again = await walk((n) => (n % 2 === 0 ? b : a));
    expect(uncached.length).toBeGreaterThan(4);
    expect(alternating).toEqual(uncached);
    expect(again).toEqual(uncached);
  });

  it('loses no request when Redis stops under load, and uses it again once it is back', async () => {
    const answers: Answer[] = [];
    let stopped = false;
    const client = async (replica: GatewayProcess): Promise<void> => {
      for (let i = 0; i < 40; i++) {
        answers.push(await ask(replica, null, i % 3 === 0 ? { 'cache-control': 'no-cache' } : {}));
        if (answers.length >= 60 && !stopped) {
          stopped = true;
          await redis.stop();
        }
      }
    };
    await Promise.all([client(a), client(b), client(a), client(b)]);
    expect(stopped).toBe(true);
    expect(answers).toHaveLength(160);
    expect(
      answers.filter((answer) => answer.status !== 200 || answer.errors !== undefined),
    ).toEqual([]);
    await redis.start();
    await eventually(
      'a hit from Redis after it came back',
      async () => (await ask(a)).cacheStatus === 'hit',
      20_000,
    );
  });
});

describe('a fleet-wide rate limit', () => {
  it('keeps two replicas together at 5 Personalize calls per second, and every request answers', async () => {
    const env = {
      ...replicaEnv(emulator),
      GATEWAY_CACHE: 'off',
      GATEWAY_REDIS_URL: redis.url,
      GATEWAY_UPSTREAM_RATE_LIMITS: 'personalize=5',
    };
    const [c, d] = await Promise.all([startGatewayProcess(env), startGatewayProcess(env)]);
    replicas.push(c, d);
    emulator.requests.clear();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => ask(i % 2 === 0 ? c : d)),
    );
    expect(answers.filter((answer) => answer.errors !== undefined)).toEqual([]);
    const starts = emulator.requests
      .entries({ service: 'personalize' })
      .map((entry) => entry.startedAt)
      .sort((x, y) => x - y);
    expect(starts).toHaveLength(30);
    // Fixed one-second windows of 5, so 30 calls span six windows: at least five seconds from
    // the first start to the last. The emulator stamps a call when it arrives, which on a loaded
    // machine can lag its grant by hundreds of milliseconds, so the bounds leave one window of
    // slack: any second holds at most three windows' calls and the whole run spans over four
    // seconds. Without the limit all 30 start within a few milliseconds.
    const mostWithin = (ms: number): number =>
      Math.max(...starts.map((start) => starts.filter((t) => t >= start && t < start + ms).length));
    expect(mostWithin(1_000)).toBeLessThanOrEqual(15);
    expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThanOrEqual(4_000);
  });
});

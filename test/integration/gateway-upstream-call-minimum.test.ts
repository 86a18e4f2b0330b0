// Acceptance (issue 13): pages that must walk the listing make no upstream call they could do
// without, counted in the emulator's request log: a backward page reads `before`'s page once, and
// a totalCount that cannot finish within the walk cap gives up before reading a page when the
// request's own positions already show it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { listCalls } from '../helpers/gateway-oracle.js';
import { personalizeListingSeed } from '../helpers/gateway-seeds.js';
import { startStack, type Stack } from '../helpers/stack.js';

const PAGE = 5;
const COUNT = 40; // eight upstream pages of five
const MAX_WALK_PAGES = 6;

interface Page {
  readonly edges: readonly { readonly cursor: string; readonly node: { readonly name: string } }[];
  readonly pageInfo: { readonly endCursor: string | null };
  readonly totalCount?: number | null;
}

let stack: Stack;
let names: string[];
let cursors: string[];

async function page(args: string, variables: Record<string, unknown>, extra = ''): Promise<Page> {
  const params = Object.keys(variables).map((name) => `$${name}: String`);
  const response = await stack.graphql<{ personalizeDatasets: Page }>(
    `query ${params.length === 0 ? '' : `(${params.join(', ')})`} {
      personalizeDatasets(${args}) { edges { cursor node { name } } pageInfo { endCursor } ${extra} }
    }`,
    variables,
  );
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  const connection = response.body.data?.personalizeDatasets;
  if (connection === undefined) throw new Error('no connection');
  return connection;
}

/** The cursor of item #`index` (0-based). */
function cursorOf(index: number): string {
  const cursor = cursors[index];
  if (cursor === undefined) throw new Error(`no item #${String(index)}`);
  return cursor;
}

beforeAll(async () => {
  stack = await startStack({
    seed: personalizeListingSeed(COUNT),
    env: {
      GATEWAY_PERSONALIZE_PAGE_SIZE: String(PAGE),
      GATEWAY_MAX_WALK_PAGES: String(MAX_WALK_PAGES),
    },
  });
  // Read in pages of 20, each within the walk cap.
  const edges: Page['edges'][number][] = [];
  for (let after: string | null = null; edges.length < COUNT;) {
    const read: Page = await page('first: 20, after: $after', { after });
    edges.push(...read.edges);
    after = read.pageInfo.endCursor;
  }
  names = edges.map((edge) => edge.node.name);
  cursors = edges.map((edge) => edge.cursor);
  expect(new Set(names).size).toBe(COUNT);
});

beforeEach(() => {
  stack.emulator.requests.clear();
});

afterAll(async () => {
  await stack.close();
});

describe('a backward page', () => {
  it('reads the pages up to `before` once each: last 2 before #20 is five calls, not six', async () => {
    const before = cursorOf(20);
    const read = await page('last: 2, before: $before', { before });
    expect(read.edges.map((edge) => edge.node.name)).toEqual(names.slice(18, 20));
    // Pages 0-3 hold #0-#19, page 4 starts with #20.
    expect(listCalls(stack.emulator, 'personalize')).toBe(20 / PAGE + 1);
  });

  it('still answers from `before`’s own page alone when it holds enough items', async () => {
    const before = cursorOf(23);
    const read = await page('last: 2, before: $before', { before });
    expect(read.edges.map((edge) => edge.node.name)).toEqual(names.slice(21, 23));
    expect(listCalls(stack.emulator, 'personalize')).toBe(1);
  });
});

describe('totalCount beyond the walk cap', () => {
  it('is null without a count walk when the page read already lies beyond the cap', async () => {
    const after = cursorOf(PAGE * MAX_WALK_PAGES + 1);
    const read = await page('first: 2, after: $after', { after }, 'totalCount');
    expect(read.totalCount).toBeNull();
    expect(read.edges.map((edge) => edge.node.name)).toEqual(
      names.slice(PAGE * MAX_WALK_PAGES + 2, PAGE * MAX_WALK_PAGES + 4),
    );
    // The page of the `after` item, which also holds the two edges and the lookahead item;
    // nothing for the count.
    expect(listCalls(stack.emulator, 'personalize')).toBe(1);
  });

  it('reads no more than the cap when only the count itself can tell', async () => {
    const read = await page('first: 2', {}, 'totalCount');
    expect(read.totalCount).toBeNull();
    expect(listCalls(stack.emulator, 'personalize')).toBe(MAX_WALK_PAGES);
  });
});

describe('totalCount beyond the walk cap, with the upstream cache on (the default)', () => {
  let cached: Stack;

  beforeAll(async () => {
    cached = await startStack({
      seed: personalizeListingSeed(COUNT),
      env: {
        GATEWAY_CACHE: 'memory',
        GATEWAY_PERSONALIZE_PAGE_SIZE: String(PAGE),
        GATEWAY_MAX_WALK_PAGES: String(MAX_WALK_PAGES),
      },
    });
  });

  afterAll(async () => {
    await cached.close();
  });

  it('counts once: the same count asked again within the TTL reads no page', async () => {
    const ask = () =>
      cached.graphql<{ personalizeDatasets: { totalCount: number | null } }>(
        '{ personalizeDatasets(first: 2) { totalCount } }',
      );
    const first = await ask();
    expect(first.body.data?.personalizeDatasets.totalCount).toBeNull();
    expect(listCalls(cached.emulator, 'personalize')).toBe(MAX_WALK_PAGES);
    cached.emulator.requests.clear();
    const again = await ask();
    expect(again.body.data?.personalizeDatasets.totalCount).toBeNull();
    expect(listCalls(cached.emulator, 'personalize')).toBe(0);
  });
});

// Shared by the client recipe tests (test/integration/clients-*.test.ts): the demo data they page
// through, the listings the AWS SDK reads for it straight from the emulator (the oracle), and what
// a client cache that merges pages correctly must hold after each page.
import { afterEach, beforeEach, expect, vi, type MockInstance } from 'vitest';

import { loadSeed } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { personalizeClient } from './emulator.js';
import { sdkCognitoNames, sdkPersonalizeArns } from './gateway-oracle.js';
import { datasetGroupArns, walkDatasetGroups } from './personalize.js';

/** Small, so both demo connections take several pages. */
export const PAGE_SIZE = 3;

export interface DemoIdentity {
  readonly identityPoolId: string;
  readonly identityId: string;
}

/** The demo identities, busiest first (ties in seed order), with their dataset counts. */
async function demoIdentitiesByDatasets(): Promise<
  (DemoIdentity & { readonly datasets: number })[]
> {
  const seed = await loadSeed();
  const identities = (seed.cognitoSync?.identityPools ?? []).flatMap((pool) =>
    pool.identities.map((identity) => ({
      identityPoolId: pool.identityPoolId,
      identityId: identity.identityId,
      datasets: identity.datasets.length,
    })),
  );
  // A stable sort: of equally busy identities the first stays first, as in demoIdentity
  // (src/graphiql/demo.ts).
  return identities.sort((a, b) => b.datasets - a.datasets);
}

/** Both connections' listings of the demo data, read with the AWS SDK from the emulator. */
export interface DemoListings {
  /**
   * The demo identity with the most datasets: the one GraphiQL opens with in demo mode (the same
   * choice as demoIdentity in src/graphiql/demo.ts).
   */
  readonly identity: DemoIdentity;
  /** cognitoDatasets of `identity`: dataset names, in upstream order. */
  readonly cognitoNames: readonly string[];
  /** The next busiest identity, for checking that a cache keeps two identities apart. */
  readonly otherIdentity: DemoIdentity;
  readonly otherCognitoNames: readonly string[];
  /** personalizeDatasets of all groups: dataset ARNs, in upstream order. */
  readonly personalizeArns: readonly string[];
  /** A dataset group with datasets, for checking that a cache keeps it apart from "all". */
  readonly datasetGroupArn: string;
  readonly groupPersonalizeArns: readonly string[];
}

export async function demoListings(emulator: RunningEmulator): Promise<DemoListings> {
  const [busiest, next] = await demoIdentitiesByDatasets();
  if (busiest === undefined || next === undefined || next.datasets === 0) {
    throw new Error('the demo seed needs two identities with datasets');
  }
  const identity = { identityPoolId: busiest.identityPoolId, identityId: busiest.identityId };
  const otherIdentity = { identityPoolId: next.identityPoolId, identityId: next.identityId };
  const personalizeArns = await sdkPersonalizeArns(emulator);
  const listings: DemoListings = {
    identity,
    cognitoNames: await sdkCognitoNames(emulator, identity.identityPoolId, identity.identityId),
    otherIdentity,
    otherCognitoNames: await sdkCognitoNames(
      emulator,
      otherIdentity.identityPoolId,
      otherIdentity.identityId,
    ),
    personalizeArns,
    ...(await firstGroupWithDatasets(emulator)),
  };
  // The walks prove something only if they take several pages.
  expect(listings.cognitoNames.length).toBeGreaterThan(2 * PAGE_SIZE);
  expect(listings.personalizeArns.length).toBeGreaterThan(2 * PAGE_SIZE);
  expect(listings.groupPersonalizeArns.length).toBeLessThan(personalizeArns.length);
  return listings;
}

async function firstGroupWithDatasets(
  emulator: RunningEmulator,
): Promise<{ readonly datasetGroupArn: string; readonly groupPersonalizeArns: string[] }> {
  const client = personalizeClient(emulator);
  try {
    const groups = datasetGroupArns((await walkDatasetGroups(client, 100)).items);
    for (const datasetGroupArn of groups) {
      const groupPersonalizeArns = await sdkPersonalizeArns(emulator, datasetGroupArn);
      if (groupPersonalizeArns.length > 0) return { datasetGroupArn, groupPersonalizeArns };
    }
  } finally {
    client.destroy();
  }
  throw new Error('the demo seed has no dataset group with datasets');
}

/** A walk through one connection with a client, checked against its listing. */
export interface Walk {
  /** How many items the client's cache held for the connection after each page. */
  readonly sizes: readonly number[];
  /** The items it held after the last page, by key (dataset name or ARN). */
  readonly keys: readonly string[];
  /** The items the cache holds for the walked query now (read again, after other walks). */
  cached(): readonly string[];
}

/** Bounds a walk whose connection would never say it has reached the end. */
export const MAX_PAGES = 100;

/**
 * How many items a correctly merged connection holds after each page of a walk over `total`
 * items: PAGE_SIZE more each time, then the rest. A cache that drops, repeats or de-duplicates
 * items shows other numbers even when its final list happens to match.
 */
export function mergedSizesAfterEachPage(total: number): number[] {
  const pages = Math.ceil(total / PAGE_SIZE);
  return Array.from({ length: pages }, (_, index) => Math.min((index + 1) * PAGE_SIZE, total));
}

/**
 * Fails each test of the file in which the client library wrote a warning or an error to the
 * console: that is how Relay reports a page it could not merge, graphcache a type it cannot key
 * and Apollo a field it cannot merge safely. The output still reaches the console.
 */
export function failOnConsoleWarnings(): void {
  let spies: readonly MockInstance[] = [];
  beforeEach(() => {
    spies = [vi.spyOn(console, 'warn'), vi.spyOn(console, 'error')];
  });
  afterEach(() => {
    try {
      for (const spy of spies) expect(spy.mock.calls).toEqual([]);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
}

/**
 * Records the method and URL of every request the test sends with the global fetch, which the
 * client libraries use by default. A spy, not a mock: each request still goes out as it was.
 */
export function recordFetches(): { requests(): readonly { method: string; url: URL }[] } {
  let spy: MockInstance<typeof fetch> | undefined;
  beforeEach(() => {
    spy = vi.spyOn(globalThis, 'fetch');
  });
  afterEach(() => {
    spy?.mockRestore();
  });
  return {
    requests: () =>
      (spy?.mock.calls ?? []).map(([input, init]) => {
        const request = input instanceof Request ? input : undefined;
        return {
          method: (init?.method ?? request?.method ?? 'GET').toUpperCase(),
          url: request === undefined ? new URL(input as string | URL) : new URL(request.url),
        };
      }),
  };
}

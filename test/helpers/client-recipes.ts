// Shared by the client recipe tests (test/integration/clients-*.test.ts): the demo data they page
// through, the listings the AWS SDK reads for it straight from the emulator (the oracle), and what
// a client cache that merges pages correctly must hold after each page.
import { afterEach, beforeEach, expect, vi, type MockInstance } from 'vitest';

import { loadSeed } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/types.js';
import { sdkCognitoNames, sdkPersonalizeArns } from './gateway-oracle.js';

/** Small, so both demo connections take several pages. */
export const PAGE_SIZE = 3;

export interface DemoIdentity {
  readonly identityPoolId: string;
  readonly identityId: string;
}

/**
 * The demo identity with the most datasets: the one GraphiQL opens with in demo mode (the same
 * choice as demoVariables in src/main.ts, the first of the busiest).
 */
export async function busiestDemoIdentity(): Promise<DemoIdentity> {
  const seed = await loadSeed();
  let busiest: (DemoIdentity & { readonly datasets: number }) | undefined;
  for (const pool of seed.cognitoSync?.identityPools ?? []) {
    for (const identity of pool.identities) {
      if (busiest === undefined || identity.datasets.length > busiest.datasets) {
        busiest = {
          identityPoolId: pool.identityPoolId,
          identityId: identity.identityId,
          datasets: identity.datasets.length,
        };
      }
    }
  }
  if (busiest === undefined) throw new Error('the demo seed has no Cognito identity');
  return { identityPoolId: busiest.identityPoolId, identityId: busiest.identityId };
}

/** Both listings of the demo data, read with the AWS SDK from the emulator, in upstream order. */
export interface DemoListings {
  readonly identity: DemoIdentity;
  /** cognitoDatasets of the identity: dataset names. */
  readonly cognitoNames: readonly string[];
  /** personalizeDatasets of all groups: dataset ARNs. */
  readonly personalizeArns: readonly string[];
}

export async function demoListings(emulator: RunningEmulator): Promise<DemoListings> {
  const identity = await busiestDemoIdentity();
  const listings = {
    identity,
    cognitoNames: await sdkCognitoNames(emulator, identity.identityPoolId, identity.identityId),
    personalizeArns: await sdkPersonalizeArns(emulator),
  };
  // The walks below prove something only if they take several pages.
  expect(listings.cognitoNames.length).toBeGreaterThan(2 * PAGE_SIZE);
  expect(listings.personalizeArns.length).toBeGreaterThan(2 * PAGE_SIZE);
  return listings;
}

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

// Property: with upstream pages that AWS may answer empty yet with a next token, a client walking
// forward still sees every item exactly once, in the order the AWS SDK returns them, and
// hasNextPage is false on the last page only. fast-check draws the listing size, the gateway's
// upstream page size, the client's sequence of `first` and the fault seed; each run gets its own
// stack because the upstream page size is gateway configuration.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { FaultRule, Seed } from '../../src/emulator/index.js';
import { sdkCognitoNames, sdkPersonalizeArns } from '../helpers/gateway-oracle.js';
import {
  cognitoListingSeed,
  gwCognitoId,
  mergeSeeds,
  personalizeListingSeed,
} from '../helpers/gateway-seeds.js';
import {
  cognitoListing,
  personalizeListing,
  walkForward,
  type Listing,
} from '../helpers/gateway-walk.js';
import { startStack, type Stack } from '../helpers/stack.js';

const POOL = gwCognitoId(0xe1);
const IDENTITY = gwCognitoId(0xe101);
const EMPTY_PAGE_RATE = 0.3;
const NUM_RUNS = 15;

interface Scenario {
  readonly size: number;
  readonly upstreamPageSize: number;
  readonly firsts: readonly number[];
  readonly faultSeed: number;
}

function scenario(maxSize: number): fc.Arbitrary<Scenario> {
  return fc.record({
    size: fc.integer({ min: 0, max: maxSize }),
    upstreamPageSize: fc.integer({ min: 1, max: 7 }),
    firsts: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }),
    faultSeed: fc.nat(),
  });
}

interface Service {
  readonly name: 'cognito-sync' | 'personalize';
  readonly maxSize: number;
  readonly pageSizeVariable: string;
  seed(size: number): Seed;
  oracle(stack: Stack): Promise<string[]>;
  listing(stack: Stack): Listing<unknown>;
}

const SERVICES: readonly Service[] = [
  {
    name: 'cognito-sync',
    maxSize: 45,
    pageSizeVariable: 'GATEWAY_COGNITO_PAGE_SIZE',
    seed: (size) => cognitoListingSeed(POOL, [{ identityId: IDENTITY, datasetCount: size }]),
    oracle: (stack) => sdkCognitoNames(stack.emulator, POOL, IDENTITY),
    listing: (stack) => cognitoListing(stack, POOL, IDENTITY),
  },
  {
    name: 'personalize',
    // The account-wide listing: groups of five datasets each.
    maxSize: 32,
    pageSizeVariable: 'GATEWAY_PERSONALIZE_PAGE_SIZE',
    seed: (size) => mergeSeeds({}, personalizeListingSeed(size)),
    oracle: (stack) => sdkPersonalizeArns(stack.emulator),
    listing: (stack) => personalizeListing(stack),
  },
];

describe.each(SERVICES)('$name behind the gateway, with empty upstream pages', (service) => {
  it('shows every dataset exactly once, in upstream order, for any listing size, upstream page size and sequence of first', async () => {
    let emptyPagesServed = 0;
    await fc.assert(
      fc.asyncProperty(
        scenario(service.maxSize),
        async ({ size, upstreamPageSize, firsts, faultSeed }) => {
          const stack = await startStack({
            seed: service.seed(size),
            env: { [service.pageSizeVariable]: String(upstreamPageSize) },
            emulator: { faultSeed },
          });
          try {
            // The oracle is read before any fault is injected.
            const expected = await service.oracle(stack);
            expect(expected).toHaveLength(size);
            const rule: FaultRule = {
              service: service.name,
              operation: 'ListDatasets',
              emptyPageRate: EMPTY_PAGE_RATE,
            };
            stack.emulator.faults.set([rule]);
            stack.emulator.requests.clear();

            const listing = service.listing(stack);
            const walk = await walkForward(listing, (page) => firsts[page % firsts.length] ?? 1);

            expect(walk.keys).toEqual(expected);
            // walkForward stops at the first hasNextPage false; no page before it came back empty,
            // so the gateway never claimed a next page that turned out to hold nothing.
            if (size > 0) expect(walk.pages.every((page) => page.edges.length > 0)).toBe(true);
            emptyPagesServed += stack.emulator.requests
              .entries({ service: service.name, operation: 'ListDatasets' })
              .filter((entry) => entry.fault === 'empty-page').length;
          } finally {
            await stack.close();
          }
        },
      ),
      { numRuns: NUM_RUNS },
    );
    // The property must have met the fault it is about.
    expect(emptyPagesServed).toBeGreaterThan(0);
  });
});

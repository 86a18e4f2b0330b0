// The Relay recipe (examples/clients/relay) against the gateway over HTTP: the compiled fragments
// page through both connections with the real relay-runtime (Environment, Store, the @connection
// handler), forward with loadNext's calls and backward with loadPrevious's, and the list the
// fragment reads from the store must be the listing the AWS SDK reads from the emulator.
import type { Direction, Environment, OperationType, ReaderFragment } from 'relay-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  cognitoDatasetsFragment,
  cognitoDatasetsQuery,
  personalizeDatasetsFragment,
  personalizeDatasetsQuery,
  type CognitoDatasetsFragmentKey,
  type CognitoDatasetsQuery,
  type PersonalizeDatasetsFragmentKey,
  type PersonalizeDatasetsQuery,
} from '../../examples/clients/relay/artifacts.js';
import { createEnvironment } from '../../examples/clients/relay/environment.js';
import {
  loadMore,
  loadQuery,
  readFragment,
  type FragmentKey,
  type LoadedQuery,
} from '../../examples/clients/relay/pagination.js';
import {
  demoListings,
  failOnConsoleWarnings,
  MAX_PAGES,
  mergedSizesAfterEachPage,
  PAGE_SIZE,
  recordFetches,
  type DemoIdentity,
  type DemoListings,
  type Walk,
} from '../helpers/client-recipes.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
let listings: DemoListings;

beforeAll(async () => {
  stack = await startStack();
  listings = await demoListings(stack.emulator);
});

afterAll(async () => {
  await stack.close();
});

// Relay reports a page it could not merge (e.g. an unexpected cursor) as a console warning.
failOnConsoleWarnings();
const fetches = recordFetches();

/** One connection as the recipe pages it: its root query, its fragment and what to compare. */
interface RelayListing<TQuery extends OperationType, TKey extends FragmentKey> {
  readonly query: Parameters<typeof loadQuery>[1];
  readonly fragment: ReaderFragment;
  /** The root query's variables: the listing's filters and the page size (first or last). */
  readonly variables: TQuery['variables'];
  keyOf(loaded: LoadedQuery<TQuery>): TKey;
  keysOf(environment: Environment, key: TKey): string[];
}

function firstOrLast(direction: Direction): { first: number } | { last: number } {
  return direction === 'forward' ? { first: PAGE_SIZE } : { last: PAGE_SIZE };
}

function cognitoListing(
  identity: DemoIdentity,
  direction: Direction,
): RelayListing<CognitoDatasetsQuery, CognitoDatasetsFragmentKey> {
  return {
    query: cognitoDatasetsQuery,
    fragment: cognitoDatasetsFragment,
    variables: { ...identity, ...firstOrLast(direction) },
    keyOf: (loaded) => loaded.data,
    keysOf: (environment, key) =>
      (readFragment(environment, cognitoDatasetsFragment, key).cognitoDatasets?.edges ?? []).map(
        (edge) => edge.node.datasetName,
      ),
  };
}

function personalizeListing(
  direction: Direction,
  datasetGroupArn?: string,
): RelayListing<PersonalizeDatasetsQuery, PersonalizeDatasetsFragmentKey> {
  return {
    query: personalizeDatasetsQuery,
    fragment: personalizeDatasetsFragment,
    variables: {
      ...firstOrLast(direction),
      ...(datasetGroupArn === undefined ? {} : { datasetGroupArn }),
    },
    keyOf: (loaded) => loaded.data,
    keysOf: (environment, key) =>
      (
        readFragment(environment, personalizeDatasetsFragment, key).personalizeDatasets?.edges ?? []
      ).map((edge) => edge.node.datasetArn),
  };
}

/**
 * Loads the root query, as a component mounting does, then calls loadNext (forward) or
 * loadPrevious (backward) until the connection says there is no more. The query stays retained,
 * as while the component is mounted; the environment goes away with the test.
 */
async function walk<TQuery extends OperationType, TKey extends FragmentKey>(
  environment: Environment,
  listing: RelayListing<TQuery, TKey>,
  direction: Direction,
): Promise<Walk> {
  const loaded = await loadQuery<TQuery>(environment, listing.query, listing.variables);
  const key = listing.keyOf(loaded);
  const sizes = [listing.keysOf(environment, key).length];
  while (await loadMore(environment, listing.fragment, key, direction, PAGE_SIZE)) {
    sizes.push(listing.keysOf(environment, key).length);
    if (sizes.length > MAX_PAGES) throw new Error('the walk did not end');
  }
  return {
    sizes,
    keys: listing.keysOf(environment, key),
    cached: () => listing.keysOf(environment, key),
  };
}

/** The recipe's network layer: one JSON POST per page. */
function expectOnePostPerPage(walked: Walk): void {
  expect(fetches.requests().map((request) => request.method)).toEqual(
    walked.sizes.map(() => 'POST'),
  );
}

let environment: Environment;
beforeEach(() => {
  environment = createEnvironment(stack.url);
});

describe('Relay recipe: @connection + @refetchable fragments over HTTP', () => {
  it.each(['forward', 'backward'] as const)(
    'cognitoDatasets %s in pages of 3: the store holds the whole listing, in order',
    async (direction) => {
      const result = await walk(
        environment,
        cognitoListing(listings.identity, direction),
        direction,
      );

      expect(result.keys).toEqual(listings.cognitoNames);
      expect(result.sizes).toEqual(mergedSizesAfterEachPage(listings.cognitoNames.length));
      expectOnePostPerPage(result);
    },
  );

  it.each(['forward', 'backward'] as const)(
    'personalizeDatasets %s in pages of 3: the store holds the whole listing, in order',
    async (direction) => {
      const result = await walk(environment, personalizeListing(direction), direction);

      expect(result.keys).toEqual(listings.personalizeArns);
      expect(result.sizes).toEqual(mergedSizesAfterEachPage(listings.personalizeArns.length));
      expectOnePostPerPage(result);
    },
  );

  it('keeps connections with other filter arguments apart in one store', async () => {
    const busiest = await walk(
      environment,
      cognitoListing(listings.identity, 'forward'),
      'forward',
    );
    const other = await walk(
      environment,
      cognitoListing(listings.otherIdentity, 'forward'),
      'forward',
    );
    const all = await walk(environment, personalizeListing('forward'), 'forward');
    const group = await walk(
      environment,
      personalizeListing('forward', listings.datasetGroupArn),
      'forward',
    );

    expect(busiest.cached()).toEqual(listings.cognitoNames);
    expect(other.cached()).toEqual(listings.otherCognitoNames);
    expect(all.cached()).toEqual(listings.personalizeArns);
    expect(group.cached()).toEqual(listings.groupPersonalizeArns);
  });
});

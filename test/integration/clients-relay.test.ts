// The Relay recipe (examples/clients/relay) against the gateway over HTTP: the compiled fragments
// page through both connections with the real relay-runtime (Environment, Store, the @connection
// handler), forward with loadNext's calls and backward with loadPrevious's, and the list the
// fragment reads from the store must be the listing the AWS SDK reads from the emulator.
import type { Direction, Environment, OperationType, ReaderFragment } from 'relay-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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
  mergedSizesAfterEachPage,
  PAGE_SIZE,
  type DemoListings,
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

interface Walk {
  /** How many items the fragment read from the store after each page. */
  readonly sizes: readonly number[];
  /** The items it read after the last page. */
  readonly keys: readonly string[];
}

const MAX_PAGES = 100;

/** One connection as the recipe pages it: its root query, its fragment and what to compare. */
interface RelayListing<TQuery extends OperationType, TKey extends FragmentKey> {
  readonly query: Parameters<typeof loadQuery>[1];
  readonly fragment: ReaderFragment;
  variables(direction: Direction): TQuery['variables'];
  keyOf(loaded: LoadedQuery<TQuery>): TKey;
  keysOf(environment: Environment, key: TKey): string[];
}

async function walk<TQuery extends OperationType, TKey extends FragmentKey>(
  listing: RelayListing<TQuery, TKey>,
  direction: Direction,
): Promise<Walk> {
  const environment = createEnvironment(stack.url);
  const loaded = await loadQuery<TQuery>(environment, listing.query, listing.variables(direction));
  try {
    const key = listing.keyOf(loaded);
    const sizes = [listing.keysOf(environment, key).length];
    while (await loadMore(environment, listing.fragment, key, direction, PAGE_SIZE)) {
      sizes.push(listing.keysOf(environment, key).length);
      if (sizes.length > MAX_PAGES) throw new Error('the walk did not end');
    }
    return { sizes, keys: listing.keysOf(environment, key) };
  } finally {
    loaded.dispose();
  }
}

function firstOrLast(direction: Direction): { first: number } | { last: number } {
  return direction === 'forward' ? { first: PAGE_SIZE } : { last: PAGE_SIZE };
}

const cognito: RelayListing<CognitoDatasetsQuery, CognitoDatasetsFragmentKey> = {
  query: cognitoDatasetsQuery,
  fragment: cognitoDatasetsFragment,
  variables: (direction) => ({ ...listings.identity, ...firstOrLast(direction) }),
  keyOf: (loaded) => loaded.data,
  keysOf: (environment, key) =>
    (readFragment(environment, cognitoDatasetsFragment, key).cognitoDatasets?.edges ?? []).map(
      (edge) => edge.node.datasetName,
    ),
};

const personalize: RelayListing<PersonalizeDatasetsQuery, PersonalizeDatasetsFragmentKey> = {
  query: personalizeDatasetsQuery,
  fragment: personalizeDatasetsFragment,
  variables: firstOrLast,
  keyOf: (loaded) => loaded.data,
  keysOf: (environment, key) =>
    (
      readFragment(environment, personalizeDatasetsFragment, key).personalizeDatasets?.edges ?? []
    ).map((edge) => edge.node.datasetArn),
};

describe('Relay recipe: @connection + @refetchable fragments over HTTP', () => {
  it.each(['forward', 'backward'] as const)(
    'cognitoDatasets %s in pages of 3: the store holds the whole listing, in order',
    async (direction) => {
      const result = await walk(cognito, direction);

      expect(result.keys).toEqual(listings.cognitoNames);
      expect(result.sizes).toEqual(mergedSizesAfterEachPage(listings.cognitoNames.length));
    },
  );

  it.each(['forward', 'backward'] as const)(
    'personalizeDatasets %s in pages of 3: the store holds the whole listing, in order',
    async (direction) => {
      const result = await walk(personalize, direction);

      expect(result.keys).toEqual(listings.personalizeArns);
      expect(result.sizes).toEqual(mergedSizesAfterEachPage(listings.personalizeArns.length));
    },
  );
});

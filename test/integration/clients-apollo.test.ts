// The Apollo Client recipe (examples/clients/apollo) against the gateway over HTTP: a watched
// query pages through both connections with fetchMore, as a component's "load more" does, and the
// list the cache's relayStylePagination field policies merge must be the listing the AWS SDK reads
// from the emulator.
import type { ApolloClient, NormalizedCacheObject, TypedDocumentNode } from '@apollo/client/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createClient } from '../../examples/clients/apollo/client.js';
import {
  COGNITO_DATASETS,
  PERSONALIZE_DATASETS,
  type CognitoDatasetsData,
  type CognitoDatasetsVariables,
  type Connection,
  type PageVariables,
  type PersonalizeDatasetsData,
  type PersonalizeDatasetsVariables,
} from '../../examples/clients/apollo/operations.js';
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

type Direction = 'forward' | 'backward';

let stack: Stack;
let listings: DemoListings;

beforeAll(async () => {
  stack = await startStack();
  listings = await demoListings(stack.emulator);
});

afterAll(async () => {
  await stack.close();
});

// Apollo warns on the console about fields it cannot merge and about deprecated usage.
failOnConsoleWarnings();
const fetches = recordFetches();

/** HttpLink's default: one JSON POST per page. */
function expectOnePostPerPage(walked: Walk): void {
  expect(fetches.requests().map((request) => request.method)).toEqual(
    walked.sizes.map(() => 'POST'),
  );
}

interface ApolloListing<TData, TVariables extends PageVariables> {
  readonly query: TypedDocumentNode<TData, TVariables>;
  /** The query's variables: the listing's filters and the page size (first or last). */
  readonly variables: TVariables;
  connectionOf(data: TData): Connection<unknown> | null;
  keysOf(data: TData): string[];
}

function firstOrLast(direction: Direction): { first: number } | { last: number } {
  return direction === 'forward' ? { first: PAGE_SIZE } : { last: PAGE_SIZE };
}

function cognitoListing(
  identity: DemoIdentity,
  direction: Direction,
): ApolloListing<CognitoDatasetsData, CognitoDatasetsVariables> {
  return {
    query: COGNITO_DATASETS,
    variables: { ...identity, ...firstOrLast(direction) },
    connectionOf: (data) => data.cognitoDatasets,
    keysOf: (data) => (data.cognitoDatasets?.edges ?? []).map((edge) => edge.node.datasetName),
  };
}

function personalizeListing(
  direction: Direction,
  datasetGroupArn?: string,
): ApolloListing<PersonalizeDatasetsData, PersonalizeDatasetsVariables> {
  return {
    query: PERSONALIZE_DATASETS,
    variables: {
      ...firstOrLast(direction),
      ...(datasetGroupArn === undefined ? {} : { datasetGroupArn }),
    },
    connectionOf: (data) => data.personalizeDatasets,
    keysOf: (data) => (data.personalizeDatasets?.edges ?? []).map((edge) => edge.node.datasetArn),
  };
}

/**
 * Watches the query, as a mounted component does, and calls fetchMore with the merged
 * connection's next cursor until pageInfo says there is no more in that direction.
 */
async function walk<TData, TVariables extends PageVariables>(
  client: ApolloClient<NormalizedCacheObject>,
  listing: ApolloListing<TData, TVariables>,
  direction: Direction,
): Promise<Walk> {
  const { query, variables } = listing;
  /** The query's data as the cache merges it from every page fetched so far. */
  const cached = (): TData => {
    // No data masking here, so the cache's Unmasked<TData> is TData.
    const data = client.readQuery({ query, variables }) as TData | null;
    if (data === null) throw new Error('the cache does not hold the query');
    return data;
  };
  const observable = client.watchQuery({ query, variables });
  let subscription: { unsubscribe(): void } | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      subscription = observable.subscribe({
        next: (result) => {
          if (!result.loading) resolve();
        },
        error: reject,
      });
    });
    const sizes: number[] = [];
    for (;;) {
      const connection = listing.connectionOf(cached());
      if (connection === null) throw new Error('the connection is null');
      sizes.push(connection.edges.length);
      const { hasNextPage, hasPreviousPage, endCursor, startCursor } = connection.pageInfo;
      if (!(direction === 'forward' ? hasNextPage : hasPreviousPage)) break;
      if (sizes.length > MAX_PAGES) throw new Error('the walk did not end');
      const next: PageVariables =
        direction === 'forward' ? { after: endCursor ?? '' } : { before: startCursor ?? '' };
      // fetchMore keeps the query's other variables (first or last, and the filters).
      await observable.fetchMore({ variables: next as Partial<TVariables> });
    }
    return { sizes, keys: listing.keysOf(cached()), cached: () => listing.keysOf(cached()) };
  } finally {
    subscription?.unsubscribe();
  }
}

let client: ApolloClient<NormalizedCacheObject>;
beforeEach(() => {
  client = createClient(stack.url);
});
afterEach(() => {
  client.stop();
});

describe('Apollo Client recipe: relayStylePagination over HTTP', () => {
  it.each(['forward', 'backward'] as const)(
    'cognitoDatasets %s in pages of 3: the cache holds the whole listing, in order',
    async (direction) => {
      const result = await walk(client, cognitoListing(listings.identity, direction), direction);

      expect(result.keys).toEqual(listings.cognitoNames);
      expect(result.sizes).toEqual(mergedSizesAfterEachPage(listings.cognitoNames.length));
      expectOnePostPerPage(result);
    },
  );

  it.each(['forward', 'backward'] as const)(
    'personalizeDatasets %s in pages of 3: the cache holds the whole listing, in order',
    async (direction) => {
      const result = await walk(client, personalizeListing(direction), direction);

      expect(result.keys).toEqual(listings.personalizeArns);
      expect(result.sizes).toEqual(mergedSizesAfterEachPage(listings.personalizeArns.length));
      expectOnePostPerPage(result);
    },
  );

  it('keeps listings with other filter arguments apart (keyArgs) in one cache', async () => {
    const busiest = await walk(client, cognitoListing(listings.identity, 'forward'), 'forward');
    const other = await walk(client, cognitoListing(listings.otherIdentity, 'forward'), 'forward');
    const all = await walk(client, personalizeListing('forward'), 'forward');
    const group = await walk(
      client,
      personalizeListing('forward', listings.datasetGroupArn),
      'forward',
    );

    expect(busiest.cached()).toEqual(listings.cognitoNames);
    expect(other.cached()).toEqual(listings.otherCognitoNames);
    expect(all.cached()).toEqual(listings.personalizeArns);
    expect(group.cached()).toEqual(listings.groupPersonalizeArns);
  });
});

// The urql recipe (examples/clients/urql) against the gateway over HTTP, with urql's default
// settings: queries go out as GET requests. Each page is the query run again with the next cursor,
// as a component re-rendering with new variables does, and the list graphcache's relayPagination
// merges must be the listing the AWS SDK reads from the emulator.
import type { Client, TypedDocumentNode } from '@urql/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createClient } from '../../examples/clients/urql/client.js';
import {
  COGNITO_DATASETS,
  PERSONALIZE_DATASETS,
  type CognitoDatasetsData,
  type CognitoDatasetsVariables,
  type Connection,
  type PageVariables,
  type PersonalizeDatasetsData,
  type PersonalizeDatasetsVariables,
} from '../../examples/clients/urql/operations.js';
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

// graphcache warns on the console about a type it cannot key (one without an id and no `keys`).
failOnConsoleWarnings();
const fetches = recordFetches();

/** urql's default (preferGetMethod: 'within-url-limit'): one GET per page, the query in the URL. */
function expectOneGetPerPage(walked: Walk): void {
  const requests = fetches.requests();
  expect(requests.map((request) => request.method)).toEqual(walked.sizes.map(() => 'GET'));
  for (const { url } of requests) {
    expect(`${url.origin}${url.pathname}`).toBe(stack.url);
    expect(url.searchParams.get('query')).toContain('query Urql');
  }
}

interface UrqlListing<TData, TVariables extends PageVariables> {
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
): UrqlListing<CognitoDatasetsData, CognitoDatasetsVariables> {
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
): UrqlListing<PersonalizeDatasetsData, PersonalizeDatasetsVariables> {
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
 * Runs the query, then again with the merged connection's next cursor until pageInfo says there
 * is no more in that direction. Every result is graphcache's read of its cache, where
 * relayPagination has merged all pages of the listing fetched so far.
 */
async function walk<TData, TVariables extends PageVariables>(
  client: Client,
  listing: UrqlListing<TData, TVariables>,
  direction: Direction,
): Promise<Walk> {
  const run = async (variables: TVariables): Promise<TData> => {
    const result = await client.query(listing.query, variables).toPromise();
    if (result.error !== undefined) throw result.error;
    if (result.data === undefined) throw new Error('the query returned no data');
    return result.data;
  };
  const cached = (): string[] => {
    const data = client.readQuery(listing.query, listing.variables)?.data;
    if (data === undefined) throw new Error('the cache does not hold the query');
    return listing.keysOf(data);
  };
  const sizes: number[] = [];
  let variables = listing.variables;
  for (;;) {
    const connection = listing.connectionOf(await run(variables));
    if (connection === null) throw new Error('the connection is null');
    sizes.push(connection.edges.length);
    const { hasNextPage, hasPreviousPage, endCursor, startCursor } = connection.pageInfo;
    if (!(direction === 'forward' ? hasNextPage : hasPreviousPage)) break;
    if (sizes.length > MAX_PAGES) throw new Error('the walk did not end');
    variables =
      direction === 'forward'
        ? { ...listing.variables, after: endCursor ?? '' }
        : { ...listing.variables, before: startCursor ?? '' };
  }
  return { sizes, keys: cached(), cached };
}

let client: Client;
beforeEach(() => {
  client = createClient(stack.url);
});

describe('urql recipe: graphcache relayPagination over HTTP GET', () => {
  it.each(['forward', 'backward'] as const)(
    'cognitoDatasets %s in pages of 3: the cache holds the whole listing, in order',
    async (direction) => {
      const result = await walk(client, cognitoListing(listings.identity, direction), direction);

      expect(result.keys).toEqual(listings.cognitoNames);
      expect(result.sizes).toEqual(mergedSizesAfterEachPage(listings.cognitoNames.length));
      expectOneGetPerPage(result);
    },
  );

  it.each(['forward', 'backward'] as const)(
    'personalizeDatasets %s in pages of 3: the cache holds the whole listing, in order',
    async (direction) => {
      const result = await walk(client, personalizeListing(direction), direction);

      expect(result.keys).toEqual(listings.personalizeArns);
      expect(result.sizes).toEqual(mergedSizesAfterEachPage(listings.personalizeArns.length));
      expectOneGetPerPage(result);
    },
  );

  it('keeps listings with other filter arguments apart in one cache', async () => {
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

// Reading the gateway's two connections over HTTP the way a Relay client does: one page at a time,
// forward on endCursor or backward on startCursor, checking on every page the invariants the
// Relay Cursor Connections spec promises.
import { print } from 'graphql';
import { expect } from 'vitest';

import {
  TestCognitoPageDocument,
  TestPersonalizePageDocument,
  type TestCognitoDatasetFieldsFragment,
  type TestCognitoPageQuery,
  type TestCognitoPageQueryVariables,
  type TestPersonalizeDatasetFieldsFragment,
  type TestPersonalizePageQuery,
  type TestPersonalizePageQueryVariables,
} from '../__generated__/graphql.js';

export interface GraphqlError {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string } & Readonly<Record<string, unknown>>;
}

export interface GraphqlResponse<T> {
  readonly status: number;
  readonly body: { readonly data?: T; readonly errors?: readonly GraphqlError[] };
}

/** What the tests need of a running stack: its GraphQL endpoint as a function. */
export interface GraphqlClient {
  graphql<T = unknown>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphqlResponse<T>>;
}

export interface PageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

export interface Connection<N> {
  readonly edges: readonly { readonly cursor: string; readonly node: N }[];
  readonly nodes: readonly N[];
  readonly pageInfo: PageInfo;
}

/** A listed Personalize dataset as TestPersonalizePage reads it (test/operations/gateway-walk). */
export type PersonalizeNode = TestPersonalizeDatasetFieldsFragment;

/** A listed Cognito dataset as TestCognitoPage reads it (test/operations/gateway-walk). */
export type CognitoNode = TestCognitoDatasetFieldsFragment;

export interface PageArgs {
  readonly first?: number;
  readonly after?: string;
  readonly last?: number;
  readonly before?: string;
}

export interface PageOutcome<N> {
  readonly status: number;
  /** The connection field's value: null when it failed, undefined when data is absent. */
  readonly connection: Connection<N> | null | undefined;
  readonly errors: readonly GraphqlError[];
}

/** One of the gateway's connections with its filter arguments fixed. */
export interface Listing<N> {
  readonly label: string;
  fetch(args: PageArgs): Promise<PageOutcome<N>>;
  keyOf(node: N): string;
}

export function personalizeListing(
  client: GraphqlClient,
  datasetGroupArn?: string,
): Listing<PersonalizeNode> {
  return {
    label: `personalizeDatasets(${datasetGroupArn ?? 'all groups'})`,
    async fetch(args) {
      const variables: TestPersonalizePageQueryVariables =
        datasetGroupArn === undefined ? { ...args } : { ...args, datasetGroupArn };
      const response = await client.graphql<TestPersonalizePageQuery>(
        print(TestPersonalizePageDocument),
        variables,
      );
      return {
        status: response.status,
        connection: response.body.data?.personalizeDatasets,
        errors: response.body.errors ?? [],
      };
    },
    keyOf: (node) => node.datasetArn,
  };
}

export function cognitoListing(
  client: GraphqlClient,
  identityPoolId: string,
  identityId: string,
): Listing<CognitoNode> {
  return {
    label: `cognitoDatasets(${identityId})`,
    async fetch(args) {
      const variables: TestCognitoPageQueryVariables = { ...args, identityPoolId, identityId };
      const response = await client.graphql<TestCognitoPageQuery>(
        print(TestCognitoPageDocument),
        variables,
      );
      return {
        status: response.status,
        connection: response.body.data?.cognitoDatasets,
        errors: response.body.errors ?? [],
      };
    },
    keyOf: (node) => node.datasetName,
  };
}

/** Checks what the Relay spec promises of any page, whatever the arguments were. */
export function expectPageInvariants<N>(connection: Connection<N>, requested?: number): void {
  const { edges, nodes, pageInfo } = connection;
  expect(nodes).toEqual(edges.map((edge) => edge.node));
  expect(pageInfo.startCursor).toBe(edges[0]?.cursor ?? null);
  expect(pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
  expect(new Set(edges.map((edge) => edge.cursor)).size).toBe(edges.length);
  if (requested !== undefined) expect(edges.length).toBeLessThanOrEqual(requested);
}

/** Fetches one page that must succeed, and checks its invariants. */
export async function pageOf<N>(listing: Listing<N>, args: PageArgs): Promise<Connection<N>> {
  const outcome = await listing.fetch(args);
  expect(outcome.errors, `${listing.label} ${JSON.stringify(args)}`).toEqual([]);
  expect(outcome.status).toBe(200);
  const connection = outcome.connection;
  if (connection === null || connection === undefined) {
    throw new Error(`${listing.label} returned no connection for ${JSON.stringify(args)}`);
  }
  expectPageInvariants(connection, args.first ?? args.last);
  return connection;
}

/** Fetches one page that must fail, and returns its single error. */
export async function failureOf<N>(listing: Listing<N>, args: PageArgs): Promise<GraphqlError> {
  const outcome = await listing.fetch(args);
  expect(outcome.status).toBe(200);
  expect(outcome.connection ?? null).toBeNull();
  expect(outcome.errors).toHaveLength(1);
  const [error] = outcome.errors;
  if (error === undefined) throw new Error('unreachable: one error was expected');
  return error;
}

export interface Walk<N> {
  readonly nodes: readonly N[];
  readonly keys: readonly string[];
  readonly pages: readonly Connection<N>[];
}

const MAX_WALK_PAGES = 1000;

/**
 * Walks forward with first = sizeOf(pageNumber) and after = the previous endCursor until
 * hasNextPage is false. A page that says there is more must be full.
 */
export async function walkForward<N>(
  listing: Listing<N>,
  sizeOf: (pageNumber: number) => number,
): Promise<Walk<N>> {
  const pages: Connection<N>[] = [];
  let after: string | undefined;
  for (;;) {
    const first = sizeOf(pages.length);
    const page = await pageOf(listing, after === undefined ? { first } : { first, after });
    pages.push(page);
    if (after === undefined) expect(page.pageInfo.hasPreviousPage).toBe(false);
    if (!page.pageInfo.hasNextPage) break;
    expect(page.edges).toHaveLength(first);
    after = page.pageInfo.endCursor ?? undefined;
    if (after === undefined) throw new Error(`${listing.label}: hasNextPage without an endCursor`);
    if (pages.length > MAX_WALK_PAGES) throw new Error(`${listing.label}: the walk did not end`);
  }
  const nodes = pages.flatMap((page) => page.nodes);
  return { nodes, keys: nodes.map((node) => listing.keyOf(node)), pages };
}

/**
 * Walks backward from the end with last = sizeOf(pageNumber) and before = the previous
 * startCursor until hasPreviousPage is false. Edges stay in forward order on every page.
 */
export async function walkBackward<N>(
  listing: Listing<N>,
  sizeOf: (pageNumber: number) => number,
): Promise<Walk<N>> {
  const pages: Connection<N>[] = [];
  let before: string | undefined;
  for (;;) {
    const last = sizeOf(pages.length);
    const page = await pageOf(listing, before === undefined ? { last } : { last, before });
    pages.unshift(page);
    if (!page.pageInfo.hasPreviousPage) break;
    expect(page.edges).toHaveLength(last);
    before = page.pageInfo.startCursor ?? undefined;
    if (before === undefined)
      throw new Error(`${listing.label}: hasPreviousPage without a startCursor`);
    if (pages.length > MAX_WALK_PAGES) throw new Error(`${listing.label}: the walk did not end`);
  }
  const nodes = pages.flatMap((page) => page.nodes);
  return { nodes, keys: nodes.map((node) => listing.keyOf(node)), pages };
}

/** The keys of one page, in order. */
export function keysOf<N>(listing: Listing<N>, connection: Connection<N>): string[] {
  return connection.nodes.map((node) => listing.keyOf(node));
}

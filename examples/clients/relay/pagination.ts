// Relay pagination without React. In a React app, useLazyLoadQuery loads the query and
// usePaginationFragment gives loadNext/loadPrevious; those hooks only wrap the relay-runtime calls
// below (react-relay's useLoadMoreFunction), so a non-React consumer, or a test in Node, can make
// the same calls: fetch the compiler's refetchable pagination query with the connection's next
// cursor, and let Relay's ConnectionHandler merge the page into the @connection record, which the
// fragment then reads from the store.
import {
  ConnectionInterface,
  createOperationDescriptor,
  fetchQuery,
  getPaginationMetadata,
  getPaginationVariables,
  getSelector,
  getValueAtPath,
  type ConcreteRequest,
  type Direction,
  type Environment,
  type OperationType,
  type ReaderFragment,
  type SingularReaderSelector,
} from 'relay-runtime';

/** A fragment reference as relay-compiler types it (`<fragment>$key`). */
export interface FragmentKey {
  readonly ' $data'?: unknown;
}

export type FragmentData<TKey extends FragmentKey> = NonNullable<TKey[' $data']>;

export interface LoadedQuery<TQuery extends OperationType> {
  /** The query's data: the fragment references its fragments read. */
  readonly data: TQuery['response'];
  /** Lets the store garbage-collect the query's data (a component unmounting). */
  dispose(): void;
}

/**
 * Fetches a query from the network, as useLazyLoadQuery does on first render, and retains it:
 * its data, with every page later merged into its connections, stays in the store until disposed.
 */
export async function loadQuery<TQuery extends OperationType>(
  environment: Environment,
  query: ConcreteRequest,
  variables: TQuery['variables'],
): Promise<LoadedQuery<TQuery>> {
  const retained = environment.retain(createOperationDescriptor(query, variables));
  try {
    const data = await fetchQuery<TQuery>(environment, query, variables).toPromise();
    if (data === undefined) throw new Error(`Relay: ${query.params.name} returned no data`);
    return {
      data,
      dispose: () => {
        retained.dispose();
      },
    };
  } catch (error) {
    retained.dispose();
    throw error;
  }
}

/** What useFragment returns: the fragment's data as the store holds it now. */
export function readFragment<TKey extends FragmentKey>(
  environment: Environment,
  fragment: ReaderFragment,
  key: TKey,
): FragmentData<TKey> {
  const snapshot = environment.lookup(singularSelector(fragment, key));
  if (snapshot.isMissingData) throw new Error(`Relay: the store lacks data of ${fragment.name}`);
  // Typed as relay-compiler typed the fragment (<fragment>$data), as useFragment does.
  return snapshot.data;
}

/**
 * loadNext(count) for 'forward', loadPrevious(count) for 'backward', of a @refetchable fragment
 * on Query with one @connection. Resolves to false, fetching nothing, when the connection says
 * there is no more in that direction.
 */
export async function loadMore(
  environment: Environment,
  fragment: ReaderFragment,
  key: FragmentKey,
  direction: Direction,
  count: number,
): Promise<boolean> {
  const { paginationRequest, paginationMetadata, connectionPathInFragmentData, identifierField } =
    getPaginationMetadata(fragment, 'loadMore');
  // A fragment on a Node type would also need its id in the variables, as loadNext adds it.
  if (identifierField != null) throw new Error(`loadMore: ${fragment.name} is not on Query`);
  const selector = singularSelector(fragment, key);
  const { cursor, hasMore } = connectionState(
    direction,
    environment.lookup(selector).data,
    connectionPathInFragmentData,
  );
  if (!hasMore) return false;
  const variables = getPaginationVariables(
    direction,
    count,
    cursor,
    { ...selector.owner.variables, ...selector.variables },
    {},
    paginationMetadata,
  );
  // fetchQuery goes to the network (force: true), as loadNext does; the response is normalized
  // and the connection handler appends (after) or prepends (before) its edges.
  await fetchQuery(environment, paginationRequest, variables).toPromise();
  return true;
}

function singularSelector(fragment: ReaderFragment, key: FragmentKey): SingularReaderSelector {
  const selector = getSelector(fragment, key);
  if (selector.kind !== 'SingularReaderSelector') {
    throw new Error(`Relay: ${fragment.name} needs a single fragment reference`);
  }
  return selector;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null;
}

/** The cursor to page on and whether there is more, read from the connection's pageInfo. */
function connectionState(
  direction: Direction,
  fragmentData: unknown,
  connectionPath: readonly (string | number)[],
): { readonly cursor: string | null; readonly hasMore: boolean } {
  const { PAGE_INFO, END_CURSOR, START_CURSOR, HAS_NEXT_PAGE, HAS_PREV_PAGE } =
    ConnectionInterface.get();
  const connection: unknown = getValueAtPath(fragmentData, connectionPath);
  const pageInfo = isObject(connection) ? connection[PAGE_INFO] : undefined;
  if (!isObject(pageInfo)) return { cursor: null, hasMore: false };
  const cursor = pageInfo[direction === 'forward' ? END_CURSOR : START_CURSOR];
  if (typeof cursor !== 'string') return { cursor: null, hasMore: false };
  const hasMore = pageInfo[direction === 'forward' ? HAS_NEXT_PAGE : HAS_PREV_PAGE] === true;
  return { cursor, hasMore };
}

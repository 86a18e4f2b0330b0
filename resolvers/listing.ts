// The one shape both connection resolvers return: the page the client asked for, plus a way to
// count the whole listing that runs only if the client selects `totalCount`.
import type { RequestContext } from './context.js';
import {
  countListing,
  paginate,
  type Connection,
  type ConnectionArgs,
  type ListingSource,
} from './paginate.js';

/** Connection arguments as GraphQL hands them over: absent, null or a value. */
export type ConnectionArgsInput = {
  readonly [K in keyof ConnectionArgs]?: ConnectionArgs[K] | undefined;
};

export interface ListingConnection<T> extends Connection<T> {
  /** The number of items in the whole listing; null when counting would read too many pages. */
  readonly countTotal: () => Promise<number | null>;
}

export async function resolveListing<T>(
  source: ListingSource<T>,
  args: ConnectionArgsInput,
  context: RequestContext,
): Promise<ListingConnection<T>> {
  const connectionArgs: ConnectionArgs = {
    first: args.first ?? null,
    after: args.after ?? null,
    last: args.last ?? null,
    before: args.before ?? null,
  };
  const connection = await paginate(source, connectionArgs, {
    codec: context.codec,
    limits: context.limits,
  });
  return {
    ...connection,
    countTotal: () => countListing(source, context.limits.maxWalkPages),
  };
}

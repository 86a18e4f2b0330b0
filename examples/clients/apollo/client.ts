// Apollo Client 3 for the gateway, default link settings: HttpLink POSTs every operation as JSON.
// `@apollo/client/core` is the React-free entry point (in React, import from `@apollo/client`).
import {
  ApolloClient,
  HttpLink,
  InMemoryCache,
  type NormalizedCacheObject,
} from '@apollo/client/core';
import { relayStylePagination } from '@apollo/client/utilities';

/**
 * Each connection field keeps one merged list per listing: relayStylePagination appends a page
 * fetched with `after` and prepends one fetched with `before`. Its keyArgs are the arguments that
 * choose the listing, i.e. all but first/after/last/before, so pages of one identity (or one
 * dataset group) merge and different ones stay apart.
 */
export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Query: {
        fields: {
          cognitoDatasets: relayStylePagination(['identityPoolId', 'identityId']),
          personalizeDatasets: relayStylePagination(['datasetGroupArn']),
        },
      },
    },
  });
}

export function createClient(url: string): ApolloClient<NormalizedCacheObject> {
  return new ApolloClient({ link: new HttpLink({ uri: url }), cache: createCache() });
}

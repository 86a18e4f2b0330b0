// urql for the gateway, with graphcache merging the pages of both connections. Default client
// settings: urql sends queries as GET (`preferGetMethod: 'within-url-limit'`) while the URL stays
// under 2048 characters, else POST; the gateway answers both.
import { Client, fetchExchange } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';

/**
 * relayPagination merges every cached page of a field whose other arguments (identityPoolId and
 * identityId, or datasetGroupArn) are equal: a page fetched with `after` is appended, one with
 * `before` prepended. Connections, edges and PageInfo have no id: `keys` returning null embeds
 * them in their parent. graphcache already skips its "Invalid key" warning for types named
 * *Connection, *Edge or PageInfo; the explicit keys state the intent instead of relying on that
 * naming rule.
 */
export function createCacheExchange(): ReturnType<typeof cacheExchange> {
  const embedded = (): null => null;
  return cacheExchange({
    keys: {
      CognitoDatasetConnection: embedded,
      CognitoDatasetEdge: embedded,
      PersonalizeDatasetConnection: embedded,
      PersonalizeDatasetEdge: embedded,
      PageInfo: embedded,
    },
    resolvers: {
      Query: {
        cognitoDatasets: relayPagination(),
        personalizeDatasets: relayPagination(),
      },
    },
  });
}

export function createClient(url: string): Client {
  return new Client({ url, exchanges: [createCacheExchange(), fetchExchange] });
}

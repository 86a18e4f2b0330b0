// The yoga plugin that serves GraphiQL from the gateway: the page at the GraphQL endpoint (to a
// browser's GET, as yoga's own GraphiQL is) and its files under /graphiql/assets/<version>/.
// It stands in for yoga's `graphiql` option, whose page loads its files from a CDN.
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

import { shouldRenderGraphiQL, type GraphiQLOptions, type Plugin } from 'graphql-yoga';

import { GRAPHIQL_ASSETS_PATH, graphiqlAssets, type GraphiQLAsset } from './assets.js';
import { GRAPHIQL_PAGE_HEADERS, renderGraphiQLPage } from './page.js';

const gzip = promisify(gzipCallback);

/** The path holds the files' hash, so a file at a path never changes: cache it for a year. */
const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export interface GraphiQLPluginOptions {
  readonly graphqlPath: string;
  /** GraphiQL's settings for one page load (a demo token is fetched per load). */
  readonly pageOptions: (request: Request) => Promise<GraphiQLOptions>;
}

export function useGraphiQLPage(options: GraphiQLPluginOptions): Plugin {
  // Each file is compressed once, on its first request, off the event loop.
  const compressed = new WeakMap<GraphiQLAsset, Promise<Buffer>>();
  const gzipped = (asset: GraphiQLAsset): Promise<Buffer> => {
    let body = compressed.get(asset);
    if (body === undefined) {
      body = gzip(asset.body);
      compressed.set(asset, body);
    }
    return body;
  };

  return {
    onRequest(hook) {
      const { request, url, fetchAPI } = hook;
      const endResponse = (response: Response): void => {
        hook.endResponse(response);
      };
      const { pathname } = url;
      if (pathname.startsWith(GRAPHIQL_ASSETS_PATH)) {
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          endResponse(
            new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }),
          );
          return;
        }
        return graphiqlAssets().then(async (assets) => {
          const asset = assets.lookup(pathname);
          if (asset === undefined) {
            endResponse(new fetchAPI.Response('Not found', { status: 404 }));
            return;
          }
          const acceptsGzip = acceptsGzipEncoding(request.headers.get('accept-encoding'));
          const body = acceptsGzip ? await gzipped(asset) : asset.body;
          endResponse(
            new fetchAPI.Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
              status: 200,
              headers: {
                'content-type': asset.contentType,
                'content-length': String(body.byteLength),
                'cache-control': ASSET_CACHE_CONTROL,
                'x-content-type-options': 'nosniff',
                vary: 'accept-encoding',
                ...(acceptsGzip ? { 'content-encoding': 'gzip' } : {}),
              },
            }),
          );
        });
      }
      const atEndpoint = pathname === options.graphqlPath || pathname === `${options.graphqlPath}/`;
      if (!atEndpoint || !shouldRenderGraphiQL(request)) return;
      return Promise.all([graphiqlAssets(), options.pageOptions(request)]).then(
        ([assets, pageOptions]) => {
          endResponse(
            new fetchAPI.Response(renderGraphiQLPage(pageOptions, assets.urls), {
              status: 200,
              headers: GRAPHIQL_PAGE_HEADERS,
            }),
          );
        },
      );
    },
  };
}

/** Whether an Accept-Encoding header lists gzip, and not with q=0. */
function acceptsGzipEncoding(header: string | null): boolean {
  return (header ?? '').split(',').some((entry) => {
    const [coding, ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    return (
      (coding === 'gzip' || coding === '*') && !params.some((param) => /^q=0(\.0*)?$/.test(param))
    );
  });
}

// GraphiQL's files, served by the gateway itself: @graphql-yoga/render-graphiql carries yoga's
// GraphiQL bundle (script, stylesheet, Monaco's three workers, favicon) as strings, so nothing is
// fetched from a CDN and the page works offline and from a production install. They are loaded on
// the first GraphiQL request, not at start: a gateway that never serves GraphiQL never holds them.
import { createHash } from 'node:crypto';

import { BOOT_SCRIPT } from './boot-script.js';

export const GRAPHIQL_ASSETS_PATH = '/graphiql/assets/';

export interface GraphiQLAsset {
  readonly contentType: string;
  readonly body: Buffer;
}

/** The files a GraphiQL page links to, by the names the page and the boot script use. */
export interface GraphiQLFiles {
  readonly stylesheet: string;
  readonly bundle: string;
  readonly boot: string;
  readonly favicon: string;
  /** Monaco's workers, by the labels Monaco asks for. */
  readonly workers: Readonly<Record<'editorWorkerService' | 'json' | 'graphql', string>>;
}

export interface GraphiQLAssets {
  /** A hash of every file: the path segment changes whenever any file does. */
  readonly version: string;
  /** Absolute URL paths of the files. */
  readonly urls: GraphiQLFiles;
  /** The file served at `path`, if any. */
  lookup(path: string): GraphiQLAsset | undefined;
}

const JS = 'text/javascript; charset=utf-8';

const NAMES: GraphiQLFiles = {
  stylesheet: 'graphiql.css',
  bundle: 'graphiql.js',
  boot: 'boot.js',
  favicon: 'favicon.ico',
  workers: {
    editorWorkerService: 'editor.worker.js',
    json: 'json.worker.js',
    graphql: 'graphql.worker.js',
  },
};

let loading: Promise<GraphiQLAssets> | undefined;

/** The assets, loaded once per process. */
export function graphiqlAssets(): Promise<GraphiQLAssets> {
  loading ??= loadAssets();
  return loading;
}

async function loadAssets(): Promise<GraphiQLAssets> {
  const bundle = await import('@graphql-yoga/render-graphiql/graphiql');
  const files = new Map<string, GraphiQLAsset>([
    [NAMES.stylesheet, text(bundle.css, 'text/css; charset=utf-8')],
    [NAMES.bundle, text(bundle.js, JS)],
    [NAMES.boot, text(BOOT_SCRIPT, JS)],
    [NAMES.favicon, dataUri(bundle.favicon)],
    [NAMES.workers.editorWorkerService, text(bundle.editorWorkerService, JS)],
    [NAMES.workers.json, text(bundle.jsonWorker, JS)],
    [NAMES.workers.graphql, text(bundle.graphqlWorker, JS)],
  ]);
  const hash = createHash('sha256');
  for (const [name, file] of files) hash.update(name).update(file.body);
  const version = hash.digest('hex').slice(0, 16);
  const base = `${GRAPHIQL_ASSETS_PATH}${version}/`;
  return {
    version,
    urls: {
      stylesheet: base + NAMES.stylesheet,
      bundle: base + NAMES.bundle,
      boot: base + NAMES.boot,
      favicon: base + NAMES.favicon,
      workers: {
        editorWorkerService: base + NAMES.workers.editorWorkerService,
        json: base + NAMES.workers.json,
        graphql: base + NAMES.workers.graphql,
      },
    },
    lookup: (path) => (path.startsWith(base) ? files.get(path.slice(base.length)) : undefined),
  };
}

function text(body: string, contentType: string): GraphiQLAsset {
  return { contentType, body: Buffer.from(body, 'utf8') };
}

/** The bundle's favicon is a base64 data URI; served as the file it encodes. */
function dataUri(uri: string): GraphiQLAsset {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(uri);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new Error('@graphql-yoga/render-graphiql: its favicon is not a base64 data URI');
  }
  return { contentType: match[1], body: Buffer.from(match[2], 'base64') };
}

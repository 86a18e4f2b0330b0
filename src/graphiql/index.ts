// GraphiQL as the gateway serves it: its own copies of the files (assets.ts), a page under a
// strict CSP (page.ts), one tab per example operation (tabs.ts), and in demo mode the demo
// identity's variables and a fresh demo token in the Headers pane (demo.ts, wired by main.ts).
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';

import type { GatewayConfig } from '../config/index.js';
import { requestIdOf } from '../observability/request-id.js';
import { EXAMPLES } from './examples.generated.js';
import { useGraphiQLPage } from './plugin.js';
import { exampleTabs, placeholder } from './tabs.js';

export { demoIdentity, demoTokenRequest, demoVariables, type DemoIdentity } from './demo.js';

/** What demo mode adds to GraphiQL. */
export interface GraphiQLDemo {
  /** Values for the examples' variables: the demo identity, real global ids. */
  readonly variables: Readonly<Record<string, unknown>>;
  /** Signs a token for the demo identity, once per page load (auth modes only). */
  readonly token?: () => Promise<string>;
}

export interface GraphiQLSettings {
  readonly config: GatewayConfig;
  readonly graphqlPath: string;
  readonly logger: Logger;
  readonly demo?: GraphiQLDemo | undefined;
}

const TITLE = 'dataset-gateway';

export function graphiqlPlugin(settings: GraphiQLSettings): Plugin {
  return useGraphiQLPage({
    graphqlPath: settings.graphqlPath,
    pageOptions: async (request) =>
      pageOptions(settings, await headersFor(settings, requestIdOf(request))),
  });
}

/**
 * yoga's GraphiQLOptions, plus props that yoga's wrapper hands on to GraphiQL as they are. GraphiQL
 * fills the editors of the tab it opens from them, not from that tab's `defaultTabs` entry
 * (graphql/graphiql#3392: the first tab would open with empty variables and headers). On a later
 * visit, GraphiQL restores the tabs from localStorage and opens the one that matches them (the
 * untouched first example) instead of adding a tab; restored tabs, which keep no headers, get the
 * page's `headers` (this page load's demo token).
 */
type PageOptions = GraphiQLOptions & {
  readonly query?: string;
  readonly initialVariables?: string;
  readonly initialHeaders?: string;
};

function pageOptions(
  { config, graphqlPath, demo }: GraphiQLSettings,
  headers: Readonly<Record<string, string>>,
): PageOptions {
  const identityPoolId = config.auth.identityPoolId;
  const variables = demo?.variables ?? (identityPoolId === undefined ? {} : { identityPoolId });
  const tabs = exampleTabs(EXAMPLES, { variables, headers });
  return {
    title: TITLE,
    endpoint: graphqlPath,
    defaultQuery: tabs[0]?.query ?? '',
    defaultTabs: tabs.map(({ query, variables: tabVariables, headers: tabHeaders }) => ({
      query,
      variables: tabVariables,
      headers: tabHeaders,
    })),
    // New tabs get the same headers; none are kept in localStorage (a token would outlive the page).
    headers: JSON.stringify(headers, null, 2),
    shouldPersistHeaders: false,
    // The variables pane opens, showing what each tab runs with.
    defaultEditorToolsVisibility: 'variables',
    ...(tabs[0] === undefined
      ? {}
      : {
          query: tabs[0].query,
          initialVariables: tabs[0].variables,
          initialHeaders: tabs[0].headers,
        }),
  };
}

/** The Authorization header the tabs open with: a demo token, or what to put there. */
async function headersFor(
  { config, demo, logger }: GraphiQLSettings,
  requestId: string,
): Promise<Record<string, string>> {
  if (config.auth.mode === 'none') return {};
  if (demo?.token !== undefined) {
    try {
      return { Authorization: `Bearer ${await demo.token()}` };
    } catch (error) {
      logger.warn({ requestId, err: error }, 'GraphiQL: no demo token for the Headers pane');
    }
  }
  return { Authorization: `Bearer ${placeholder('token')}` };
}

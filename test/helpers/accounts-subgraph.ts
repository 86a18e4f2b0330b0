// A second Apollo Federation subgraph for the federation tests: a tiny `accounts` service that
// owns no dataset data and references ours only by key, the way another team's subgraph would:
// Cognito datasets and groups as stubs (`resolvable: false`), and PersonalizeDataset extended
// with a field of its own (`favoritedBy`, resolved from the dataset's ARN). Built with
// @apollo/subgraph, served by graphql-yoga on its own loopback port; the Authorization header of
// every request it receives is recorded (a router must not forward the caller's token here).

import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { serveLocally } from './local-server.js';

export const ACCOUNTS_SUBGRAPH_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  type Query {
    accounts: [Account!]!
  }

  type Account @key(fields: "id") {
    id: ID!
    name: String!
    favoriteDatasets: [PersonalizeDataset!]!
    cognitoDataset: CognitoDataset
    pinnedGroup: PersonalizeDatasetGroup
  }

  type PersonalizeDataset @key(fields: "datasetArn") {
    datasetArn: String!
    "The accounts that hold this dataset among their favourites."
    favoritedBy: [Account!]!
  }

  type CognitoDataset @key(fields: "identityPoolId identityId datasetName", resolvable: false) {
    identityPoolId: String!
    identityId: String!
    datasetName: String!
  }

  type PersonalizeDatasetGroup @key(fields: "id", resolvable: false) {
    id: ID!
  }
`;

export interface AccountRecord {
  readonly id: string;
  readonly name: string;
  readonly favoriteDatasetArns: readonly string[];
  readonly cognitoDataset: {
    readonly identityPoolId: string;
    readonly identityId: string;
    readonly datasetName: string;
  } | null;
  /** The global id of a dataset group, as our subgraph minted it. */
  readonly pinnedGroupId: string | null;
}

export interface AccountsSubgraph {
  readonly url: string;
  /** The Authorization header of each request received (null: none). */
  readonly authorizations: (string | null)[];
  close(): Promise<void>;
}

export function accountsSchema(accounts: readonly AccountRecord[]) {
  return buildSubgraphSchema({
    typeDefs: parse(ACCOUNTS_SUBGRAPH_SDL),
    resolvers: {
      Query: { accounts: () => accounts },
      PersonalizeDataset: {
        __resolveReference: (reference: { datasetArn: string }) => reference,
        favoritedBy: (dataset: { datasetArn: string }) =>
          accounts.filter((account) => account.favoriteDatasetArns.includes(dataset.datasetArn)),
      },
      Account: {
        favoriteDatasets: (account: AccountRecord) =>
          account.favoriteDatasetArns.map((datasetArn) => ({ datasetArn })),
        pinnedGroup: (account: AccountRecord) =>
          account.pinnedGroupId === null ? null : { id: account.pinnedGroupId },
      },
    },
  });
}

export async function startAccountsSubgraph(
  accounts: readonly AccountRecord[],
): Promise<AccountsSubgraph> {
  const authorizations: (string | null)[] = [];
  const yoga = createYoga({
    schema: accountsSchema(accounts),
    logging: false,
    plugins: [
      {
        onRequest: ({ request }) => {
          authorizations.push(request.headers.get('authorization'));
        },
      },
    ],
  });
  const server = await serveLocally(yoga.requestListener, yoga.graphqlEndpoint);
  return {
    url: server.url,
    authorizations,
    close: async () => {
      await server.close();
      await yoga.dispose();
    },
  };
}

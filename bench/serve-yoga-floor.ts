// The fair floor for `npm run bench`: a bare graphql-yoga server in its own process, one field, no
// plugins, graphql-js, making the same SDK ListDatasets call as the gateway's first page (100 items
// from the emulator in BENCH_UPSTREAM) and returning the same 20 items. The gateway's throughput and
// CPU per request are compared with this, not with an SDK loop that does no GraphQL or HTTP serving
// at all. Prints one JSON line with its URL, then serves.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ListDatasetsCommand, PersonalizeClient } from '@aws-sdk/client-personalize';
import { createSchema, createYoga } from 'graphql-yoga';

const upstream = JSON.parse(process.env['BENCH_UPSTREAM'] ?? '') as {
  url: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
};
/** The gateway's Personalize upstream page size: the floor deserialises as much as it does. */
const UPSTREAM_PAGE = 100;

const client = new PersonalizeClient({
  endpoint: upstream.url,
  region: 'us-east-1',
  credentials: upstream.credentials,
});

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    type Dataset {
      datasetArn: String
      name: String
      datasetType: String
      status: String
      creationDateTime: String
    }
    type Query {
      personalizeDatasets(first: Int!): [Dataset!]!
    }
  `,
  resolvers: {
    Query: {
      personalizeDatasets: async (_: unknown, args: { first: number }) => {
        const output = await client.send(new ListDatasetsCommand({ maxResults: UPSTREAM_PAGE }));
        return (output.datasets ?? []).slice(0, args.first).map((dataset) => ({
          ...dataset,
          creationDateTime: dataset.creationDateTime?.toISOString(),
        }));
      },
    },
  },
});

// Yoga's defaults except the ones a production API turns off anyway: no GraphiQL, no logger.
const yoga = createYoga({ schema, graphiql: false, logging: false, landingPage: false });
const server = createServer((req, res) => {
  void yoga(req, res);
});
await new Promise<void>((resolve) => {
  server.listen(0, '127.0.0.1', resolve);
});
const { port } = server.address() as AddressInfo;
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${String(port)}/graphql` })}\n`);

const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

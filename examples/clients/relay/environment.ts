// A Relay environment for the gateway. Relay leaves the network layer to the app; this is the one
// Relay's documentation shows: every operation as a JSON POST of its text and variables.
import {
  Environment,
  Network,
  RecordSource,
  Store,
  type FetchFunction,
  type GraphQLResponse,
} from 'relay-runtime';

function fetchGraphQL(url: string): FetchFunction {
  return async (request, variables) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
      },
      body: JSON.stringify({ query: request.text, variables }),
    });
    // The gateway answers GraphQL errors (even a refused request) with a JSON body Relay reads.
    return (await response.json()) as GraphQLResponse;
  };
}

export function createEnvironment(url: string): Environment {
  return new Environment({
    network: Network.create(fetchGraphQL(url)),
    store: new Store(new RecordSource()),
  });
}

// Relay documents for the datasets of one Cognito identity: input of relay-compiler (`npm run generate`), which
// writes __generated__/. In an app a build plugin (babel-plugin-relay, @swc/plugin-relay,
// vite-plugin-relay) replaces each graphql`` tag with an import of its artifact; this recipe runs
// in Node without one, so code imports the artifacts through ./artifacts.ts and never this module
// (relay-runtime's graphql() throws when called).
import { graphql } from 'relay-runtime';

export const cognitoDatasetsFragment = graphql`
  fragment cognitoDatasets_query on Query
  @argumentDefinitions(
    identityPoolId: { type: "String!" }
    identityId: { type: "String!" }
    first: { type: "Int" }
    after: { type: "String" }
    last: { type: "Int" }
    before: { type: "String" }
  )
  @refetchable(queryName: "cognitoDatasetsPaginationQuery") {
    cognitoDatasets(
      identityPoolId: $identityPoolId
      identityId: $identityId
      first: $first
      after: $after
      last: $last
      before: $before
    ) @connection(key: "cognitoDatasets_cognitoDatasets") {
      edges {
        node {
          id
          datasetName
          numRecords
          lastModifiedDate
        }
      }
    }
  }
`;

export const cognitoDatasetsQuery = graphql`
  query cognitoDatasetsQuery(
    $identityPoolId: String!
    $identityId: String!
    $first: Int
    $last: Int
  ) {
    ...cognitoDatasets_query
      @arguments(
        identityPoolId: $identityPoolId
        identityId: $identityId
        first: $first
        last: $last
      )
  }
`;

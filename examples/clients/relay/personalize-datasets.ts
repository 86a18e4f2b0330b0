// Relay documents for Personalize datasets, optionally of one dataset group: input of relay-compiler (`npm run generate`), which
// writes __generated__/. In an app a build plugin (babel-plugin-relay, @swc/plugin-relay,
// vite-plugin-relay) replaces each graphql`` tag with an import of its artifact; this recipe runs
// in Node without one, so code imports the artifacts through ./artifacts.ts and never this module
// (relay-runtime's graphql() throws when called).
import { graphql } from 'relay-runtime';

export const personalizeDatasetsFragment = graphql`
  fragment personalizeDatasets_query on Query
  @argumentDefinitions(
    datasetGroupArn: { type: "String" }
    first: { type: "Int" }
    after: { type: "String" }
    last: { type: "Int" }
    before: { type: "String" }
  )
  @refetchable(queryName: "personalizeDatasetsPaginationQuery") {
    personalizeDatasets(
      datasetGroupArn: $datasetGroupArn
      first: $first
      after: $after
      last: $last
      before: $before
    ) @connection(key: "personalizeDatasets_personalizeDatasets") {
      edges {
        node {
          id
          datasetArn
          name
          datasetType
          status
        }
      }
    }
  }
`;

export const personalizeDatasetsQuery = graphql`
  query personalizeDatasetsQuery($datasetGroupArn: String, $first: Int, $last: Int) {
    ...personalizeDatasets_query
      @arguments(datasetGroupArn: $datasetGroupArn, first: $first, last: $last)
  }
`;

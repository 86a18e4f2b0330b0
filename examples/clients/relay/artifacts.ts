// The compiled documents of cognito-datasets.ts and personalize-datasets.ts: what a Relay build
// plugin would put in place of their graphql`` tags.
export { default as cognitoDatasetsQuery } from './__generated__/cognitoDatasetsQuery.graphql.js';
export type { cognitoDatasetsQuery as CognitoDatasetsQuery } from './__generated__/cognitoDatasetsQuery.graphql.js';
export { default as cognitoDatasetsFragment } from './__generated__/cognitoDatasets_query.graphql.js';
export type {
  cognitoDatasets_query$data as CognitoDatasetsFragmentData,
  cognitoDatasets_query$key as CognitoDatasetsFragmentKey,
} from './__generated__/cognitoDatasets_query.graphql.js';

export { default as personalizeDatasetsQuery } from './__generated__/personalizeDatasetsQuery.graphql.js';
export type { personalizeDatasetsQuery as PersonalizeDatasetsQuery } from './__generated__/personalizeDatasetsQuery.graphql.js';
export { default as personalizeDatasetsFragment } from './__generated__/personalizeDatasets_query.graphql.js';
export type {
  personalizeDatasets_query$data as PersonalizeDatasetsFragmentData,
  personalizeDatasets_query$key as PersonalizeDatasetsFragmentKey,
} from './__generated__/personalizeDatasets_query.graphql.js';

// The recipe's operations, with their result types written out (in an app, GraphQL Code Generator
// writes these from the schema). graphcache's relayPagination merges `edges` and `nodes` alike.
import { gql, type TypedDocumentNode } from '@urql/core';

export interface PageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

export interface Connection<TNode> {
  readonly edges: readonly { readonly cursor: string; readonly node: TNode }[];
  readonly pageInfo: PageInfo;
}

/** Connection arguments: first/after to page forward, last/before to page backward. */
export interface PageVariables {
  readonly first?: number;
  readonly after?: string;
  readonly last?: number;
  readonly before?: string;
}

export interface CognitoDataset {
  readonly id: string;
  readonly datasetName: string;
  readonly numRecords: number | null;
  readonly lastModifiedDate: string | null;
}

export interface CognitoDatasetsData {
  readonly cognitoDatasets: Connection<CognitoDataset> | null;
}

export interface CognitoDatasetsVariables extends PageVariables {
  readonly identityPoolId: string;
  readonly identityId: string;
}

export const COGNITO_DATASETS: TypedDocumentNode<CognitoDatasetsData, CognitoDatasetsVariables> =
  gql`
    query UrqlCognitoDatasets(
      $identityPoolId: String!
      $identityId: String!
      $first: Int
      $after: String
      $last: Int
      $before: String
    ) {
      cognitoDatasets(
        identityPoolId: $identityPoolId
        identityId: $identityId
        first: $first
        after: $after
        last: $last
        before: $before
      ) {
        edges {
          cursor
          node {
            id
            datasetName
            numRecords
            lastModifiedDate
          }
        }
        pageInfo {
          hasNextPage
          hasPreviousPage
          startCursor
          endCursor
        }
      }
    }
  `;

export interface PersonalizeDataset {
  readonly id: string;
  readonly datasetArn: string;
  readonly name: string;
  readonly datasetType: string;
  readonly status: string;
}

export interface PersonalizeDatasetsData {
  readonly personalizeDatasets: Connection<PersonalizeDataset> | null;
}

export interface PersonalizeDatasetsVariables extends PageVariables {
  readonly datasetGroupArn?: string;
}

export const PERSONALIZE_DATASETS: TypedDocumentNode<
  PersonalizeDatasetsData,
  PersonalizeDatasetsVariables
> = gql`
  query UrqlPersonalizeDatasets(
    $datasetGroupArn: String
    $first: Int
    $after: String
    $last: Int
    $before: String
  ) {
    personalizeDatasets(
      datasetGroupArn: $datasetGroupArn
      first: $first
      after: $after
      last: $last
      before: $before
    ) {
      edges {
        cursor
        node {
          id
          datasetArn
          name
          datasetType
          status
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`;

/**
 * @generated SignedSource<<15650c9a83b5d1ed68d4384b876c9779>>
 * @lightSyntaxTransform
 * @nogrep
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import type { ReaderFragment } from 'relay-runtime';
import type { FragmentRefs } from "relay-runtime";
export type cognitoDatasets_query$data = {
  readonly cognitoDatasets: {
    readonly edges: ReadonlyArray<{
      readonly node: {
        readonly datasetName: string;
        readonly id: string;
        readonly lastModifiedDate: string | null | undefined;
        readonly numRecords: number | null | undefined;
      };
    }>;
  } | null | undefined;
  readonly " $fragmentType": "cognitoDatasets_query";
};
export type cognitoDatasets_query$key = {
  readonly " $data"?: cognitoDatasets_query$data;
  readonly " $fragmentSpreads": FragmentRefs<"cognitoDatasets_query">;
};

import cognitoDatasetsPaginationQuery_graphql from './cognitoDatasetsPaginationQuery.graphql';

const node: ReaderFragment = (function(){
var v0 = [
  "cognitoDatasets"
];
return {
  "argumentDefinitions": [
    {
      "defaultValue": null,
      "kind": "LocalArgument",
      "name": "after"
    },
    {
      "defaultValue": null,
      "kind": "LocalArgument",
      "name": "before"
    },
    {
      "defaultValue": null,
      "kind": "LocalArgument",
      "name": "first"
    },
    {
      "defaultValue": null,
      "kind": "LocalArgument",
      "name": "identityId"
    },
    {
      "defaultValue": null,
      "kind": "LocalArgument",
      "name": "identityPoolId"
    },
    {
      "defaultValue": null,
      "kind": "LocalArgument",
      "name": "last"
    }
  ],
  "kind": "Fragment",
  "metadata": {
    "connection": [
      {
        "count": null,
        "cursor": null,
        "direction": "bidirectional",
        "path": (v0/*: any*/)
      }
    ],
    "refetch": {
      "connection": {
        "forward": {
          "count": "first",
          "cursor": "after"
        },
        "backward": {
          "count": "last",
          "cursor": "before"
        },
        "path": (v0/*: any*/)
      },
      "fragmentPathInResult": [],
      "operation": cognitoDatasetsPaginationQuery_graphql
    }
  },
  "name": "cognitoDatasets_query",
  "selections": [
    {
      "alias": "cognitoDatasets",
      "args": [
        {
          "kind": "Variable",
          "name": "identityId",
          "variableName": "identityId"
        },
        {
          "kind": "Variable",
          "name": "identityPoolId",
          "variableName": "identityPoolId"
        }
      ],
      "concreteType": "CognitoDatasetConnection",
      "kind": "LinkedField",
      "name": "__cognitoDatasets_cognitoDatasets_connection",
      "plural": false,
      "selections": [
        {
          "alias": null,
          "args": null,
          "concreteType": "CognitoDatasetEdge",
          "kind": "LinkedField",
          "name": "edges",
          "plural": true,
          "selections": [
            {
              "alias": null,
              "args": null,
              "concreteType": "CognitoDataset",
              "kind": "LinkedField",
              "name": "node",
              "plural": false,
              "selections": [
                {
                  "alias": null,
                  "args": null,
                  "kind": "ScalarField",
                  "name": "id",
                  "storageKey": null
                },
                {
                  "alias": null,
                  "args": null,
                  "kind": "ScalarField",
                  "name": "datasetName",
                  "storageKey": null
                },
                {
                  "alias": null,
                  "args": null,
                  "kind": "ScalarField",
                  "name": "numRecords",
                  "storageKey": null
                },
                {
                  "alias": null,
                  "args": null,
                  "kind": "ScalarField",
                  "name": "lastModifiedDate",
                  "storageKey": null
                },
                {
                  "alias": null,
                  "args": null,
                  "kind": "ScalarField",
                  "name": "__typename",
                  "storageKey": null
                }
              ],
              "storageKey": null
            },
            {
              "alias": null,
              "args": null,
              "kind": "ScalarField",
              "name": "cursor",
              "storageKey": null
            }
          ],
          "storageKey": null
        },
        {
          "alias": null,
          "args": null,
          "concreteType": "PageInfo",
          "kind": "LinkedField",
          "name": "pageInfo",
          "plural": false,
          "selections": [
            {
              "alias": null,
              "args": null,
              "kind": "ScalarField",
              "name": "endCursor",
              "storageKey": null
            },
            {
              "alias": null,
              "args": null,
              "kind": "ScalarField",
              "name": "hasNextPage",
              "storageKey": null
            },
            {
              "alias": null,
              "args": null,
              "kind": "ScalarField",
              "name": "hasPreviousPage",
              "storageKey": null
            },
            {
              "alias": null,
              "args": null,
              "kind": "ScalarField",
              "name": "startCursor",
              "storageKey": null
            }
          ],
          "storageKey": null
        }
      ],
      "storageKey": null
    }
  ],
  "type": "Query",
  "abstractKey": null
};
})();

(node as any).hash = "3776dc940dcefd50f69d51503c8f570c";

export default node;

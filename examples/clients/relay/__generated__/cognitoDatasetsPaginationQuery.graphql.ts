/**
 * @generated SignedSource<<dd67f1e74ade623ce46fa621f5cc275a>>
 * @lightSyntaxTransform
 * @nogrep
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import type { ConcreteRequest } from 'relay-runtime';
import type { FragmentRefs } from "relay-runtime";
export type cognitoDatasetsPaginationQuery$variables = {
  after?: string | null | undefined;
  before?: string | null | undefined;
  first?: number | null | undefined;
  identityId: string;
  identityPoolId: string;
  last?: number | null | undefined;
};
export type cognitoDatasetsPaginationQuery$data = {
  readonly " $fragmentSpreads": FragmentRefs<"cognitoDatasets_query">;
};
export type cognitoDatasetsPaginationQuery = {
  response: cognitoDatasetsPaginationQuery$data;
  variables: cognitoDatasetsPaginationQuery$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
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
v1 = [
  {
    "kind": "Variable",
    "name": "after",
    "variableName": "after"
  },
  {
    "kind": "Variable",
    "name": "before",
    "variableName": "before"
  },
  {
    "kind": "Variable",
    "name": "first",
    "variableName": "first"
  },
  {
    "kind": "Variable",
    "name": "identityId",
    "variableName": "identityId"
  },
  {
    "kind": "Variable",
    "name": "identityPoolId",
    "variableName": "identityPoolId"
  },
  {
    "kind": "Variable",
    "name": "last",
    "variableName": "last"
  }
];
return {
  "fragment": {
    "argumentDefinitions": (v0/*: any*/),
    "kind": "Fragment",
    "metadata": null,
    "name": "cognitoDatasetsPaginationQuery",
    "selections": [
      {
        "args": (v1/*: any*/),
        "kind": "FragmentSpread",
        "name": "cognitoDatasets_query"
      }
    ],
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*: any*/),
    "kind": "Operation",
    "name": "cognitoDatasetsPaginationQuery",
    "selections": [
      {
        "alias": null,
        "args": (v1/*: any*/),
        "concreteType": "CognitoDatasetConnection",
        "kind": "LinkedField",
        "name": "cognitoDatasets",
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
      },
      {
        "alias": null,
        "args": (v1/*: any*/),
        "filters": [
          "identityPoolId",
          "identityId"
        ],
        "handle": "connection",
        "key": "cognitoDatasets_cognitoDatasets",
        "kind": "LinkedHandle",
        "name": "cognitoDatasets"
      }
    ]
  },
  "params": {
    "cacheID": "72c39c0f8c1c4e45f871df9e036dadf8",
    "id": null,
    "metadata": {},
    "name": "cognitoDatasetsPaginationQuery",
    "operationKind": "query",
    "text": "query cognitoDatasetsPaginationQuery(\n  $after: String\n  $before: String\n  $first: Int\n  $identityId: String!\n  $identityPoolId: String!\n  $last: Int\n) {\n  ...cognitoDatasets_query_2Z0GMN\n}\n\nfragment cognitoDatasets_query_2Z0GMN on Query {\n  cognitoDatasets(identityPoolId: $identityPoolId, identityId: $identityId, first: $first, after: $after, last: $last, before: $before) {\n    edges {\n      node {\n        id\n        datasetName\n        numRecords\n        lastModifiedDate\n        __typename\n      }\n      cursor\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n      hasPreviousPage\n      startCursor\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "3776dc940dcefd50f69d51503c8f570c";

export default node;

/**
 * @generated SignedSource<<9e9aaeb2c9e4d54f0b649971a98a4789>>
 * @lightSyntaxTransform
 * @nogrep
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import type { ConcreteRequest } from 'relay-runtime';
import type { FragmentRefs } from "relay-runtime";
export type cognitoDatasetsQuery$variables = {
  first?: number | null | undefined;
  identityId: string;
  identityPoolId: string;
  last?: number | null | undefined;
};
export type cognitoDatasetsQuery$data = {
  readonly " $fragmentSpreads": FragmentRefs<"cognitoDatasets_query">;
};
export type cognitoDatasetsQuery = {
  response: cognitoDatasetsQuery$data;
  variables: cognitoDatasetsQuery$variables;
};

const node: ConcreteRequest = (function(){
var v0 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "first"
},
v1 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "identityId"
},
v2 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "identityPoolId"
},
v3 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "last"
},
v4 = [
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
    "argumentDefinitions": [
      (v0/*: any*/),
      (v1/*: any*/),
      (v2/*: any*/),
      (v3/*: any*/)
    ],
    "kind": "Fragment",
    "metadata": null,
    "name": "cognitoDatasetsQuery",
    "selections": [
      {
        "args": (v4/*: any*/),
        "kind": "FragmentSpread",
        "name": "cognitoDatasets_query"
      }
    ],
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [
      (v2/*: any*/),
      (v1/*: any*/),
      (v0/*: any*/),
      (v3/*: any*/)
    ],
    "kind": "Operation",
    "name": "cognitoDatasetsQuery",
    "selections": [
      {
        "alias": null,
        "args": (v4/*: any*/),
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
        "args": (v4/*: any*/),
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
    "cacheID": "2e977b81a15996ce4a71c7905af147dc",
    "id": null,
    "metadata": {},
    "name": "cognitoDatasetsQuery",
    "operationKind": "query",
    "text": "query cognitoDatasetsQuery(\n  $identityPoolId: String!\n  $identityId: String!\n  $first: Int\n  $last: Int\n) {\n  ...cognitoDatasets_query_26A8JE\n}\n\nfragment cognitoDatasets_query_26A8JE on Query {\n  cognitoDatasets(identityPoolId: $identityPoolId, identityId: $identityId, first: $first, last: $last) {\n    edges {\n      node {\n        id\n        datasetName\n        numRecords\n        lastModifiedDate\n        __typename\n      }\n      cursor\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n      hasPreviousPage\n      startCursor\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "8251e03edd721e9101c08d7a883824d3";

export default node;

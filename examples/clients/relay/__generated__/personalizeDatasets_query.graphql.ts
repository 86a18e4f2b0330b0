/**
 * @generated SignedSource<<3ba644a83c8f885e1245a9001bb6da8c>>
 * @lightSyntaxTransform
 * @nogrep
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import type { ReaderFragment } from 'relay-runtime';
export type PersonalizeDatasetStatus = "ACTIVE" | "CREATE_FAILED" | "CREATE_IN_PROGRESS" | "CREATE_PENDING" | "DELETE_IN_PROGRESS" | "DELETE_PENDING" | "UNKNOWN" | "UPDATE_FAILED" | "UPDATE_IN_PROGRESS" | "UPDATE_PENDING" | "%future added value";
export type PersonalizeDatasetType = "ACTIONS" | "ACTION_INTERACTIONS" | "INTERACTIONS" | "ITEMS" | "UNKNOWN" | "USERS" | "%future added value";
import type { FragmentRefs } from "relay-runtime";
export type personalizeDatasets_query$data = {
  readonly personalizeDatasets: {
    readonly edges: ReadonlyArray<{
      readonly node: {
        readonly datasetArn: string;
        readonly datasetType: PersonalizeDatasetType;
        readonly id: string;
        readonly name: string;
        readonly status: PersonalizeDatasetStatus;
      };
    }>;
  } | null | undefined;
  readonly " $fragmentType": "personalizeDatasets_query";
};
export type personalizeDatasets_query$key = {
  readonly " $data"?: personalizeDatasets_query$data;
  readonly " $fragmentSpreads": FragmentRefs<"personalizeDatasets_query">;
};

import personalizeDatasetsPaginationQuery_graphql from './personalizeDatasetsPaginationQuery.graphql';

const node: ReaderFragment = (function(){
var v0 = [
  "personalizeDatasets"
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
      "name": "datasetGroupArn"
    },
    {
      "defaultValue": null,
      "kind": "LocalArgument",
      "name": "first"
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
      "operation": personalizeDatasetsPaginationQuery_graphql
    }
  },
  "name": "personalizeDatasets_query",
  "selections": [
    {
      "alias": "personalizeDatasets",
      "args": [
        {
          "kind": "Variable",
          "name": "datasetGroupArn",
          "variableName": "datasetGroupArn"
        }
      ],
      "concreteType": "PersonalizeDatasetConnection",
      "kind": "LinkedField",
      "name": "__personalizeDatasets_personalizeDatasets_connection",
      "plural": false,
      "selections": [
        {
          "alias": null,
          "args": null,
          "concreteType": "PersonalizeDatasetEdge",
          "kind": "LinkedField",
          "name": "edges",
          "plural": true,
          "selections": [
            {
              "alias": null,
              "args": null,
              "concreteType": "PersonalizeDataset",
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
                  "name": "datasetArn",
                  "storageKey": null
                },
                {
                  "alias": null,
                  "args": null,
                  "kind": "ScalarField",
                  "name": "name",
                  "storageKey": null
                },
                {
                  "alias": null,
                  "args": null,
                  "kind": "ScalarField",
                  "name": "datasetType",
                  "storageKey": null
                },
                {
                  "alias": null,
                  "args": null,
                  "kind": "ScalarField",
                  "name": "status",
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

(node as any).hash = "06ab0b19a96643b7004db3fb20a7839f";

export default node;

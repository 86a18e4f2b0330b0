// The gateway's GraphQL schema, built from the type modules below: `schema` for clients, and
// `subgraphSchema`, the same graph as an Apollo Federation v2 subgraph (adds `_service` and
// `_entities`; served when GATEWAY_SUBGRAPH=true).
import './scalars.js';
import './cognito-dataset.js';
import './personalize-dataset.js';
import './personalize-dataset-group.js';

import { builder } from './builder.js';
import { checkEntityRepresentations } from './federation.js';

export const schema = builder.toSchema();

export const subgraphSchema = checkEntityRepresentations(
  builder.toSubGraphSchema({
    // Listed rather than inferred: the plugin infers them from the last build, i.e. from order.
    federationDirectives: ['@key', '@shareable'],
  }),
);

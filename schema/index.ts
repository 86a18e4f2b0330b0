// The gateway's GraphQL schema, built from the type modules below.
import './scalars.js';
import './cognito-dataset.js';
import './personalize-dataset.js';

import { builder } from './builder.js';

export const schema = builder.toSchema();

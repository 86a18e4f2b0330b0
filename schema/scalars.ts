import { DateTimeResolver } from 'graphql-scalars';

import { builder } from './builder.js';

export const DateTime = builder.addScalarType('DateTime', DateTimeResolver, {
  description: 'An ISO-8601 date-time (UTC).',
});

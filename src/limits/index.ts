// Operation limits: what one request may ask of the gateway, checked before anything is resolved
// or sent upstream, one plugin per file. Document shape (depth, aliases, tokens, directives,
// field suggestions) by graphql-armor, cost by the schema's cost model (schema/complexity.ts),
// upstream calls by the schema's plan (schema/upstream-calls.ts), introspection and CSRF by
// graphql-yoga's plugins, body and batch size here. Every refusal has a stable `extensions.code`.
import type { Plugin } from 'graphql-yoga';

import type { LimitSettings } from '../config/index.js';
import { useBatchLimit } from './batch.js';
import { useBodyLimit } from './body.js';
import { useCostLimit } from './cost.js';
import { useCsrfPrevention } from './csrf.js';
import { useDocumentShapeLimits } from './document-shape.js';
import { useIntrospectionDisabled } from './introspection.js';
import { useSupportedMediaTypes } from './media-types.js';
import { useUnreadableParamsAsBadRequest } from './unreadable-params.js';
import { useUpstreamCallLimit } from './upstream-calls.js';

/** In this order: the HTTP request, then the document, then its estimates before execution. */
export function limitPlugins(limits: LimitSettings): Plugin[] {
  return [
    ...(limits.csrfPrevention ? [useCsrfPrevention()] : []),
    useSupportedMediaTypes(),
    // Wraps the request parser after useBodyLimit, so it sees the size refusal as it is.
    useBodyLimit(limits.maxBodyBytes),
    useUnreadableParamsAsBadRequest(),
    useBatchLimit(limits.maxBatch),
    ...(limits.introspection ? [] : useIntrospectionDisabled()),
    useDocumentShapeLimits(limits),
    useCostLimit(limits.maxCost),
    useUpstreamCallLimit(limits.maxUpstreamCalls),
  ];
}

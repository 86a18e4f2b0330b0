// Operation limits: what one request may ask of the gateway, checked before anything is resolved
// or sent upstream. Document shape (depth, aliases, tokens, directives, field suggestions) by
// graphql-armor, cost by the schema's cost model (schema/complexity.ts), introspection and CSRF by
// graphql-yoga's plugins, body and batch size here. Every refusal has a stable `extensions.code`.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type {
  GraphQLArmorConfig,
  GraphQLArmorRejectCallback,
} from '@escape.tech/graphql-armor-types';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

import { GatewayError, type ErrorCode } from '../resolvers/errors.js';
import type { LimitSettings } from './config.js';
import { useCostLimit } from './limits-cost.js';
import { useUpstreamCallLimit } from './limits-upstream-calls.js';
import { useStableErrorCodes } from './limits-errors.js';
import {
  useBatchLimit,
  useBodyLimit,
  useCsrfPrevention,
  useSupportedMediaTypes,
  useUnreadableParamsAsBadRequest,
} from './limits-http.js';

export { CSRF_HEADERS } from './limits-http.js';

const AS_VALIDATION_ERROR = { http: { status: 400, spec: true } } as const;

/** graphql-armor's own message ("Syntax Error: Query depth limit of 12 exceeded, found 13."). */
function armorDetail(error: GraphQLError): string {
  return error.message.replace(/^Syntax Error: /, '');
}

/** Reports a graphql-armor validation refusal with its code (instead of armor's plain error). */
function reportAs(code: ErrorCode, advice: string): GraphQLArmorRejectCallback {
  return (context, error) => {
    context?.reportError(
      new GatewayError(code, `${armorDetail(error)} ${advice}`, AS_VALIDATION_ERROR),
    );
  };
}

function armorConfig(limits: LimitSettings): GraphQLArmorConfig {
  // Armor's rejection (a plain error) is replaced by ours, not raised as well.
  const rejection = { exposeLimits: true, propagateOnRejection: false } as const;
  return {
    // Cost is estimated by the schema's own model, which knows what first/last mean.
    costLimit: { enabled: false },
    maxDepth: {
      ...rejection,
      n: limits.maxDepth,
      // Depth counts fields; fragments and inline fragments add no level.
      flattenFragments: true,
      onReject: [reportAs('DEPTH_LIMIT_EXCEEDED', 'Select fewer nested levels.')],
    },
    maxAliases: {
      ...rejection,
      n: limits.maxAliases,
      onReject: [reportAs('ALIAS_LIMIT_EXCEEDED', 'Use fewer aliases, or split the operation.')],
    },
    maxDirectives: {
      ...rejection,
      n: limits.maxDirectives,
      onReject: [reportAs('DIRECTIVE_LIMIT_EXCEEDED', 'Use fewer directives.')],
    },
    maxTokens: {
      ...rejection,
      n: limits.maxTokens,
      // Counted while parsing, so a huge document is refused without being parsed whole.
      onReject: [
        (_context, error) => {
          throw new GatewayError(
            'TOKEN_LIMIT_EXCEEDED',
            `${armorDetail(error)} Send a smaller document.`,
            AS_VALIDATION_ERROR,
          );
        },
      ],
    },
    // Armor removes the `Did you mean "…"?` hints of validation errors; useStableErrorCodes the
    // rest (enum value hints, variable coercion).
    blockFieldSuggestion: { enabled: !limits.fieldSuggestions, mask: '' },
  };
}

// graphql-js's NoSchemaIntrospectionCustomRule, one error per field of an introspection type.
const INTROSPECTION_REFUSAL = /^GraphQL introspection has been disabled/;

/**
 * @graphql-yoga/plugin-disable-introspection, its validation errors (one per introspection
 * field) folded into one INTROSPECTION_DISABLED error at the first such field.
 */
function useIntrospectionDisabled(): Plugin[] {
  return [
    useDisableIntrospection(),
    {
      onValidate: () => (payload) => {
        const result: readonly unknown[] = payload.result;
        const refused = result.filter(
          (error): error is GraphQLError =>
            error instanceof GraphQLError && INTROSPECTION_REFUSAL.test(error.message),
        );
        const first = refused[0];
        if (first === undefined) return;
        payload.setResult([
          new GatewayError(
            'INTROSPECTION_DISABLED',
            'Introspection is disabled on this gateway; the schema is published with its documentation.',
            {
              ...AS_VALIDATION_ERROR,
              ...(first.nodes === undefined ? {} : { nodes: first.nodes }),
            },
          ),
          ...result.filter((error) => !refused.includes(error as GraphQLError)),
        ]);
      },
    },
  ];
}

export function limitPlugins(limits: LimitSettings): Plugin[] {
  return [
    useStableErrorCodes({ fieldSuggestions: limits.fieldSuggestions }),
    ...(limits.csrfPrevention ? [useCsrfPrevention()] : []),
    useSupportedMediaTypes(),
    // Wraps the request parser after useBodyLimit, so it sees the size refusal as it is.
    useBodyLimit(limits.maxBodyBytes),
    useUnreadableParamsAsBadRequest(),
    useBatchLimit(limits.maxBatch),
    ...(limits.introspection ? [] : useIntrospectionDisabled()),
    EnvelopArmorPlugin(armorConfig(limits)),
    useCostLimit(limits.maxCost),
    useUpstreamCallLimit(limits.maxUpstreamCalls),
  ];
}

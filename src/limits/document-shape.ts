// The document's shape (GATEWAY_MAX_DEPTH, _ALIASES, _DIRECTIVES, _TOKENS, field suggestions),
// checked by graphql-armor while parsing and validating; each refusal carries its own code.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type {
  GraphQLArmorConfig,
  GraphQLArmorRejectCallback,
} from '@escape.tech/graphql-armor-types';
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

import { GatewayError, type ErrorCode } from '../../resolvers/errors.js';
import type { LimitSettings } from '../config/index.js';

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

export function useDocumentShapeLimits(limits: LimitSettings): Plugin {
  return EnvelopArmorPlugin(armorConfig(limits));
}

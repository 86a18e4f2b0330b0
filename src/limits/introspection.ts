// Introspection off (GATEWAY_INTROSPECTION=false): one INTROSPECTION_DISABLED error.
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

import { GatewayError } from '../../resolvers/errors.js';

// graphql-js's NoSchemaIntrospectionCustomRule, one error per field of an introspection type.
const INTROSPECTION_REFUSAL = /^GraphQL introspection has been disabled/;

/**
 * @graphql-yoga/plugin-disable-introspection, its validation errors (one per introspection
 * field) folded into one INTROSPECTION_DISABLED error at the first such field.
 */
export function useIntrospectionDisabled(): Plugin[] {
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
              // Answered like the validation error it replaces.
              http: { status: 400, spec: true },
              ...(first.nodes === undefined ? {} : { nodes: first.nodes }),
            },
          ),
          ...result.filter((error) => !refused.includes(error as GraphQLError)),
        ]);
      },
    },
  ];
}

// Runs a codegen TypedDocumentNode (test/__generated__) against the stack over HTTP, so a test's
// variables and the data it reads are typed by the committed schema.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

import type { GraphQLResponse, Stack } from './stack.js';

export function run<Result, Variables extends Record<string, unknown>>(
  stack: Stack,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<GraphQLResponse<Result>> {
  return stack.graphql<Result>(print(document), variables);
}

/** The data of a response that must have no errors. */
export async function data<Result, Variables extends Record<string, unknown>>(
  stack: Stack,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  const response = await run(stack, document, variables);
  if (response.body.errors !== undefined || response.body.data === undefined) {
    throw new Error(`expected data without errors, got ${JSON.stringify(response.body)}`);
  }
  return response.body.data;
}

/** Global id the way the gateway encodes it: base64 of "<TypeName>:<raw id>". */
export function globalId(typename: string, rawId: string): string {
  return Buffer.from(`${typename}:${rawId}`, 'utf8').toString('base64');
}

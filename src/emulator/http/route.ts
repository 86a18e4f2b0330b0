// Which service and operation a request is for, and its input: awsJson services by their
// `X-Amz-Target` prefix, Cognito Sync (restJson1) by method and path. Worked out before
// authentication, so that even rejected calls are logged by name.
import type { IncomingHttpHeaders } from 'node:http';
import {
  decodeCognitoSyncInput,
  isCognitoSyncPath,
  matchCognitoSyncRoute,
} from '../cognito-sync/routes.js';
import type { ServiceName } from '../contract.js';
import type { OperationHandler } from '../protocol/operation.js';
import { ServiceError } from '../protocol/service-error.js';
import { parseJsonObject } from './body.js';
import type { Query } from './url.js';

/** The awsJson services, by the prefix of their `X-Amz-Target` header. */
export const TARGET_PREFIX = {
  personalize: 'AmazonPersonalize.',
  'cognito-identity': 'AWSCognitoIdentityService.',
} as const;
type JsonService = keyof typeof TARGET_PREFIX;

/** The service a request is for, or 'unknown' when no emulated service owns it. */
export function serviceOf(target: string | undefined, rawPath: string): ServiceName | 'unknown' {
  return jsonServiceOf(target) ?? (isCognitoSyncPath(rawPath) ? 'cognito-sync' : 'unknown');
}

/** The error for a request no emulated service handles. */
export function noServiceError(method: string, rawPath: string): ServiceError {
  return new ServiceError(
    'UnknownOperationException',
    404,
    `No emulated AWS service handles ${method} ${rawPath}. Amazon Personalize calls carry ` +
      `'X-Amz-Target: ${TARGET_PREFIX.personalize}<Operation>', Amazon Cognito Identity calls ` +
      `'X-Amz-Target: ${TARGET_PREFIX['cognito-identity']}<Operation>'; Amazon Cognito Sync paths start with /identitypools.`,
  );
}

export interface RoutedRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly query: Query;
  readonly headers: IncomingHttpHeaders;
  readonly target: string | undefined;
  readonly body: Buffer;
}

/** What routing learnt, written into the log entry as soon as it is known. */
export interface RoutedCall {
  operation: string;
  input: Record<string, unknown>;
}

/**
 * The handler for the request, or the error found on the way (unknown operation, undecodable
 * input), which the caller raises only after authentication, as AWS does. `call` gets the
 * operation name and input as far as they could be read.
 */
export function routeOperation(
  service: ServiceName,
  operations: Readonly<Record<string, OperationHandler>>,
  request: RoutedRequest,
  call: RoutedCall,
): OperationHandler | ServiceError {
  const { method, rawPath } = request;
  let routed: OperationHandler | ServiceError;
  if (service !== 'cognito-sync') {
    call.operation = (request.target ?? '').slice(TARGET_PREFIX[service].length);
    routed =
      handlerOf(operations, call.operation) ??
      new ServiceError(
        'UnknownOperationException',
        400,
        `Operation ${call.operation} is not supported by this emulator.`,
      );
    try {
      call.input = parseJsonObject(request.body);
    } catch (error) {
      if (!(routed instanceof ServiceError)) routed = error as ServiceError;
    }
    return routed;
  }
  try {
    const matched = matchCognitoSyncRoute(method, rawPath);
    routed =
      (matched && handlerOf(operations, matched.operation)) ??
      new ServiceError(
        'UnknownOperationException',
        404,
        `No Amazon Cognito Sync operation matches ${method} ${rawPath}.`,
      );
    if (matched !== undefined) {
      call.operation = matched.operation;
      call.input = decodeCognitoSyncInput(
        matched,
        request.query,
        request.headers,
        request.body.toString('utf8'),
      );
    }
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    routed = error;
  }
  return routed;
}

function jsonServiceOf(target: string | undefined): JsonService | undefined {
  if (target === undefined) return undefined;
  return (Object.keys(TARGET_PREFIX) as JsonService[]).find((service) =>
    target.startsWith(TARGET_PREFIX[service]),
  );
}

function handlerOf(
  operations: Readonly<Record<string, OperationHandler>>,
  name: string,
): OperationHandler | undefined {
  return Object.hasOwn(operations, name) ? operations[name] : undefined;
}

// How each protocol puts a ServiceError on the wire. The recipe every client accepts
// (SDK v3, botocore, both CLIs): the bare shape name in the `x-amzn-ErrorType` header AND in the
// body's `__type`, plus `message`. botocore's awsJson parser reads only `__type`; SDK v3 reads the
// header first, so the two always agree. No `code` key: SDK v3 would prefer it over `__type`.
import type { ServiceName } from '../contract.js';
import { ServiceError } from './service-error.js';

export { ServiceError };

export type WireProtocol = 'restJson1' | 'awsJson1_1';

export const PROTOCOL_OF: Readonly<Record<ServiceName, WireProtocol>> = {
  'cognito-sync': 'restJson1',
  personalize: 'awsJson1_1',
  'cognito-identity': 'awsJson1_1',
};

const CONTENT_TYPE: Readonly<Record<WireProtocol, string>> = {
  restJson1: 'application/json',
  awsJson1_1: 'application/x-amz-json-1.1',
};

export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function successResponse(protocol: WireProtocol, output: unknown): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': CONTENT_TYPE[protocol] },
    body: JSON.stringify(output ?? {}),
  };
}

export function errorResponse(protocol: WireProtocol, error: ServiceError): WireResponse {
  return {
    status: error.statusCode,
    headers: { 'content-type': CONTENT_TYPE[protocol], 'x-amzn-errortype': error.code },
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}

/**
 * The error a throttled call gets. Cognito Sync and Cognito Identity model
 * TooManyRequestsException (429). Personalize models no throttling error; real awsJson services
 * then answer ThrottlingException (400), which SDK v3 and botocore both classify as throttling and
 * retry.
 */
export function throttlingError(service: ServiceName): ServiceError {
  return service === 'personalize'
    ? new ServiceError('ThrottlingException', 400, 'Rate exceeded')
    : new ServiceError('TooManyRequestsException', 429, 'Rate exceeded');
}

/**
 * The 5xx a failing call gets: the Cognito services' modelled InternalErrorException, else the AWS
 * common error InternalFailure. Both are 500 so that SDKs retry them (they retry by status, not
 * name).
 */
export function internalError(service: ServiceName | 'unknown'): ServiceError {
  return service === 'cognito-sync' || service === 'cognito-identity'
    ? new ServiceError('InternalErrorException', 500, 'An internal error occurred')
    : new ServiceError(
        'InternalFailure',
        500,
        'The request processing has failed because of an unknown error',
      );
}

import {
  CognitoSyncServiceException,
  InternalErrorException,
  InvalidParameterException,
  LambdaThrottledException,
  LimitExceededException as CognitoLimitExceededException,
  NotAuthorizedException,
  ResourceNotFoundException as CognitoResourceNotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-cognito-sync';
import {
  InvalidInputException,
  InvalidNextTokenException,
  LimitExceededException as PersonalizeLimitExceededException,
  PersonalizeServiceException,
  ResourceNotFoundException as PersonalizeResourceNotFoundException,
} from '@aws-sdk/client-personalize';
import { describe, expect, it } from 'vitest';
import { GatewayError, type ErrorCode, type UpstreamCall } from '../../resolvers/errors.js';
import { isTokenRejection, toGatewayError } from '../../resolvers/upstream-errors.js';

const cognito: UpstreamCall = { service: 'cognito-sync', operation: 'ListDatasets' };
const personalize: UpstreamCall = { service: 'personalize', operation: 'ListDatasets' };
const SECRET_DETAIL = 'arn:aws:iam::999999999999:role/internal-gateway-role';
const metadata = { httpStatusCode: 400, requestId: 'req-1234' };

function personalizeError(name: string, status: number, fault: 'client' | 'server' = 'client') {
  return new PersonalizeServiceException({
    name,
    $fault: fault,
    $metadata: { httpStatusCode: status, requestId: 'req-1234' },
    message: `${name}: ${SECRET_DETAIL}`,
  });
}

function cognitoError(name: string, status: number, fault: 'client' | 'server' = 'client') {
  return new CognitoSyncServiceException({
    name,
    $fault: fault,
    $metadata: { httpStatusCode: status, requestId: 'req-1234' },
    message: `${name}: ${SECRET_DETAIL}`,
  });
}

function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 10.0.0.7:443 ${SECRET_DETAIL}`), { code });
}

function namedError(name: string): Error {
  const error = new Error(`${name} ${SECRET_DETAIL}`);
  error.name = name;
  return error;
}

const cases: readonly (readonly [string, unknown, UpstreamCall, ErrorCode])[] = [
  [
    'Cognito NotAuthorizedException',
    new NotAuthorizedException({ message: SECRET_DETAIL, $metadata: metadata }),
    cognito,
    'FORBIDDEN',
  ],
  [
    'Cognito InvalidParameterException',
    new InvalidParameterException({
      message:
        "1 validation error detected: Value 'x' at 'identityPoolId' failed to satisfy constraint",
      $metadata: metadata,
    }),
    cognito,
    'BAD_USER_INPUT',
  ],
  [
    'Cognito ResourceNotFoundException',
    new CognitoResourceNotFoundException({ message: SECRET_DETAIL, $metadata: metadata }),
    cognito,
    'NOT_FOUND',
  ],
  [
    'Cognito TooManyRequestsException',
    new TooManyRequestsException({ message: SECRET_DETAIL, $metadata: metadata }),
    cognito,
    'RATE_LIMITED',
  ],
  [
    'Cognito LambdaThrottledException',
    new LambdaThrottledException({ message: SECRET_DETAIL, $metadata: metadata }),
    cognito,
    'RATE_LIMITED',
  ],
  [
    'Cognito LimitExceededException on a read',
    new CognitoLimitExceededException({ message: SECRET_DETAIL, $metadata: metadata }),
    cognito,
    'RATE_LIMITED',
  ],
  [
    'Cognito InternalErrorException',
    new InternalErrorException({
      message: SECRET_DETAIL,
      $metadata: { ...metadata, httpStatusCode: 500 },
    }),
    cognito,
    'UPSTREAM_UNAVAILABLE',
  ],
  [
    'Personalize InvalidInputException',
    new InvalidInputException({ message: 'Invalid datasetGroupArn', $metadata: metadata }),
    personalize,
    'BAD_USER_INPUT',
  ],
  [
    'Personalize InvalidNextTokenException',
    new InvalidNextTokenException({ message: SECRET_DETAIL, $metadata: metadata }),
    personalize,
    'STALE_CURSOR',
  ],
  [
    'Personalize ResourceNotFoundException',
    new PersonalizeResourceNotFoundException({ message: SECRET_DETAIL, $metadata: metadata }),
    personalize,
    'NOT_FOUND',
  ],
  [
    'Personalize LimitExceededException on a read',
    new PersonalizeLimitExceededException({ message: SECRET_DETAIL, $metadata: metadata }),
    personalize,
    'RATE_LIMITED',
  ],
  [
    'ThrottlingException',
    personalizeError('ThrottlingException', 400),
    personalize,
    'RATE_LIMITED',
  ],
  ['an unnamed HTTP 429', personalizeError('Whatever', 429), personalize, 'RATE_LIMITED'],
  [
    'InternalFailure',
    personalizeError('InternalFailure', 500, 'server'),
    personalize,
    'UPSTREAM_UNAVAILABLE',
  ],
  [
    'ServiceUnavailable',
    cognitoError('ServiceUnavailable', 503, 'server'),
    cognito,
    'UPSTREAM_UNAVAILABLE',
  ],
  ['an unknown 5xx', cognitoError('BadGateway', 502, 'server'), cognito, 'UPSTREAM_UNAVAILABLE'],
  ['TimeoutError', namedError('TimeoutError'), cognito, 'UPSTREAM_TIMEOUT'],
  ['AbortError', namedError('AbortError'), cognito, 'UPSTREAM_TIMEOUT'],
  ['RequestTimeout', personalizeError('RequestTimeout', 408), personalize, 'UPSTREAM_TIMEOUT'],
  ['ETIMEDOUT', systemError('ETIMEDOUT'), personalize, 'UPSTREAM_TIMEOUT'],
  ['ECONNREFUSED', systemError('ECONNREFUSED'), personalize, 'UPSTREAM_UNAVAILABLE'],
  ['ECONNRESET', systemError('ECONNRESET'), personalize, 'UPSTREAM_UNAVAILABLE'],
  ['ENOTFOUND', systemError('ENOTFOUND'), cognito, 'UPSTREAM_UNAVAILABLE'],
  ['EPIPE', systemError('EPIPE'), cognito, 'UPSTREAM_UNAVAILABLE'],
  [
    'ECONNREFUSED inside an AggregateError',
    new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')], 'connect'),
    cognito,
    'UPSTREAM_UNAVAILABLE',
  ],
  [
    'ECONNRESET as the cause of a wrapper',
    new Error('socket hang up', { cause: systemError('ECONNRESET') }),
    cognito,
    'UPSTREAM_UNAVAILABLE',
  ],
];

const credentialNames = [
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'MissingAuthenticationTokenException',
  'ExpiredTokenException',
  'AccessDeniedException',
];

describe('toGatewayError', () => {
  it.each(cases)('maps %s to its stable code', (_label, error, call, code) => {
    expect(toGatewayError(error, call).extensions['code']).toBe(code);
  });

  it.each(credentialNames)(
    'reports %s as the gateway’s own credentials being refused, not the client’s fault',
    (name) => {
      const mapped = toGatewayError(personalizeError(name, 403), personalize);
      expect(mapped.extensions['code']).toBe('GATEWAY_MISCONFIGURED');
      expect(mapped.extensions['retryable']).toBeUndefined();
      expect(mapped.message).toMatch(/gateway's AWS credentials were refused/);
      expect(mapped.message).not.toContain(SECRET_DETAIL);
    },
  );

  it('reports missing gateway credentials as such, not as refused ones', () => {
    const mapped = toGatewayError(namedError('CredentialsProviderError'), cognito);
    expect(mapped.extensions['code']).toBe('GATEWAY_MISCONFIGURED');
    expect(mapped.message).toMatch(/found no AWS credentials/);
    expect(mapped.message).not.toMatch(/refused/);
  });

  it.each(cases.filter(([, , , code]) => code !== 'BAD_USER_INPUT'))(
    'never shows the upstream message for %s',
    (_label, error, call) => {
      const mapped = toGatewayError(error, call);
      expect(mapped.message).not.toContain(SECRET_DETAIL);
      expect(mapped.message).not.toContain('10.0.0.7');
      expect(JSON.stringify(mapped.toJSON())).not.toContain(SECRET_DETAIL);
    },
  );

  it('names the service and the operation in the message', () => {
    const throttled = new TooManyRequestsException({ message: 'slow down', $metadata: metadata });
    expect(toGatewayError(throttled, cognito).message).toMatch(/Amazon Cognito Sync ListDatasets/);
    const missing = new PersonalizeResourceNotFoundException({ message: 'x', $metadata: metadata });
    expect(
      toGatewayError(missing, { service: 'personalize', operation: 'DescribeDataset' }).message,
    ).toMatch(/Amazon Personalize DescribeDataset/);
  });

  it('tells the client which parameter failed validation, sanitized', () => {
    const error = new InvalidParameterException({
      message:
        "1 validation error detected: Value 'bad id' at 'identityId' failed to satisfy constraint\u0000\u001b[31m AKIAIOSFODNN7EXAMPLE",
      $metadata: metadata,
    });
    const mapped = toGatewayError(error, cognito);
    expect(mapped.extensions['code']).toBe('BAD_USER_INPUT');
    expect(mapped.message).toContain("at 'identityId' failed to satisfy constraint");
    expect(mapped.message).not.toMatch(/\p{Cc}/u);
    expect(mapped.message).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  it('truncates a very long validation message', () => {
    const error = new InvalidInputException({ message: 'x'.repeat(5000), $metadata: metadata });
    expect(toGatewayError(error, personalize).message.length).toBeLessThan(400);
  });

  it('treats a Cognito InvalidParameterException about the next token as a stale cursor', () => {
    const error = new InvalidParameterException({
      message: 'Invalid NextToken',
      $metadata: metadata,
    });
    expect(toGatewayError(error, cognito).extensions['code']).toBe('STALE_CURSOR');
  });

  it('adds the service, operation and AWS request id for support', () => {
    const error = new TooManyRequestsException({ message: 'x', $metadata: metadata });
    expect(toGatewayError(error, cognito).extensions['upstream']).toEqual({
      service: 'cognito-sync',
      operation: 'ListDatasets',
      requestId: 'req-1234',
    });
  });

  it('omits the request id when the upstream sent none', () => {
    const mapped = toGatewayError(systemError('ECONNREFUSED'), personalize);
    expect(mapped.extensions['upstream']).toEqual({
      service: 'personalize',
      operation: 'ListDatasets',
    });
  });

  it.each([
    ['RATE_LIMITED', new TooManyRequestsException({ message: 'x', $metadata: metadata }), true],
    ['UPSTREAM_UNAVAILABLE', systemError('ECONNRESET'), true],
    ['UPSTREAM_TIMEOUT', namedError('TimeoutError'), true],
    [
      'NOT_FOUND',
      new CognitoResourceNotFoundException({ message: 'x', $metadata: metadata }),
      undefined,
    ],
    ['FORBIDDEN', new NotAuthorizedException({ message: 'x', $metadata: metadata }), undefined],
  ])('marks %s as retryable only when a retry can help', (_code, error, retryable) => {
    expect(toGatewayError(error, cognito).extensions['retryable']).toBe(retryable);
  });

  it('passes a GatewayError through unchanged', () => {
    const original = new GatewayError('BAD_USER_INPUT', 'first must be at most 100');
    expect(toGatewayError(original, cognito)).toBe(original);
  });

  it.each([
    ['a TypeError', new TypeError(`Cannot read properties of undefined ${SECRET_DETAIL}`)],
    ['an unknown AWS error', personalizeError('SerializationException', 400)],
    ['a thrown string', SECRET_DETAIL],
    ['null', null],
    ['a plain object', { message: SECRET_DETAIL }],
  ])('masks %s as an unexpected internal error', (_label, error) => {
    const mapped = toGatewayError(error, personalize);
    expect(mapped.extensions['code']).toBe('INTERNAL_SERVER_ERROR');
    expect(mapped.message).toBe('Unexpected error');
    expect(JSON.stringify(mapped.toJSON())).not.toContain(SECRET_DETAIL);
  });

  it('keeps the original error as the cause for server logs, outside the response', () => {
    const original = new TypeError('boom');
    const mapped = toGatewayError(original, personalize);
    expect(mapped.cause).toBe(original);
    expect(mapped.originalError).toBeUndefined();
    expect(JSON.stringify(mapped.toJSON())).not.toContain('boom');
  });
});

describe('GatewayError', () => {
  it('carries its code in extensions, where clients read it', () => {
    const error = new GatewayError('STALE_CURSOR', 'restart', {
      extensions: { argumentName: 'after' },
    });
    expect(error.toJSON()).toEqual({
      message: 'restart',
      extensions: { code: 'STALE_CURSOR', argumentName: 'after' },
    });
    expect(error.code).toBe('STALE_CURSOR');
  });

  it('cannot have its code overridden through extensions', () => {
    const error = new GatewayError('NOT_FOUND', 'gone', { extensions: { code: 'OTHER' } });
    expect(error.extensions['code']).toBe('NOT_FOUND');
  });
});

describe('isTokenRejection', () => {
  it.each([
    [
      'Personalize InvalidNextTokenException',
      new InvalidNextTokenException({ message: 'x', $metadata: metadata }),
      true,
    ],
    [
      'Cognito InvalidParameterException about the token',
      new InvalidParameterException({ message: 'The nextToken is invalid', $metadata: metadata }),
      true,
    ],
    [
      'Cognito InvalidParameterException about another parameter',
      new InvalidParameterException({
        message: "Value at 'identityId' failed",
        $metadata: metadata,
      }),
      false,
    ],
    [
      'Personalize InvalidInputException',
      new InvalidInputException({ message: 'x', $metadata: metadata }),
      false,
    ],
    ['a network error', systemError('ECONNRESET'), false],
    ['a non-error', 'InvalidNextTokenException', false],
  ])('tells whether %s is a token rejection', (_label, error, expected) => {
    expect(isTokenRejection(error)).toBe(expected);
  });

  it('sees through a GatewayError to the rejection it was made from', () => {
    const rejected = new InvalidNextTokenException({ message: 'x', $metadata: metadata });
    expect(isTokenRejection(toGatewayError(rejected, personalize))).toBe(true);
    expect(isTokenRejection(new GatewayError('STALE_CURSOR', 'x'))).toBe(false);
  });
});

// AWS refusing a call signed with the caller's own credentials (identity mode) is a refusal of
// the caller (FORBIDDEN), not a fault of the gateway's credentials (UPSTREAM_UNAVAILABLE).
import { PersonalizeServiceException } from '@aws-sdk/client-personalize';
import { describe, expect, it } from 'vitest';

import type { UpstreamCall } from '../../resolvers/errors.js';
import { toGatewayError } from '../../resolvers/upstream-errors.js';

const personalize: UpstreamCall = { service: 'personalize', operation: 'ListDatasets' };

function awsError(name: string, status: number): PersonalizeServiceException {
  return new PersonalizeServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status, requestId: 'req-1' },
    message: `User: arn:aws:sts::123456789012:assumed-role/Cognito_Auth/CognitoIdentityCredentials is not authorized (${name})`,
  });
}

describe('toGatewayError with the caller’s credentials', () => {
  it.each(['AccessDeniedException', 'NotAuthorizedException'])(
    '%s becomes FORBIDDEN without the AWS message',
    (name) => {
      const mapped = toGatewayError(awsError(name, 403), personalize, { callerCredentials: true });
      expect(mapped.code).toBe('FORBIDDEN');
      expect(mapped.message).not.toMatch(/arn:|gateway's AWS credentials/);
    },
  );

  it('AccessDeniedException with the gateway’s credentials stays an operator problem', () => {
    const mapped = toGatewayError(awsError('AccessDeniedException', 403), personalize);
    expect(mapped.code).toBe('GATEWAY_MISCONFIGURED');
    expect(mapped.message).toMatch(/gateway's AWS credentials/);
  });

  it('other refusals of the caller’s credentials are retryable, not blamed on the gateway', () => {
    const mapped = toGatewayError(awsError('ExpiredTokenException', 400), personalize, {
      callerCredentials: true,
    });
    expect(mapped.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(mapped.message).not.toMatch(/gateway's AWS credentials/);
    expect(mapped.extensions['retryable']).toBe(true);
  });
});

// The AWS clients the gateway builds (src/aws.ts): every one sends request ids and carries no SDK
// loggerMiddleware, which would deep-copy every output for a logger the gateway never sets.
import { describe, expect, it } from 'vitest';

import { createAwsClients } from '../../src/aws.js';
import { loadConfig, withLocalUpstream } from '../../src/config/index.js';

const config = withLocalUpstream(
  loadConfig({
    GATEWAY_DEMO: 'false',
    GATEWAY_AUTH_MODE: 'none',
    AWS_REGION: 'us-east-1',
    GATEWAY_CURSOR_SECRET: 'unit-test-cursor-secret-0123456789abcdef',
  }),
  {
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
  },
);

describe('the gateway AWS clients', () => {
  it('drop the SDK logger middleware and add the request id one, callers’ clients too', () => {
    const clients = createAwsClients(config);
    try {
      const caller = clients.withCredentials({ accessKeyId: 'a', secretAccessKey: 'b' });
      for (const client of [
        clients.personalize,
        clients.cognitoSync,
        clients.cognitoIdentity,
        caller.personalize,
        caller.cognitoSync,
      ]) {
        const names = client.middlewareStack.identify().map((entry) => entry.split(' ')[0]);
        expect(names).toContain('gatewayRequestId');
        expect(names).not.toContain('loggerMiddleware');
      }
    } finally {
      clients.destroy();
    }
  });
});

import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import {
  EXPIRED_CREDENTIALS_RETENTION_MS,
  createSigV4Verifier,
  type ReceivedRequest,
} from '../../src/emulator/protocol/sigv4.js';
import type { EmulatorCredentials } from '../../src/emulator/index.js';
import { rejectionOf } from '../helpers/emulator.js';

// The official SigV4 test suite's `get-vanilla` vector.
const EXAMPLE: EmulatorCredentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const EXAMPLE_TIME = new Date('2015-08-30T12:36:00Z');
const GET_VANILLA: ReceivedRequest = {
  method: 'GET',
  rawPath: '/',
  query: {},
  headers: {
    host: 'example.amazonaws.com',
    'x-amz-date': '20150830T123600Z',
    authorization:
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
      'SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  body: new Uint8Array(),
};

const DEVELOPER: EmulatorCredentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const IDENTITY: EmulatorCredentials = {
  accessKeyId: 'ASIAUSER',
  secretAccessKey: 'user-secret',
  identityId: 'us-east-1:1111bbbb-0000-0000-0000-000000000001',
  sessionToken: 'session-1',
};
const NOW = new Date('2026-03-01T10:00:00Z');

function verifier(credentials: readonly EmulatorCredentials[] = [DEVELOPER, IDENTITY], now = NOW) {
  return createSigV4Verifier({ credentials, now: () => now });
}

interface Unsigned {
  readonly method?: string;
  readonly path?: string;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** Signs like SDK v3 does: path already percent-encoded on the wire, x-amz-content-sha256 added. */
async function signed(
  request: Unsigned,
  options: {
    readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    readonly service?: string;
    readonly at?: Date;
  } = {},
): Promise<ReceivedRequest> {
  const signer = new SignatureV4({
    credentials: options.credentials ?? DEVELOPER,
    region: 'eu-west-1',
    service: options.service ?? 'cognito-sync',
    sha256: Hash.bind(null, 'sha256'),
  });
  const path =
    request.path ??
    '/identitypools/us-east-1%3A0000aaaa-0000/identities/us-east-1%3A1111bbbb-0000/datasets';
  const result = await signer.sign(
    {
      method: request.method ?? 'GET',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4566,
      path,
      query: request.query ?? {},
      headers: { host: '127.0.0.1:4566', ...request.headers },
      body: request.body,
    },
    { signingDate: options.at ?? NOW },
  );
  const headers = Object.fromEntries(
    Object.entries(result.headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return {
    method: result.method,
    rawPath: path,
    query: request.query ?? {},
    headers,
    body: Buffer.from(request.body ?? ''),
  };
}

/** The wire error a refused request gets: its code, HTTP status and message. */
async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: string; status: number; message: string }> {
  const error = (await rejectionOf(promise)) as {
    code: string;
    statusCode: number;
    message: string;
  };
  return { code: error.code, status: error.statusCode, message: error.message };
}

describe('SigV4 verification', () => {
  it('accepts the official get-vanilla test vector', async () => {
    const principal = await verifier([EXAMPLE], EXAMPLE_TIME).verify(GET_VANILLA, 'service');
    expect(principal).toEqual({ accessKeyId: 'AKIDEXAMPLE' });
  });

  it('rejects the get-vanilla vector with one signature digit changed', async () => {
    const authorization = String(GET_VANILLA.headers['authorization']).replace(/1$/, '2');
    const request = { ...GET_VANILLA, headers: { ...GET_VANILLA.headers, authorization } };
    expect(
      await refusal(verifier([EXAMPLE], EXAMPLE_TIME).verify(request, 'service')),
    ).toMatchObject({
      code: 'InvalidSignatureException',
      status: 403,
    });
  });

  it('accepts an SDK-style request whose path carries percent-encoded identity ids', async () => {
    const request = await signed({ query: { maxResults: '3', nextToken: 'a b/c+d=' } });
    expect(await verifier().verify(request, 'cognito-sync')).toEqual({ accessKeyId: 'test' });
  });

  it('accepts a JSON POST with its body hash and target header signed', async () => {
    const request = await signed(
      {
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AmazonPersonalize.ListDatasets',
        },
        body: '{"maxResults":5}',
      },
      { service: 'personalize' },
    );
    expect(await verifier().verify(request, 'personalize')).toEqual({ accessKeyId: 'test' });
  });

  it('names the identity of identity-bound credentials signed with their session token', async () => {
    const request = await signed({}, { credentials: IDENTITY });
    expect(await verifier().verify(request, 'cognito-sync')).toEqual({
      accessKeyId: 'ASIAUSER',
      identityId: IDENTITY.identityId,
    });
  });

  it('rejects credentials whose configured session token is missing or different', async () => {
    const withoutToken = {
      accessKeyId: IDENTITY.accessKeyId,
      secretAccessKey: IDENTITY.secretAccessKey,
    };
    for (const credentials of [withoutToken, { ...withoutToken, sessionToken: 'other' }]) {
      const request = await signed({}, { credentials });
      expect(await refusal(verifier().verify(request, 'cognito-sync'))).toEqual({
        code: 'UnrecognizedClientException',
        status: 403,
        message: 'The security token included in the request is invalid.',
      });
    }
  });

  it('rejects a body changed after signing', async () => {
    const request = await signed({ method: 'POST', body: '{"SyncSessionToken":"a"}' });
    const tampered = { ...request, body: Buffer.from('{"SyncSessionToken":"b"}') };
    expect(await refusal(verifier().verify(tampered, 'cognito-sync'))).toMatchObject({
      code: 'InvalidSignatureException',
      status: 403,
    });
  });

  it('rejects a changed query parameter', async () => {
    const request = await signed({ query: { maxResults: '3' } });
    const tampered = { ...request, query: { maxResults: '4' } };
    expect(await refusal(verifier().verify(tampered, 'cognito-sync'))).toMatchObject({
      code: 'InvalidSignatureException',
      message: expect.stringMatching(
        /^The request signature we calculated does not match/,
      ) as unknown,
    });
  });

  it('rejects a path signed without its percent-encoding as a different request', async () => {
    const request = await signed({});
    const decoded = { ...request, rawPath: decodeURIComponent(request.rawPath) };
    expect((await refusal(verifier().verify(decoded, 'cognito-sync'))).code).toBe(
      'InvalidSignatureException',
    );
  });

  it('rejects a wrong secret', async () => {
    const request = await signed(
      {},
      { credentials: { accessKeyId: 'test', secretAccessKey: 'nope' } },
    );
    expect((await refusal(verifier().verify(request, 'cognito-sync'))).code).toBe(
      'InvalidSignatureException',
    );
  });

  it('rejects an unknown access key', async () => {
    const request = await signed(
      {},
      { credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' } },
    );
    expect(await refusal(verifier().verify(request, 'cognito-sync'))).toEqual({
      code: 'UnrecognizedClientException',
      status: 403,
      message: 'The security token included in the request is invalid.',
    });
  });

  it('rejects credentials scoped to another service', async () => {
    const request = await signed({}, { service: 'personalize' });
    expect(await refusal(verifier().verify(request, 'cognito-sync'))).toEqual({
      code: 'InvalidSignatureException',
      status: 403,
      message: "Credential should be scoped to correct service: 'cognito-sync'. ",
    });
  });

  it('rejects a signature more than five minutes old or ahead as expired', async () => {
    const old = await signed({}, { at: new Date(NOW.getTime() - 5 * 60_000 - 1000) });
    expect(await refusal(verifier().verify(old, 'cognito-sync'))).toMatchObject({
      code: 'InvalidSignatureException',
      message: expect.stringMatching(/^Signature expired: /) as unknown,
    });
    const ahead = await signed({}, { at: new Date(NOW.getTime() + 5 * 60_000 + 1000) });
    expect(await refusal(verifier().verify(ahead, 'cognito-sync'))).toMatchObject({
      code: 'InvalidSignatureException',
      message: expect.stringMatching(/^Signature not yet current: /) as unknown,
    });
  });

  it('accepts a signature four minutes old', async () => {
    const request = await signed({}, { at: new Date(NOW.getTime() - 4 * 60_000) });
    expect(await verifier().verify(request, 'cognito-sync')).toEqual({ accessKeyId: 'test' });
  });

  it('rejects a credential scope dated another day than X-Amz-Date', async () => {
    const request = await signed({});
    const authorization = String(request.headers['authorization']).replace(
      '/20260301/',
      '/20260302/',
    );
    expect(
      (
        await refusal(
          verifier().verify(
            { ...request, headers: { ...request.headers, authorization } },
            'cognito-sync',
          ),
        )
      ).message,
    ).toMatch(/^Date in Credential scope does not match/);
  });

  it('rejects a declared body hash that is not the hash of the body received', async () => {
    const request = await signed({ method: 'POST', body: '{}' });
    const headers = { ...request.headers, 'x-amz-content-sha256': '0'.repeat(64) };
    expect(await refusal(verifier().verify({ ...request, headers }, 'cognito-sync'))).toMatchObject(
      {
        code: 'InvalidSignatureException',
        message: expect.stringContaining('x-amz-content-sha256') as unknown,
      },
    );
  });

  it('answers MissingAuthenticationTokenException when nothing is signed', async () => {
    const request: ReceivedRequest = {
      method: 'GET',
      rawPath: '/identitypools',
      query: {},
      headers: {},
      body: new Uint8Array(),
    };
    expect(await refusal(verifier().verify(request, 'cognito-sync'))).toEqual({
      code: 'MissingAuthenticationTokenException',
      status: 403,
      message: 'Missing Authentication Token',
    });
  });

  it('answers IncompleteSignatureException for a malformed Authorization header', async () => {
    for (const authorization of [
      'AWS4-HMAC-SHA256 Credential=test/20260301/us-east-1/cognito-sync/aws4_request',
      'AWS4-HMAC-SHA256 Credential=test, SignedHeaders=host, Signature=00',
      'Basic dGVzdDp0ZXN0',
    ]) {
      const request: ReceivedRequest = {
        method: 'GET',
        rawPath: '/identitypools',
        query: {},
        headers: { authorization, 'x-amz-date': '20260301T100000Z', host: 'h' },
        body: new Uint8Array(),
      };
      expect(await refusal(verifier().verify(request, 'cognito-sync'))).toMatchObject({
        code: 'IncompleteSignatureException',
        status: 400,
      });
    }
  });
});

describe('credentials issued at run time', () => {
  const ISSUED = {
    accessKeyId: 'ASIAISSUED',
    secretAccessKey: 'issued-secret',
    sessionToken: 'issued-session',
    identityId: 'us-east-1:1111bbbb-0000-0000-0000-000000000002',
    identityPoolId: 'us-east-1:0000aaaa-0000-0000-0000-000000000001',
    expiresAt: new Date(NOW.getTime() + 3600_000),
  };

  /** A verifier whose clock the test moves. */
  function withClock(start: Date) {
    const clock = { now: start };
    return {
      clock,
      verifier: createSigV4Verifier({ credentials: [DEVELOPER], now: () => clock.now }),
    };
  }

  it('are unknown until learned, then name their identity and pool', async () => {
    const { verifier: learning } = withClock(NOW);
    const request = await signed({}, { credentials: ISSUED });
    expect((await refusal(learning.verify(request, 'cognito-sync'))).code).toBe(
      'UnrecognizedClientException',
    );

    learning.learn(ISSUED);

    expect(await learning.verify(request, 'cognito-sync')).toEqual({
      accessKeyId: ISSUED.accessKeyId,
      identityId: ISSUED.identityId,
      identityPoolId: ISSUED.identityPoolId,
    });
  });

  it('get ExpiredTokenException (403) from their expiry on, before the signature is checked', async () => {
    const { clock, verifier: learning } = withClock(NOW);
    learning.learn(ISSUED);
    clock.now = ISSUED.expiresAt;
    const request = await signed({}, { credentials: ISSUED, at: ISSUED.expiresAt });
    const wrongSecret = await signed(
      {},
      { credentials: { ...ISSUED, secretAccessKey: 'other' }, at: ISSUED.expiresAt },
    );

    for (const expired of [request, wrongSecret]) {
      expect(await refusal(learning.verify(expired, 'cognito-sync'))).toEqual({
        code: 'ExpiredTokenException',
        status: 403,
        message: 'The security token included in the request is expired',
      });
    }
  });

  it('still need their session token', async () => {
    const { verifier: learning } = withClock(NOW);
    learning.learn(ISSUED);
    const request = await signed({}, { credentials: { ...ISSUED, sessionToken: 'forged' } });
    expect((await refusal(learning.verify(request, 'cognito-sync'))).code).toBe(
      'UnrecognizedClientException',
    );
  });

  it('are forgotten a day after they expired, once more credentials are issued', async () => {
    const { clock, verifier: learning } = withClock(NOW);
    learning.learn(ISSUED);
    clock.now = new Date(ISSUED.expiresAt.getTime() + EXPIRED_CREDENTIALS_RETENTION_MS + 1);
    learning.learn({
      ...ISSUED,
      accessKeyId: 'ASIANEXT',
      expiresAt: new Date(clock.now.getTime() + 3600_000),
    });

    const request = await signed({}, { credentials: ISSUED, at: clock.now });
    expect((await refusal(learning.verify(request, 'cognito-sync'))).code).toBe(
      'UnrecognizedClientException',
    );
  });

  it('may not reuse a known access key id', () => {
    const { verifier: learning } = withClock(NOW);
    expect(() => {
      learning.learn({ ...ISSUED, accessKeyId: DEVELOPER.accessKeyId });
    }).toThrow(/already known/);
  });
});

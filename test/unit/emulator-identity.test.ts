// The emulator's user pool, Cognito Identity handlers and identity directory, without HTTP.
import { SignJWT, decodeJwt, decodeProtectedHeader, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';

import { createIdentityDirectory } from '../../src/emulator/cognito-identity/state.js';
import {
  createCognitoIdentityService,
  readLogins,
} from '../../src/emulator/cognito-identity/service.js';
import type { IssuedCredentials } from '../../src/emulator/protocol/sigv4.js';
import { loadSeed, parseSeed, SeedError } from '../../src/emulator/seed/load.js';
import { ServiceError, type OperationContext, type Seed } from '../../src/emulator/index.js';
import {
  InvalidLoginTokenError,
  createUserPool,
  issuerOf,
  jwksPathOf,
  loginProviderOf,
  parseIssueTokenOptions,
  type UserPool,
} from '../../src/emulator/cognito-identity/user-pool.js';

const NOW = new Date('2026-03-01T10:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const POOL = 'us-east-1:0000aaaa-0000-4000-8000-000000000001';
const OTHER_POOL = 'eu-west-1:0000aaaa-0000-4000-8000-000000000002';
const ALICE = 'us-east-1:00000a11-0000-4000-8000-000000000000';
const PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_EmuPool01';

function userPool(): Promise<UserPool> {
  return createUserPool({ region: 'us-east-1', now: () => NOW });
}

async function rejectionReason(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (reason: unknown) => reason,
  );
  if (!(error instanceof InvalidLoginTokenError)) throw error;
  return error.reason;
}

async function serviceError(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (reason: unknown) => reason,
  );
  if (!(error instanceof ServiceError)) throw error;
  return error;
}

describe('user pool names', () => {
  it('follow Cognito: issuer under cognito-idp, Logins key without the scheme, JWKS beneath', () => {
    const issuer = issuerOf('eu-west-1', 'eu-west-1_EmuPool01');
    expect(issuer).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EmuPool01');
    expect(loginProviderOf(issuer)).toBe('cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EmuPool01');
    expect(jwksPathOf('eu-west-1_EmuPool01')).toBe('/eu-west-1_EmuPool01/.well-known/jwks.json');
  });

  it('default to us-east-1_EmuPool01 and the client emulator-client', async () => {
    const pool = await userPool();
    expect(pool).toMatchObject({
      userPoolId: 'us-east-1_EmuPool01',
      issuer: `https://${PROVIDER}`,
      loginProvider: PROVIDER,
      clientId: 'emulator-client',
    });
  });

  it('refuse a user pool id that is not <region>_<id>', async () => {
    await expect(
      createUserPool({ region: 'us-east-1', userPoolId: 'nope', now: () => NOW }),
    ).rejects.toThrow(/Invalid user pool id/);
  });
});

describe('user pool tokens', () => {
  it('are ES256 ID tokens with the JWKS key id, the subject and a one-hour lifetime', async () => {
    const pool = await userPool();
    const token = await pool.issueToken({ subject: 'alice' });

    expect(decodeProtectedHeader(token)).toEqual({
      alg: 'ES256',
      kid: pool.jwks().keys[0]?.kid,
      typ: 'JWT',
    });
    expect(decodeJwt(token)).toMatchObject({
      sub: 'alice',
      iss: pool.issuer,
      aud: 'emulator-client',
      token_use: 'id',
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 3600,
    });
    expect(await pool.verifyToken(token)).toMatchObject({ subject: 'alice' });
  });

  it('carry extra claims, which may replace defaults such as iss but not sub, aud or exp', async () => {
    const pool = await userPool();
    const token = await pool.issueToken({
      subject: 'alice',
      claims: { scope: 'datasets:read', identity_ids: [ALICE], token_use: 'access' },
    });
    expect(decodeJwt(token)).toMatchObject({
      scope: 'datasets:read',
      identity_ids: [ALICE],
      token_use: 'access',
    });
    for (const claim of ['sub', 'aud', 'exp']) {
      await expect(pool.issueToken({ subject: 'alice', claims: { [claim]: 1 } })).rejects.toThrow(
        /claims may not set/,
      );
    }
  });

  it('publish only the public key', async () => {
    const [key] = (await userPool()).jwks().keys;
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(key).not.toHaveProperty('d');
  });

  it.each([
    ['expired', { subject: 'alice', expiresInSeconds: -1 }, /^Token expired: \d+ >= \d+$/],
    [
      'for another audience',
      { subject: 'alice', audience: 'other-client' },
      /^Incorrect token audience\.$/,
    ],
    [
      'of another issuer',
      { subject: 'alice', claims: { iss: 'https://elsewhere' } },
      /^Issuer doesn't match providerName$/,
    ],
  ])('are refused when %s', async (_case, options, reason) => {
    const pool = await userPool();
    const token = await pool.issueToken(options);
    expect(await rejectionReason(pool.verifyToken(token))).toMatch(reason);
  });

  it('are refused when signed by another key, even under the right key id', async () => {
    const pool = await userPool();
    const genuine = decodeJwt(await pool.issueToken({ subject: 'alice' }));
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT(genuine)
      .setProtectedHeader({ alg: 'ES256', kid: pool.jwks().keys[0]?.kid ?? '' })
      .sign(privateKey);

    expect(await rejectionReason(pool.verifyToken(forged))).toBe("Couldn't verify signed token.");
    expect(await rejectionReason(pool.verifyToken('not.a.jwt'))).toBe(
      "Couldn't verify signed token.",
    );
  });

  it('requests from outside are validated: subject required, expiry an integer', () => {
    expect(parseIssueTokenOptions({ subject: 'bob', expiresInSeconds: -60 })).toEqual({
      subject: 'bob',
      expiresInSeconds: -60,
    });
    for (const bad of [
      {},
      { subject: '' },
      { subject: 'bob', expiresInSeconds: 1.5 },
      { subject: 'bob', extra: 1 },
    ]) {
      expect(() => parseIssueTokenOptions(bad)).toThrow(/Invalid token request/);
    }
  });
});

describe('the Logins member', () => {
  it('is read as a map of provider names to tokens', () => {
    expect(readLogins({ Logins: { [PROVIDER]: 'token' } })).toEqual(new Map([[PROVIDER, 'token']]));
    expect(readLogins({})).toBeUndefined();
  });

  it.each([
    ['a list', ['token']],
    [
      'more than 10 providers',
      Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p${i}`, 't'])),
    ],
    ['an empty token', { [PROVIDER]: '' }],
    ['a token that is no string', { [PROVIDER]: 5 }],
    ['an empty provider name', { '': 'token' }],
  ])('is InvalidParameterException when it is %s', (_case, logins) => {
    expect(() => readLogins({ Logins: logins })).toThrow(
      expect.objectContaining({ code: 'InvalidParameterException', statusCode: 400 }) as Error,
    );
  });

  it('never echoes a token in its error', () => {
    const secret = 'x'.repeat(50_001);
    let message = '';
    try {
      readLogins({ Logins: { [PROVIDER]: secret } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/InvalidParameter|validation error/);
    expect(message).not.toContain('xxxx');
  });
});

const seed: Seed = {
  accountId: '111122223333',
  cognitoSync: {
    identityPools: [
      {
        identityPoolId: POOL,
        authenticatedRole: { personalizeRead: true },
        identities: [{ identityId: ALICE, logins: { [PROVIDER]: 'alice' }, datasets: [] }],
      },
      { identityPoolId: OTHER_POOL, identities: [] },
    ],
  },
};

async function service(ttlSeconds = 3600) {
  const pool = await userPool();
  const issued: IssuedCredentials[] = [];
  const directory = createIdentityDirectory(seed);
  const { operations } = createCognitoIdentityService({
    userPool: pool,
    directory,
    accountId: '111122223333',
    credentialsTtlSeconds: ttlSeconds,
    onIssued: (credentials) => issued.push(credentials),
  });
  const ctx: OperationContext = {
    principal: { accessKeyId: 'anonymous' },
    requestId: 'r',
    now: NOW,
  };
  const call = (operation: string, input: Record<string, unknown>): Promise<unknown> => {
    const handler = operations[operation];
    if (handler === undefined) throw new Error(`no operation ${operation}`);
    return handler(input, ctx);
  };
  return { pool, issued, directory, call };
}

describe('Cognito Identity handlers', () => {
  it('find the seeded identity of a login and issue credentials bound to it, told to the verifier', async () => {
    const { pool, issued, call } = await service(900);
    const Logins = { [PROVIDER]: await pool.issueToken({ subject: 'alice' }) };

    expect(await call('GetId', { IdentityPoolId: POOL, Logins })).toEqual({ IdentityId: ALICE });
    const output = (await call('GetCredentialsForIdentity', { IdentityId: ALICE, Logins })) as {
      Credentials: Record<string, unknown>;
    };

    expect(issued).toEqual([
      expect.objectContaining({
        accessKeyId: output.Credentials['AccessKeyId'],
        secretAccessKey: output.Credentials['SecretKey'],
        sessionToken: output.Credentials['SessionToken'],
        identityId: ALICE,
        identityPoolId: POOL,
        expiresAt: new Date(NOW.getTime() + 900_000),
      }),
    ]);
    expect(output.Credentials['AccessKeyId']).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(output.Credentials['Expiration']).toBe(NOW_SECONDS + 900);
  });

  it('create one identity per new login and pool, in the region of the pool', async () => {
    const { pool, call, directory } = await service();
    const Logins = { [PROVIDER]: await pool.issueToken({ subject: 'newcomer' }) };

    const first = (await call('GetId', { IdentityPoolId: OTHER_POOL, Logins })) as {
      IdentityId: string;
    };
    const again = await call('GetId', { IdentityPoolId: OTHER_POOL, Logins });
    const elsewhere = (await call('GetId', { IdentityPoolId: POOL, Logins })) as {
      IdentityId: string;
    };

    expect(first.IdentityId).toMatch(/^eu-west-1:[0-9a-f-]{36}$/);
    expect(again).toEqual(first);
    expect(elsewhere.IdentityId).not.toBe(first.IdentityId);
    expect(directory.poolsOf(first.IdentityId).map((entry) => entry.identityPoolId)).toEqual([
      OTHER_POOL,
    ]);
  });

  it.each([
    ['no Logins', undefined, 'Unauthenticated access is not supported for this identity pool.'],
    [
      'another provider',
      { 'accounts.google.com': 'token' },
      'Token is not from a supported provider of this identity pool.',
    ],
  ])('answer NotAuthorizedException (403) for %s', async (_case, Logins, message) => {
    const { call } = await service();
    const error = await serviceError(call('GetId', { IdentityPoolId: POOL, Logins }));
    expect({ code: error.code, status: error.statusCode, message: error.message }).toEqual({
      code: 'NotAuthorizedException',
      status: 403,
      message,
    });
  });

  it('refuse credentials for an identity the login does not own', async () => {
    const { pool, call } = await service();
    const Logins = { [PROVIDER]: await pool.issueToken({ subject: 'mallory' }) };
    const error = await serviceError(
      call('GetCredentialsForIdentity', { IdentityId: ALICE, Logins }),
    );
    expect(error.code).toBe('NotAuthorizedException');
    expect(error.message).toMatch(/^Logins don't match/);
  });

  it('answer ResourceNotFoundException (404) for an unknown pool, identity or account', async () => {
    const { pool, call } = await service();
    const Logins = { [PROVIDER]: await pool.issueToken({ subject: 'alice' }) };
    const unknown = 'us-east-1:ffffffff-0000-4000-8000-000000000000';
    for (const request of [
      call('GetId', { IdentityPoolId: unknown, Logins }),
      call('GetId', { IdentityPoolId: POOL, AccountId: '999999999999', Logins }),
      call('GetCredentialsForIdentity', { IdentityId: unknown, Logins }),
    ]) {
      const error = await serviceError(request);
      expect([error.code, error.statusCode]).toEqual(['ResourceNotFoundException', 404]);
    }
  });

  it('answer InvalidParameterException (400) for ids and account ids off their patterns', async () => {
    const { call } = await service();
    for (const request of [
      call('GetId', { IdentityPoolId: 'no-colon' }),
      call('GetId', { IdentityPoolId: POOL, AccountId: '12ab' }),
      call('GetCredentialsForIdentity', {}),
    ]) {
      const error = await serviceError(request);
      expect([error.code, error.statusCode]).toEqual(['InvalidParameterException', 400]);
    }
  });
});

describe('seeds with logins and roles', () => {
  it('still load without them', () => {
    expect(() =>
      parseSeed({ cognitoSync: { identityPools: [{ identityPoolId: POOL, identities: [] }] } }),
    ).not.toThrow();
  });

  it('refuse one login on two identities of a pool', () => {
    const login = { [PROVIDER]: 'alice' };
    const identities = [
      { identityId: ALICE, logins: login, datasets: [] },
      { identityId: POOL, logins: login, datasets: [] },
    ];
    expect(() =>
      parseSeed({ cognitoSync: { identityPools: [{ identityPoolId: POOL, identities }] } }),
    ).toThrow(SeedError);
  });

  it('refuse an unknown role permission', () => {
    expect(() =>
      parseSeed({
        cognitoSync: {
          identityPools: [
            { identityPoolId: POOL, authenticatedRole: { personalizeWrite: true }, identities: [] },
          ],
        },
      }),
    ).toThrow(/personalizeWrite/);
  });

  it('in the demo: alice is the busiest identity, bob another of her pool, which reads Personalize', async () => {
    const demo = await loadSeed();
    const directory = createIdentityDirectory(demo);
    const pool = directory.pool('us-east-1:0b6e2c1a-4f3d-4c8e-9a71-2d5e8f0c3b94');
    if (pool === undefined) throw new Error('the demo pool is missing');

    expect(pool.personalizeRead).toBe(true);
    expect(directory.identityOf(pool, PROVIDER, 'alice')).toBe(
      'us-east-1:7d2a9c4e-1b8f-4e6a-93c5-0f7b2d8e4a19',
    );
    const bob = directory.identityOf(pool, PROVIDER, 'bob');
    expect(bob).toBeDefined();
    expect(bob).not.toBe('us-east-1:7d2a9c4e-1b8f-4e6a-93c5-0f7b2d8e4a19');
  });
});

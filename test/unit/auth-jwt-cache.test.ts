// Gateway mode remembers verified tokens (src/auth/verified-tokens.ts) so a caller's later
// requests skip the signature check; against a real JWKS over HTTP and a manual clock: a cached
// token still expires at its `exp`, an altered one is verified afresh and refused, and no entry
// outlives the JWKS cache age.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/config/index.js';
import { createJwtAuthenticator } from '../../src/auth/jwt.js';
import type { AuthenticatorDeps } from '../../src/auth/types.js';
import { createVerifiedTokenCache } from '../../src/auth/verified-tokens.js';
import { UNRESTRICTED_CALLER } from '../../resolvers/access.js';
import { startTestIssuer, type TestIssuer } from '../helpers/jwks.js';

const MINUTE = 60_000;

let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await startTestIssuer();
});

afterAll(async () => {
  await issuer.close();
});

function request(token: string): Request {
  return new Request('http://gateway.test/graphql', {
    headers: { authorization: `Bearer ${token}` },
  });
}

/** A gateway-mode authenticator on `clock` (the only deps it reads are the config, logger and clock). */
function authenticatorOn(clock: { now: number }) {
  const config = loadConfig({
    ...issuer.env,
    GATEWAY_DEMO: 'false',
    AWS_REGION: 'us-east-1',
    GATEWAY_CURSOR_SECRET: 'unit-test-cursor-secret-0123456789abcdef',
  });
  if (config.auth.mode !== 'gateway') throw new Error('not gateway mode');
  const deps = {
    config,
    logger: pino({ level: 'silent' }),
    now: () => clock.now,
  } as unknown as AuthenticatorDeps;
  return createJwtAuthenticator(deps, config.auth);
}

async function refusal(promise: Promise<unknown>): Promise<string | undefined> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return (error as { extensions?: { code?: string } } | undefined)?.extensions?.code;
}

describe('gateway mode with verified tokens remembered', () => {
  it('answers the same caller for a token seen before, and refuses it once it expires', async () => {
    const clock = { now: Date.now() };
    const authenticator = authenticatorOn(clock);
    const token = await issuer.sign({ subject: 'alice', expiresInSeconds: 120 });
    const first = await authenticator.authenticate(request(token));
    const again = await authenticator.authenticate(request(token));
    expect(first.caller.subject).toBe('alice');
    expect(again.caller).toBe(first.caller);
    clock.now += 3 * MINUTE;
    expect(await refusal(authenticator.authenticate(request(token)))).toBe('UNAUTHENTICATED');
  });

  it('refuses an altered copy of a token it has already accepted', async () => {
    const authenticator = authenticatorOn({ now: Date.now() });
    const token = await issuer.sign({ subject: 'alice' });
    await authenticator.authenticate(request(token));
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as object;
    const widened = Buffer.from(JSON.stringify({ ...claims, scope: 'datasets:admin' })).toString(
      'base64url',
    );
    const altered = `${header ?? ''}.${widened}.${signature ?? ''}`;
    expect(await refusal(authenticator.authenticate(request(altered)))).toBe('UNAUTHENTICATED');
    const flipped = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await refusal(authenticator.authenticate(request(flipped)))).toBe('UNAUTHENTICATED');
  });
});

describe('the verified-token cache', () => {
  const clock = { now: Date.UTC(2026, 0, 1) };
  const cache = createVerifiedTokenCache({
    maxEntries: 2,
    maxAgeMs: 10 * MINUTE,
    now: () => clock.now,
  });
  const caller = UNRESTRICTED_CALLER;

  it('keeps a token until its exp, and no other token matches it', () => {
    cache.remember('token-a', (clock.now + 5 * MINUTE) / 1000, caller);
    expect(cache.get('token-a')).toBe(caller);
    expect(cache.get('token-a ')).toBeUndefined();
    expect(cache.get('token-b')).toBeUndefined();
    clock.now += 5 * MINUTE;
    expect(cache.get('token-a')).toBeUndefined();
  });

  it('keeps none past the JWKS cache age, however far its exp', () => {
    cache.remember('token-c', (clock.now + 24 * 60 * MINUTE) / 1000, caller);
    clock.now += 10 * MINUTE - 1;
    expect(cache.get('token-c')).toBe(caller);
    clock.now += 1;
    expect(cache.get('token-c')).toBeUndefined();
  });

  it('does not remember a token already expired, and holds at most maxEntries', () => {
    cache.remember('token-d', clock.now / 1000, caller);
    expect(cache.get('token-d')).toBeUndefined();
    for (const token of ['token-e', 'token-f', 'token-g']) {
      cache.remember(token, (clock.now + MINUTE) / 1000, caller);
    }
    expect(cache.size()).toBe(2);
    expect(cache.get('token-e')).toBeUndefined();
  });
});

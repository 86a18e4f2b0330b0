// Gateway auth mode: what a verified token's claims grant (identities, scopes, admin), and which
// signing algorithms the gateway accepts at all.
import { describe, expect, it } from 'vitest';

import { ConfigError } from '../../src/config/index.js';
import {
  callerFromClaims,
  identitiesFromClaim,
  MAX_TOKEN_IDENTITIES,
  MAX_TOKEN_SCOPES,
  scopesFromClaim,
} from '../../src/auth/jwt-claims.js';
import { checkAlgorithms } from '../../src/auth/jwt.js';
import { ALICE, BOB, POOL, SETTINGS } from '../helpers/jwt-caller.js';

function identity(n: number): string {
  return `us-east-1:${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
}

describe('identitiesFromClaim', () => {
  it('reads one identity id from a string', () => {
    expect(identitiesFromClaim(ALICE)).toEqual([ALICE]);
  });

  it('reads the identity ids of an array, once each, in order', () => {
    expect(identitiesFromClaim([BOB, ALICE, BOB])).toEqual([BOB, ALICE]);
  });

  it('ignores entries that are not strings', () => {
    expect(identitiesFromClaim([ALICE, 42, null, { id: BOB }, [BOB], true])).toEqual([ALICE]);
  });

  it('ignores strings that are not identity ids', () => {
    expect(identitiesFromClaim(['', 'alice', `${ALICE} `, 'us-east-1:not-hex!', BOB])).toEqual([
      BOB,
    ]);
  });

  it('grants nothing for a missing claim or a claim of another type', () => {
    for (const value of [undefined, null, 7, {}, true]) {
      expect(identitiesFromClaim(value)).toEqual([]);
    }
  });

  it(`reads at most the first ${MAX_TOKEN_IDENTITIES} entries`, () => {
    const many = Array.from({ length: MAX_TOKEN_IDENTITIES + 50 }, (_, i) => identity(i));
    const read = identitiesFromClaim(many);
    expect(read).toHaveLength(MAX_TOKEN_IDENTITIES);
    expect(read).not.toContain(identity(MAX_TOKEN_IDENTITIES));
  });
});

describe('scopesFromClaim', () => {
  it('splits an OAuth space-separated scope string', () => {
    expect([...scopesFromClaim('  openid personalize:read\tdatasets:admin ')]).toEqual([
      'openid',
      'personalize:read',
      'datasets:admin',
    ]);
  });

  it('reads the strings of an array and ignores the rest', () => {
    expect([...scopesFromClaim(['personalize:read', 3, null, 'openid'])]).toEqual([
      'personalize:read',
      'openid',
    ]);
  });

  it('does not split array entries (a scope with a space is not two scopes)', () => {
    expect(scopesFromClaim(['openid datasets:admin']).has('datasets:admin')).toBe(false);
  });

  it('grants nothing for a missing claim or a claim of another type', () => {
    for (const value of [undefined, null, 1, { scope: 'datasets:admin' }]) {
      expect(scopesFromClaim(value).size).toBe(0);
    }
  });

  it(`reads at most ${MAX_TOKEN_SCOPES} scopes`, () => {
    const many = Array.from({ length: MAX_TOKEN_SCOPES + 5 }, (_, i) => `s${i}`);
    expect(scopesFromClaim(many.join(' ')).size).toBe(MAX_TOKEN_SCOPES);
    expect(scopesFromClaim(many).size).toBe(MAX_TOKEN_SCOPES);
    expect(scopesFromClaim([...many, 'datasets:admin']).has('datasets:admin')).toBe(false);
  });
});

describe('callerFromClaims', () => {
  it('confines a caller to the identities its token names, in the configured pool', () => {
    const caller = callerFromClaims({ sub: 'alice', identity_ids: [ALICE] }, SETTINGS, POOL);
    expect(caller).toMatchObject({
      authenticated: true,
      subject: 'alice',
      identityPoolId: POOL,
      defaultIdentity: { identityPoolId: POOL, identityId: ALICE },
      personalize: false,
    });
    expect(caller.identities).toEqual(new Set([ALICE]));
  });

  it('has no default identity when the token names several or none', () => {
    expect(
      callerFromClaims({ identity_ids: [ALICE, BOB] }, SETTINGS, POOL).defaultIdentity,
    ).toBeUndefined();
    const none = callerFromClaims({ sub: 'x' }, SETTINGS, POOL);
    expect(none.defaultIdentity).toBeUndefined();
    expect(none.identities).toEqual(new Set());
  });

  it('grants Personalize with the Personalize scope only', () => {
    expect(callerFromClaims({ scope: 'personalize:read' }, SETTINGS, POOL).personalize).toBe(true);
    expect(callerFromClaims({ scope: 'personalize:write' }, SETTINGS, POOL).personalize).toBe(
      false,
    );
    expect(callerFromClaims({ scope: 'personalize:readonly' }, SETTINGS, POOL).personalize).toBe(
      false,
    );
  });

  it('lets an admin read any identity of any pool, and Personalize', () => {
    const admin = callerFromClaims(
      { sub: 'ops', scope: 'datasets:admin', identity_ids: ALICE },
      SETTINGS,
      POOL,
    );
    expect(admin.identities).toBe('any');
    expect(admin.identityPoolId).toBeUndefined();
    expect(admin.personalize).toBe(true);
    // An admin that also owns one identity still lists it by default.
    expect(admin.defaultIdentity).toEqual({ identityPoolId: POOL, identityId: ALICE });
  });

  it('reads the configured claims, not the defaults', () => {
    const settings = { ...SETTINGS, identityClaim: 'custom:identities', scopeClaim: 'scp' };
    const caller = callerFromClaims(
      { 'custom:identities': [BOB], identity_ids: [ALICE], scp: ['personalize:read'] },
      settings,
      POOL,
    );
    expect(caller.identities).toEqual(new Set([BOB]));
    expect(caller.personalize).toBe(true);
  });

  it('ignores inherited properties as claims', () => {
    const settings = { ...SETTINGS, identityClaim: 'constructor', scopeClaim: 'toString' };
    const caller = callerFromClaims({}, settings, POOL);
    expect(caller.identities).toEqual(new Set());
    expect(caller.personalize).toBe(false);
  });

  it('leaves the subject undefined unless it is a string', () => {
    expect(callerFromClaims({ sub: 12 }, SETTINGS, POOL).subject).toBeUndefined();
  });

  it('is frozen', () => {
    expect(Object.isFrozen(callerFromClaims({ identity_ids: ALICE }, SETTINGS, POOL))).toBe(true);
  });
});

describe('checkAlgorithms', () => {
  it('accepts public-key signature algorithms', () => {
    expect(() => {
      checkAlgorithms(['RS256', 'ES256', 'PS512', 'EdDSA']);
    }).not.toThrow();
  });

  it.each([['none'], ['HS256'], ['hs256'], ['RS256,ES256']])(
    'refuses %s at start, naming the setting',
    (alg) => {
      expect(() => {
        checkAlgorithms(['RS256', alg]);
      }).toThrow(ConfigError);
      expect(() => {
        checkAlgorithms([alg]);
      }).toThrow(/GATEWAY_JWT_ALGORITHMS/);
    },
  );
});

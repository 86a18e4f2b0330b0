// Cognito Identity's view of the identity pools: which login (provider, subject) is which
// identity, and what each pool's authenticated role allows. Loaded from the seed's Cognito Sync
// pools (one set of pools serves both services, as in AWS) and grown by GetId.
import type { Seed } from '../seed/schema.js';

export interface IdentityPoolEntry {
  readonly identityPoolId: string;
  /** The pool's authenticated role allows Personalize List* and Describe*. */
  readonly personalizeRead: boolean;
  readonly identities: Set<string>;
  /** loginKey(provider, subject) → identity id. */
  readonly byLogin: Map<string, string>;
}

export interface IdentityDirectory {
  pool(identityPoolId: string): IdentityPoolEntry | undefined;
  /** Every pool holding the identity, in seed order. */
  poolsOf(identityId: string): IdentityPoolEntry[];
  /** The identity a login names in a pool, if any. */
  identityOf(pool: IdentityPoolEntry, provider: string, subject: string): string | undefined;
  /** Adds an identity linked to one login, as GetId does for a login it has not seen. */
  link(pool: IdentityPoolEntry, identityId: string, provider: string, subject: string): void;
}

/** A map key no (provider, subject) pair shares with another: JSON keeps the two apart. */
export function loginKey(provider: string, subject: string): string {
  return JSON.stringify([provider, subject]);
}

export function createIdentityDirectory(seed: Seed): IdentityDirectory {
  const pools = new Map<string, IdentityPoolEntry>();
  for (const pool of seed.cognitoSync?.identityPools ?? []) {
    const entry: IdentityPoolEntry = {
      identityPoolId: pool.identityPoolId,
      personalizeRead: pool.authenticatedRole?.personalizeRead === true,
      identities: new Set(),
      byLogin: new Map(),
    };
    for (const identity of pool.identities) {
      entry.identities.add(identity.identityId);
      for (const [provider, subject] of Object.entries(identity.logins ?? {})) {
        entry.byLogin.set(loginKey(provider, subject), identity.identityId);
      }
    }
    pools.set(pool.identityPoolId, entry);
  }

  return {
    pool: (identityPoolId) => pools.get(identityPoolId),
    poolsOf: (identityId) => [...pools.values()].filter((pool) => pool.identities.has(identityId)),
    identityOf: (pool, provider, subject) => pool.byLogin.get(loginKey(provider, subject)),
    link(pool, identityId, provider, subject) {
      pool.identities.add(identityId);
      pool.byLogin.set(loginKey(provider, subject), identityId);
    },
  };
}

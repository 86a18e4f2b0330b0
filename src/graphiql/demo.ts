// What GraphiQL opens with in demo mode, read from the emulator's seed: the demo identity (the one
// with the most datasets, so paging has something to show), real global ids of its datasets for
// the node examples, and the claims of the demo token the Headers pane carries in an auth mode.
import { cognitoDatasetRawId } from '../../resolvers/cognito-sync.js';
import { encodeGlobalId } from '../../resolvers/global-id.js';
import type { AuthSettings } from '../config/index.js';
import type { IssueTokenOptions, Seed } from '../emulator/index.js';

export interface DemoIdentity {
  readonly identityPoolId: string;
  readonly identityId: string;
  /** Its datasets' names, in seed order. */
  readonly datasetNames: readonly string[];
  /** Its login (the `sub` of the login provider's tokens), if the seed links one. */
  readonly subject: string | undefined;
}

/** The seeded identity with the most datasets (the first of equals), if the seed has any. */
export function demoIdentity(seed: Seed, loginProvider: string): DemoIdentity | undefined {
  let busiest: DemoIdentity | undefined;
  for (const pool of seed.cognitoSync?.identityPools ?? []) {
    for (const identity of pool.identities) {
      if (busiest !== undefined && identity.datasets.length <= busiest.datasetNames.length) {
        continue;
      }
      busiest = {
        identityPoolId: pool.identityPoolId,
        identityId: identity.identityId,
        datasetNames: identity.datasets.map(({ name }) => name),
        subject: identity.logins?.[loginProvider],
      };
    }
  }
  return busiest;
}

/**
 * Values for the examples' variables: the demo identity, and for `id`/`ids` the global ids of its
 * first datasets, encoded as the gateway encodes them, so NodeById and NodesByIds find objects.
 */
export function demoVariables(identity: DemoIdentity | undefined): Record<string, unknown> {
  if (identity === undefined) return {};
  const { identityPoolId, identityId } = identity;
  const ids = identity.datasetNames
    .slice(0, 2)
    .map((datasetName) =>
      encodeGlobalId(
        'CognitoDataset',
        cognitoDatasetRawId({ identityPoolId, identityId, datasetName }),
      ),
    );
  return {
    identityPoolId,
    identityId,
    ...(ids[0] === undefined ? {} : { id: ids[0], ids }),
  };
}

/** The fallback subject when the seed links no login to the demo identity. */
const DEMO_SUBJECT = 'demo';

/**
 * What to ask the emulator's user pool to sign for the demo identity. Identity mode exchanges the
 * token for the identity its login is linked to; gateway mode reads the identity and the
 * Personalize scope from the token's claims.
 */
export function demoTokenRequest(
  auth: AuthSettings,
  identity: DemoIdentity | undefined,
): IssueTokenOptions {
  const subject = identity?.subject ?? DEMO_SUBJECT;
  if (auth.jwt === undefined) return { subject };
  return {
    subject,
    claims: {
      ...(identity === undefined ? {} : { [auth.jwt.identityClaim]: [identity.identityId] }),
      [auth.jwt.scopeClaim]: auth.jwt.personalizeScope,
    },
  };
}

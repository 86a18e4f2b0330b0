// Amazon Cognito Identity (awsJson1_1): GetId and GetCredentialsForIdentity, the enhanced
// authflow a server uses to turn a user's login token into temporary credentials of that user's
// identity. Login tokens are verified against the emulator's user pool (user-pool.ts); the
// credentials issued are bound to the identity, so Cognito Sync confines them to its data.
//
// Choices where the model or AWS documents nothing:
// - Status codes: the botocore model carries none. These are the Smithy model's, as SDK v3 ships
//   them: InvalidParameterException 400, NotAuthorizedException 403, ResourceNotFoundException
//   404 (throttling and internal errors, from protocol/wire-errors.ts: TooManyRequestsException 429,
//   InternalErrorException 500).
// - Every seeded pool trusts the emulator's user pool, and no other provider; no pool allows
//   unauthenticated identities. Messages are the ones Cognito Identity sends for these cases.
// - A login GetId has not seen creates an identity in that pool, with no datasets, as AWS does.
// - Issued credentials live `credentialsTtlSeconds` (default 3600, AWS's one hour), then get
//   ExpiredTokenException (see protocol/sigv4.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { cognitoId, optionalString, violation } from '../cognito-sync/validate.js';
import type { OperationContext } from '../protocol/operation.js';
import { ServiceError } from '../protocol/service-error.js';
import type { IssuedCredentials } from '../protocol/sigv4.js';
import type { IdentityDirectory, IdentityPoolEntry } from './state.js';
import { InvalidLoginTokenError, type UserPool } from './user-pool.js';

type Input = Readonly<Record<string, unknown>>;
export type CognitoIdentityOperation = (input: Input, ctx: OperationContext) => Promise<unknown>;

export interface CognitoIdentityService {
  /** Handlers by operation name, as routed from `X-Amz-Target: AWSCognitoIdentityService.<Op>`. */
  readonly operations: Readonly<Record<string, CognitoIdentityOperation>>;
}

export interface CognitoIdentityDeps {
  readonly userPool: Pick<UserPool, 'loginProvider' | 'verifyToken'>;
  readonly directory: IdentityDirectory;
  /** The account the pools belong to; a GetId naming another finds no pool. */
  readonly accountId: string;
  readonly credentialsTtlSeconds: number;
  /** Told about every credential issued, so that the SigV4 verifier accepts it. */
  readonly onIssued: (credentials: IssuedCredentials) => void;
}

/** The operations AWS serves without a signature (`smithy.api#noAuth` in the model). */
export const UNSIGNED_OPERATIONS: ReadonlySet<string> = new Set([
  'GetId',
  'GetCredentialsForIdentity',
]);

export const DEFAULT_CREDENTIALS_TTL_SECONDS = 3600;

/** LoginsMap: at most 10 entries; names 1..128 characters, tokens 1..50000. */
const MAX_LOGINS = 10;

interface Login {
  readonly provider: string;
  readonly subject: string;
}

export function createCognitoIdentityService(deps: CognitoIdentityDeps): CognitoIdentityService {
  const { userPool, directory } = deps;

  /** The one login of the request, verified. */
  async function verifiedLogin(logins: ReadonlyMap<string, string> | undefined): Promise<Login> {
    if (logins === undefined || logins.size === 0) {
      throw notAuthorized('Unauthenticated access is not supported for this identity pool.');
    }
    let login: Login | undefined;
    for (const [provider, token] of logins) {
      if (provider !== userPool.loginProvider) {
        throw notAuthorized('Token is not from a supported provider of this identity pool.');
      }
      try {
        const { subject } = await userPool.verifyToken(token);
        login = { provider, subject };
      } catch (error) {
        if (!(error instanceof InvalidLoginTokenError)) throw error;
        throw notAuthorized(`Invalid login token. ${error.reason}`);
      }
    }
    if (login === undefined) throw new Error('a non-empty Logins map yielded no login');
    return login;
  }

  const operations: Record<string, CognitoIdentityOperation> = {
    async GetId(input) {
      const poolId = cognitoId(input, 'IdentityPoolId');
      const accountId = optionalString(input, 'AccountId', 1, 15);
      if (accountId !== undefined && !/^\d+$/.test(accountId)) {
        throw violation(
          'AccountId',
          accountId,
          'Member must satisfy regular expression pattern: \\d+',
        );
      }
      const logins = readLogins(input);
      const pool = directory.pool(poolId);
      if (pool === undefined || (accountId !== undefined && accountId !== deps.accountId)) {
        throw notFound(`IdentityPool '${poolId}' not found.`);
      }
      const login = await verifiedLogin(logins);
      let identityId = directory.identityOf(pool, login.provider, login.subject);
      if (identityId === undefined) {
        identityId = `${regionOf(poolId)}:${randomUUID()}`;
        directory.link(pool, identityId, login.provider, login.subject);
      }
      return { IdentityId: identityId };
    },

    async GetCredentialsForIdentity(input, ctx) {
      const identityId = cognitoId(input, 'IdentityId');
      const logins = readLogins(input);
      optionalString(input, 'CustomRoleArn', 20, 2048);
      const pools = directory.poolsOf(identityId);
      if (pools.length === 0) throw notFound(`Identity '${identityId}' not found.`);
      const login = await verifiedLogin(logins);
      const pool: IdentityPoolEntry | undefined = pools.find(
        (candidate) =>
          directory.identityOf(candidate, login.provider, login.subject) === identityId,
      );
      if (pool === undefined) {
        throw notAuthorized(
          "Logins don't match. Please include at least one valid login for this identity or identity pool.",
        );
      }
      const expiresAt = new Date(ctx.now.getTime() + deps.credentialsTtlSeconds * 1000);
      const issued = {
        accessKeyId: `ASIA${randomBase32(16)}`,
        secretAccessKey: randomBytes(30).toString('base64'),
        sessionToken: randomBytes(120).toString('base64'),
        identityId,
        identityPoolId: pool.identityPoolId,
        expiresAt,
      };
      deps.onIssued(issued);
      return {
        IdentityId: identityId,
        Credentials: {
          AccessKeyId: issued.accessKeyId,
          SecretKey: issued.secretAccessKey,
          SessionToken: issued.sessionToken,
          Expiration: expiresAt.getTime() / 1000,
        },
      };
    },
  };

  return { operations };
}

/**
 * The Logins member, validated as LoginsMap. Its keys are the client's: they are read from the
 * parsed JSON's own entries only, never looked up on the object.
 */
export function readLogins(input: Input): ReadonlyMap<string, string> | undefined {
  const value = input['Logins'];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw violation('logins', value, 'Member must be a map of provider names to tokens');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_LOGINS) {
    throw violation(
      'logins',
      Object.keys(value),
      `Member must have length less than or equal to ${MAX_LOGINS}`,
    );
  }
  const logins = new Map<string, string>();
  for (const [provider, token] of entries) {
    if (provider.length < 1 || provider.length > 128) {
      throw violation(
        'logins',
        provider,
        'Map keys must satisfy constraint: [Member must have length less than or equal to 128, ' +
          'Member must have length greater than or equal to 1]',
      );
    }
    if (typeof token !== 'string' || token.length < 1 || token.length > 50_000) {
      // Never echo a token: it is a credential.
      throw violation(
        'logins',
        provider,
        'Map value must satisfy constraint: [Member must be a string of 1 to 50000 characters]',
      );
    }
    logins.set(provider, token);
  }
  return logins;
}

function regionOf(cognitoIdText: string): string {
  return cognitoIdText.slice(0, cognitoIdText.indexOf(':'));
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Upper-case letters and digits 2-7, as AWS access key ids are made of. */
function randomBase32(length: number): string {
  return Array.from(randomBytes(length), (byte) => BASE32[byte & 31]).join('');
}

function notAuthorized(message: string): ServiceError {
  return new ServiceError('NotAuthorizedException', 403, message);
}

function notFound(message: string): ServiceError {
  return new ServiceError('ResourceNotFoundException', 404, message);
}

// Who may see what. A Caller is derived on the server from a verified token (never from an
// argument or a header the client controls), and every path to the data (connections, node,
// nodes, _entities, nested fields) asks these checks before any upstream call.
import { GatewayError, invalidArgument } from './errors.js';

export interface CallerIdentity {
  readonly identityPoolId: string | undefined;
  readonly identityId: string;
}

export interface Caller {
  /** False for a request without credentials when the gateway requires them. */
  readonly authenticated: boolean;
  /** The token's subject, for logs; undefined when anonymous or unauthenticated mode. */
  readonly subject: string | undefined;
  /** The Cognito identities this caller may read; 'any' for admins and unauthenticated mode. */
  readonly identities: ReadonlySet<string> | 'any';
  /** The identity pool the caller's identities live in, when the gateway knows it. */
  readonly identityPoolId: string | undefined;
  /** The identity `cognitoDatasets` reads when its arguments name none. */
  readonly defaultIdentity: CallerIdentity | undefined;
  /** May read Personalize datasets and dataset groups. */
  readonly personalize: boolean;
}

/** The caller when the gateway runs without caller authentication (demo mode or an opt-out). */
export const UNRESTRICTED_CALLER: Caller = Object.freeze({
  authenticated: false,
  subject: undefined,
  identities: 'any',
  identityPoolId: undefined,
  defaultIdentity: undefined,
  personalize: true,
});

/** A request without credentials to a gateway that requires them: it may read nothing. */
export const ANONYMOUS_CALLER: Caller = Object.freeze({
  authenticated: false,
  subject: undefined,
  identities: new Set<string>(),
  identityPoolId: undefined,
  defaultIdentity: undefined,
  personalize: false,
});

/** A request without a token to a gateway that requires one (not the no-auth mode's caller). */
function isAnonymous(caller: Caller): boolean {
  const unrestricted = caller.identities === 'any' && caller.personalize;
  return !caller.authenticated && !unrestricted;
}

function unauthenticated(): GatewayError {
  return new GatewayError(
    'UNAUTHENTICATED',
    'Authentication required: send a valid token in the Authorization header (Bearer).',
  );
}

/** The error refusing this caller: UNAUTHENTICATED when anonymous, else FORBIDDEN. */
export function refusal(caller: Caller, forbiddenMessage: string): GatewayError {
  return isAnonymous(caller) ? unauthenticated() : new GatewayError('FORBIDDEN', forbiddenMessage);
}

/** May this caller read identities of this pool? A caller confined to a pool reads no other. */
export function mayReadIdentityPool(caller: Caller, identityPoolId: string): boolean {
  return (
    caller.identities === 'any' ||
    caller.identityPoolId === undefined ||
    caller.identityPoolId === identityPoolId
  );
}

/** May this caller read this identity's datasets? */
export function mayReadIdentity(
  caller: Caller,
  identityPoolId: string,
  identityId: string,
): boolean {
  if (caller.identities === 'any') return true;
  return mayReadIdentityPool(caller, identityPoolId) && caller.identities.has(identityId);
}

/** @throws GatewayError UNAUTHENTICATED or FORBIDDEN unless the caller may read the identity. */
export function authorizeIdentity(
  caller: Caller,
  identityPoolId: string,
  identityId: string,
): void {
  if (mayReadIdentity(caller, identityPoolId, identityId)) return;
  throw refusal(caller, "Not allowed: a caller may only read its own identity's datasets.");
}

/** @throws GatewayError UNAUTHENTICATED or FORBIDDEN unless the caller may read Personalize. */
export function authorizePersonalize(caller: Caller): void {
  if (caller.personalize) return;
  throw refusal(
    caller,
    'Not allowed: reading Personalize datasets needs a scope this caller does not have.',
  );
}

/**
 * The identity `cognitoDatasets` lists: the arguments where given, else the caller's own.
 * @throws GatewayError BAD_USER_INPUT when neither names one.
 */
export function identityToList(
  caller: Caller,
  args: {
    readonly identityPoolId?: string | null | undefined;
    readonly identityId?: string | null | undefined;
  },
  defaultPoolId: string | undefined,
): { identityPoolId: string; identityId: string } {
  const identityId = args.identityId ?? caller.defaultIdentity?.identityId;
  const identityPoolId =
    args.identityPoolId ??
    caller.defaultIdentity?.identityPoolId ??
    caller.identityPoolId ??
    defaultPoolId;
  if (identityId === undefined) {
    if (isAnonymous(caller)) throw unauthenticated();
    throw invalidArgument(
      'identityId',
      '`identityId` is required: this caller has no single identity of its own to default to.',
    );
  }
  if (identityPoolId === undefined) {
    throw invalidArgument(
      'identityPoolId',
      '`identityPoolId` is required: the gateway has no default identity pool (GATEWAY_IDENTITY_POOL_ID).',
    );
  }
  return { identityPoolId, identityId };
}

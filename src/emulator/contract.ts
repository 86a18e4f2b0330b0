// The emulator's public contract: what its users (tests, the gateway's demo mode, the bench) pass
// to startEmulator and get back. The emulator stands in for AWS, so it shares no code with the
// gateway; everything here is its own. The seed document's types live with its schema
// (seed/schema.ts), what operation handlers see in protocol/operation.ts.
import type { Seed } from './seed/schema.js';

/** The AWS services the emulator speaks, by their SigV4 signing names. */
export type ServiceName = 'cognito-sync' | 'personalize' | 'cognito-identity';

/**
 * Credentials the emulator accepts. `identityId` binds them to one Cognito identity. Cognito
 * Identity's GetCredentialsForIdentity issues more at run time: bound, with a session token, and
 * expiring.
 */
export interface EmulatorCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** When set, these credentials may only read and write this Cognito identity's data. */
  readonly identityId?: string;
  /**
   * The identity pool `identityId` belongs to; only with `identityId`. Default: the one pool the
   * seed places that identity in (startEmulator fails when it is in none or in several). The
   * credentials reach the identity in this pool only.
   */
  readonly identityPoolId?: string;
  /**
   * When set, requests must carry this session token (`X-Amz-Security-Token`); when unset, any
   * token or none is accepted.
   */
  readonly sessionToken?: string;
}

/** One fault rule. Rules match on service and operation (omitted = any); the first match applies. */
export interface FaultRule {
  readonly service?: ServiceName;
  readonly operation?: string;
  /** Added latency before the response, in milliseconds. */
  readonly latencyMs?: number;
  /** Probability in [0, 1] that a matching call is throttled with the service's throttling error. */
  readonly throttleRate?: number;
  /** Probability in [0, 1] that a matching call fails with the service's 5xx internal error. */
  readonly errorRate?: number;
  /**
   * Probability in [0, 1] that a matching list call (Cognito Sync ListDatasets, Personalize
   * ListDatasets and ListDatasetGroups) answers an empty page whose next token resumes at the
   * position asked for, as AWS may do. Never at the end of a listing, so walks still end.
   */
  readonly emptyPageRate?: number;
}

/** A fault the emulator injected into one call. */
export type InjectedFault = 'throttle' | 'error' | 'empty-page';

/** One served request, as tests and the bench read it to count upstream calls. */
export interface RequestLogEntry {
  readonly id: string;
  readonly service: ServiceName | 'unknown';
  readonly operation: string;
  readonly accessKeyId: string | undefined;
  /**
   * The request's `x-request-id` header (the caller's own request id, cut to 256 characters), so
   * a test can tie upstream calls to the gateway request that made them.
   */
  readonly clientRequestId: string | undefined;
  /**
   * The operation input after protocol decoding (path labels, query, body members). Login tokens
   * (Cognito Identity's `Logins` values) are redacted.
   */
  readonly input: Readonly<Record<string, unknown>>;
  /** The HTTP status sent, or 0 when the client left before a response was decided. */
  readonly status: number;
  /** The error shape name when the call failed. */
  readonly errorCode: string | undefined;
  /** The fault that was injected, if any. */
  readonly fault: InjectedFault | undefined;
  readonly startedAt: number;
  readonly durationMs: number;
  /** True when the client closed the connection before the response was sent. */
  readonly aborted: boolean;
  /**
   * True when the call reached the operation handler: not rejected by auth, not throttled or
   * failed by a fault (an empty-page fault is served).
   */
  readonly served: boolean;
}

export interface RequestLogFilter {
  readonly service?: ServiceName;
  readonly operation?: string;
  /** Count only calls that reached the handler (see RequestLogEntry.served). */
  readonly servedOnly?: boolean;
}

/**
 * A call received and not answered yet (entries are logged once answered), e.g. one an injected
 * latency holds: how a test knows a call has reached the emulator without sleeping for it.
 */
export interface InFlightCall {
  readonly service: ServiceName | 'unknown';
  /** `Unknown` until the call is decoded. */
  readonly operation: string;
  /** The request's `x-request-id` header, as in RequestLogEntry. */
  readonly clientRequestId: string | undefined;
  readonly startedAt: number;
}

export interface RequestLog {
  entries(filter?: RequestLogFilter): readonly RequestLogEntry[];
  count(filter?: RequestLogFilter): number;
  /** The calls being served now (`servedOnly` does not apply); not emptied by `clear`. */
  inFlight(filter?: Omit<RequestLogFilter, 'servedOnly'>): readonly InFlightCall[];
  clear(): void;
}

export interface EmulatorOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (an ephemeral port). The CLI defaults to 4566. */
  readonly port?: number;
  /** A seed document, or a path to a JSON seed file. Default: the shipped demo seed. */
  readonly seed?: Seed | string;
  /** Accepted credentials. Default: the conventional local-emulator pair `test` / `test`. */
  readonly credentials?: readonly EmulatorCredentials[];
  /** Initial fault rules (also settable at run time through the handle). */
  readonly faults?: readonly FaultRule[];
  /** Seed of the pseudo-random generator behind fault injection, so runs are repeatable. */
  readonly faultSeed?: number;
  /** How long a next token stays valid, in milliseconds. Default 24 hours. */
  readonly tokenTtlMs?: number;
  /** Clock, for tests. */
  readonly now?: () => Date;
  /**
   * Serve the unauthenticated admin endpoints (`/_emulator/...`) to non-loopback clients too.
   * Default false.
   */
  readonly allowRemoteAdmin?: boolean;
  /** Lifetime of credentials issued by GetCredentialsForIdentity, in seconds. Default 3600. */
  readonly credentialsTtlSeconds?: number;
  /** The built-in user pool's names (see EmulatorIdentityProvider). */
  readonly identityProvider?: {
    /** Default `<region>_EmuPool01`, the region being the seed's (default us-east-1). */
    readonly userPoolId?: string;
    /** The app client id, the tokens' audience. Default `emulator-client`. */
    readonly clientId?: string;
  };
}

/** What `issueToken` (and `POST /_emulator/tokens`) signs. */
export interface IssueTokenOptions {
  /** The `sub` claim: the user, as seed `logins` name it. */
  readonly subject: string;
  /** Seconds from now (the emulator's clock) to `exp`. Default 3600; negative gives an expired token. */
  readonly expiresInSeconds?: number;
  /** The `aud` claim. Default: the user pool's client id. */
  readonly audience?: string | readonly string[];
  /**
   * Extra claims, e.g. `identity_ids` or `scope`. They override the defaults (`iss`, `iat`,
   * `token_use`, `cognito:username`, `auth_time`, `jti`) but may not set `sub`, `aud` or `exp`:
   * those come from the options above.
   */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/**
 * The emulator's built-in identity provider, standing in for one Amazon Cognito user pool. It
 * signs ES256 ID tokens with a key generated at start; its JWKS is served by the emulator. Cognito
 * Identity accepts its tokens in `Logins` under `loginProvider`.
 */
export interface EmulatorIdentityProvider {
  /** e.g. us-east-1_EmuPool01 */
  readonly userPoolId: string;
  /** `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`, the tokens' `iss`. */
  readonly issuer: string;
  /** `<emulator url>/<userPoolId>/.well-known/jwks.json` */
  readonly jwksUrl: string;
  /** The issuer without `https://`: the key of Cognito Identity's `Logins` map. */
  readonly loginProvider: string;
  /** The app client id: the tokens' default `aud`. */
  readonly clientId: string;
  issueToken(options: IssueTokenOptions): Promise<string>;
}

export interface RunningEmulator {
  /** Base URL to use as the SDK `endpoint`, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** The first accepted developer credentials (the `test` pair by default). */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly requests: RequestLog;
  readonly faults: {
    set(rules: readonly FaultRule[]): void;
    clear(): void;
  };
  readonly identityProvider: EmulatorIdentityProvider;
  close(): Promise<void>;
}

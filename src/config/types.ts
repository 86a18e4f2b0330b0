// The shape of the loaded configuration, derived from the settings families: a family's fields
// are the config fields its settings fill. What the loader computes from several settings (the
// mode, the AWS endpoints, the auth union) is spelt out here.
import type {
  AUTH,
  BROWSER,
  CACHE,
  CONNECTIONS,
  CURSOR,
  DEVELOPMENT,
  IDENTITY,
  JWT,
  LIMITS,
  LISTEN,
  LOGGING,
  OBSERVABILITY,
  PAGINATION,
  RATE_LIMITS,
  REDIS,
  RESILIENCE,
  SCHEMA_SHAPE,
  UPSTREAM,
} from './settings/index.js';
import type { GatewayMode, ValuesOf } from './table.js';

export type { GatewayMode } from './table.js';
export type LogLevel = ValuesOf<typeof LOGGING>['logLevel'];
export type LogFormat = NonNullable<ValuesOf<typeof LOGGING>['logFormat']>;
export type RetryMode = ValuesOf<typeof UPSTREAM>['retryMode'];
/**
 * Who may see what. `identity`: callers send a login token, exchanged through Cognito Identity for
 * the caller's own AWS credentials (AWS enforces isolation). `gateway`: callers send a JWT checked
 * against a JWKS, the gateway calls AWS with its own credentials and enforces isolation itself.
 * `none`: no caller authentication (demo mode, or an explicit opt-out).
 */
export type AuthMode = ValuesOf<typeof AUTH>['mode'];

export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface AwsSettings {
  /** Undefined lets the SDK resolve it (shared config profile). */
  readonly region: string | undefined;
  readonly endpoints: {
    readonly cognitoSync: string | undefined;
    readonly personalize: string | undefined;
    readonly cognitoIdentity: string | undefined;
  };
  /** Undefined means the SDK's default credential chain. */
  readonly credentials: StaticCredentials | undefined;
}

export type IdentityAuthSettings = ValuesOf<typeof IDENTITY>;
export type JwtAuthSettings = ValuesOf<typeof JWT>;

/** No caller authentication. */
export interface NoAuth {
  readonly mode: 'none';
  /** The default of `identityPoolId` arguments, if set. */
  readonly identityPoolId: string | undefined;
  readonly identity?: undefined;
  readonly jwt?: undefined;
}

/** Login tokens exchanged in the identity pool: the pool and its login provider are known. */
export interface IdentityModeAuth {
  readonly mode: 'identity';
  /** The pool tokens are exchanged in (and the default of `identityPoolId` arguments). */
  readonly identityPoolId: string;
  readonly identity: IdentityAuthSettings;
  readonly jwt?: undefined;
}

/** JWTs verified against a JWKS; the gateway calls AWS with its own credentials. */
export interface GatewayModeAuth {
  readonly mode: 'gateway';
  /** The default of `identityPoolId` arguments, if set. */
  readonly identityPoolId: string | undefined;
  readonly identity?: undefined;
  readonly jwt: JwtAuthSettings;
}

/** Discriminated on `mode`: narrowing on it gives each mode's settings, always present. */
export type AuthSettings = NoAuth | IdentityModeAuth | GatewayModeAuth;

export type LimitSettings = ValuesOf<typeof LIMITS>;
/** What one client, or all of them, may hold of the HTTP server. */
export type ConnectionSettings = ValuesOf<typeof CONNECTIONS>;
export type ResilienceSettings = ValuesOf<typeof RESILIENCE>;
export type ObservabilitySettings = ValuesOf<typeof OBSERVABILITY>;
export type CacheSettings = ValuesOf<typeof CACHE>;
export type RedisSettings = ValuesOf<typeof REDIS>;

export type ServerSettings = ValuesOf<typeof LISTEN> &
  ValuesOf<typeof BROWSER> &
  ValuesOf<typeof DEVELOPMENT> & { readonly connections: ConnectionSettings };

export interface GatewayConfig extends ValuesOf<typeof SCHEMA_SHAPE>, ValuesOf<typeof LOGGING> {
  readonly mode: GatewayMode;
  readonly auth: AuthSettings;
  readonly limits: LimitSettings;
  readonly resilience: ResilienceSettings;
  readonly observability: ObservabilitySettings;
  readonly server: ServerSettings;
  readonly aws: AwsSettings;
  readonly cursor: ValuesOf<typeof CURSOR>;
  readonly pagination: ValuesOf<typeof PAGINATION>;
  readonly upstream: ValuesOf<typeof UPSTREAM> & ValuesOf<typeof RATE_LIMITS>;
  readonly cache: CacheSettings;
  readonly redis: RedisSettings;
}

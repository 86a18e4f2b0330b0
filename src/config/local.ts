// The config pointed at a local AWS (the built-in emulator): one endpoint for every service,
// explicit credentials, and the auth settings demo mode leaves blank filled from its user pool.
import { ConfigError, deepFreeze } from './problems.js';
import { AUTH, DEMO_REGION } from './settings/index.js';
import type { AuthSettings, GatewayConfig, StaticCredentials } from './types.js';

export interface LocalIdentityProvider {
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly loginProvider: string;
  readonly clientId: string;
}

/**
 * The same config pointed at one local endpoint (the emulator) for both services, with
 * explicit credentials instead of the default chain.
 */
export function withLocalUpstream(
  config: GatewayConfig,
  upstream: {
    readonly endpoint: string;
    readonly credentials: StaticCredentials;
    readonly region?: string;
    /** The emulator's user pool: fills the auth settings demo mode leaves blank. */
    readonly identityProvider?: LocalIdentityProvider;
    readonly identityPoolId?: string;
  },
): GatewayConfig {
  return deepFreeze({
    ...config,
    auth: withLocalIdentityProvider(
      config.auth,
      upstream.identityProvider,
      upstream.identityPoolId,
    ),
    aws: {
      region: upstream.region ?? config.aws.region ?? DEMO_REGION,
      endpoints: {
        cognitoSync: upstream.endpoint,
        personalize: upstream.endpoint,
        cognitoIdentity: upstream.endpoint,
      },
      credentials: { ...upstream.credentials },
    },
  });
}

/** Auth settings with every blank filled from a local identity provider (demo mode). */
function withLocalIdentityProvider(
  auth: AuthSettings,
  provider: LocalIdentityProvider | undefined,
  identityPoolId: string | undefined,
): AuthSettings {
  const filled = provider === undefined ? auth : filledAuth(auth, provider, identityPoolId);
  // Identity mode cannot run without its pool: it is required outside demo mode, and demo mode
  // takes it from the demo data, which may have none.
  if (filled.mode === 'identity' && filled.identityPoolId === '') {
    throw new ConfigError(
      [AUTH.identityPoolId.env],
      `${AUTH.identityPoolId.env}: required in identity mode (the demo data has no identity pool)`,
    );
  }
  return filled;
}

function filledAuth(
  auth: AuthSettings,
  provider: LocalIdentityProvider,
  identityPoolId: string | undefined,
): AuthSettings {
  const orDefault = (value: string, fallback: string): string => (value === '' ? fallback : value);
  switch (auth.mode) {
    case 'none':
      return { ...auth, identityPoolId: auth.identityPoolId ?? identityPoolId };
    case 'gateway':
      return {
        ...auth,
        identityPoolId: auth.identityPoolId ?? identityPoolId,
        jwt: {
          ...auth.jwt,
          jwksUrl: orDefault(auth.jwt.jwksUrl, provider.jwksUrl),
          issuer: orDefault(auth.jwt.issuer, provider.issuer),
          audience: auth.jwt.audience.length === 0 ? [provider.clientId] : auth.jwt.audience,
        },
      };
    case 'identity':
      return {
        ...auth,
        identityPoolId: orDefault(auth.identityPoolId, identityPoolId ?? ''),
        identity: {
          ...auth.identity,
          loginProvider: orDefault(auth.identity.loginProvider, provider.loginProvider),
          jwksUrl: auth.identity.jwksUrl ?? provider.jwksUrl,
        },
      };
  }
}

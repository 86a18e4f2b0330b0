// A token issuer for gateway-mode tests: a JWKS served over real HTTP from a loopback node:http
// server, and tokens signed with its keys (jose), plus the forged tokens a gateway must refuse.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  base64url,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose';
import { serveLocally } from './local-server.js';

export interface TokenOptions {
  /** The `sub` claim; omitted when undefined. */
  readonly subject?: string;
  /** Extra claims (identity ids, scope...). */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Seconds from now to `exp` (negative: already expired); null: no `exp` claim. Default 3600. */
  readonly expiresInSeconds?: number | null;
  /** Default: the issuer's own. */
  readonly issuer?: string;
  /** Default: the issuer's audience. */
  readonly audience?: string;
  /**
   * Which key signs: `published` (default, in the JWKS), `impostor` (a key not in the JWKS but
   * claiming the published key's kid: a wrong signature), `unknown-kid` (a key and kid the JWKS
   * does not have).
   */
  readonly key?: 'published' | 'impostor' | 'unknown-kid';
}

export interface TestIssuer {
  /** http://127.0.0.1:PORT/jwks.json */
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  /** The gateway settings for gateway auth mode against this issuer. */
  readonly env: Readonly<Record<string, string>>;
  /** How many times the JWKS was requested. */
  jwksRequests(): number;
  /** While set, the JWKS endpoint answers with this HTTP status and no key set. */
  failWith(status: number | undefined): void;
  sign(options?: TokenOptions): Promise<string>;
  /** An `alg: none` token with these claims (no signature). */
  unsigned(options?: TokenOptions): string;
  /** An HS256 token whose HMAC secret is the published public key (algorithm confusion). */
  signedWithPublicKeyAsSecret(options?: TokenOptions): Promise<string>;
  close(): Promise<void>;
}

const ALG = 'ES256';
const KID = 'test-key-1';

export async function startTestIssuer(
  options: { readonly issuer?: string; readonly audience?: string } = {},
): Promise<TestIssuer> {
  const issuer = options.issuer ?? 'https://issuer.test.example/';
  const audience = options.audience ?? 'dataset-gateway-tests';
  const published = await generateKeyPair(ALG, { extractable: true });
  const impostor = await generateKeyPair(ALG);
  const stranger = await generateKeyPair(ALG);
  const publicJwk: JWK = {
    ...(await exportJWK(published.publicKey)),
    kid: KID,
    alg: ALG,
    use: 'sig',
  };
  const publicPem = await exportSPKI(published.publicKey);
  let requests = 0;
  let failure: number | undefined;

  const server = await serveLocally((request: IncomingMessage, response: ServerResponse) => {
    if (request.url !== '/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    requests += 1;
    if (failure !== undefined) {
      response.writeHead(failure, { 'content-type': 'text/plain' }).end('unavailable');
      return;
    }
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ keys: [publicJwk] }));
  }, '/jwks.json');
  const jwksUrl = server.url;

  const claimsOf = (token: TokenOptions): Record<string, unknown> => {
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = token.expiresInSeconds === undefined ? 3600 : token.expiresInSeconds;
    return {
      iss: token.issuer ?? issuer,
      aud: token.audience ?? audience,
      iat: now,
      ...(expiresIn === null ? {} : { exp: now + expiresIn }),
      ...(token.subject === undefined ? {} : { sub: token.subject }),
      ...token.claims,
    };
  };

  const sign = async (token: TokenOptions = {}): Promise<string> => {
    const which = token.key ?? 'published';
    const [key, kid]: [CryptoKey, string] =
      which === 'published'
        ? [published.privateKey, KID]
        : which === 'impostor'
          ? [impostor.privateKey, KID]
          : [stranger.privateKey, 'unknown-key'];
    return new SignJWT(claimsOf(token)).setProtectedHeader({ alg: ALG, kid }).sign(key);
  };

  const encodeJson = (value: unknown): string => base64url.encode(JSON.stringify(value));

  return {
    jwksUrl,
    issuer,
    audience,
    env: {
      GATEWAY_AUTH_MODE: 'gateway',
      GATEWAY_JWT_JWKS_URL: jwksUrl,
      GATEWAY_JWT_ISSUER: issuer,
      GATEWAY_JWT_AUDIENCE: audience,
    },
    jwksRequests: () => requests,
    failWith: (status) => {
      failure = status;
    },
    sign,
    unsigned: (token = {}) =>
      `${encodeJson({ alg: 'none', typ: 'JWT' })}.${encodeJson(claimsOf(token))}.`,
    signedWithPublicKeyAsSecret: (token = {}) =>
      new SignJWT(claimsOf(token))
        .setProtectedHeader({ alg: 'HS256', kid: KID })
        .sign(new TextEncoder().encode(publicPem)),
    close: () => server.close(),
  };
}

/** A loopback URL nothing listens on (a port that was just free). */
export async function unreachableJwksUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return `http://127.0.0.1:${port}/jwks.json`;
}

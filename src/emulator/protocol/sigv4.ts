// SigV4 verification. The signature is recomputed with @smithy/signature-v4 (the signer the SDK
// itself uses) over the request as received, never with hand-rolled crypto, and compared in
// constant time. The error codes and messages are what real AWS JSON and REST-JSON services send:
// MissingAuthenticationTokenException, IncompleteSignatureException, UnrecognizedClientException,
// ExpiredTokenException and InvalidSignatureException (SDK v3 treats "Signature expired" as a
// clock-skew error and corrects its clock from the response's Date header).
// The headers themselves are parsed in authorization.ts.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { EmulatorCredentials } from '../contract.js';
import {
  formatAmzDate,
  incomplete,
  parseAmzDate,
  parseAuthorization,
  redactSignature,
} from './authorization.js';
import { headerValue, type HeaderMap } from './headers.js';
import type { Principal } from './operation.js';
import { ServiceError } from './service-error.js';

/** A request as it arrived, in the parts the signature covers. */
export interface ReceivedRequest {
  readonly method: string;
  /** The path exactly as sent, still percent-encoded (the signer encodes it again, as SDKs do). */
  readonly rawPath: string;
  /** Query parameters, percent-decoded. */
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  readonly headers: HeaderMap;
  readonly body: Uint8Array;
}

/** Credentials as the verifier holds them: issued ones expire. */
export interface KnownCredentials extends EmulatorCredentials {
  /** From this instant on, requests signed with these credentials get ExpiredTokenException. */
  readonly expiresAt?: Date;
}

/** Credentials issued at run time: they always expire. */
export interface IssuedCredentials extends KnownCredentials {
  readonly expiresAt: Date;
}

export interface SigV4VerifierOptions {
  readonly credentials: readonly KnownCredentials[];
  readonly now: () => Date;
  /** Default 5 minutes, as AWS. */
  readonly maxSkewMs?: number;
}

export interface SigV4Verifier {
  /**
   * Resolves to the caller when the request is signed for `signingName` by known credentials.
   * @throws ServiceError
   */
  verify(request: ReceivedRequest, signingName: string): Promise<Principal>;
  /** Accepts credentials issued at run time (Cognito Identity's GetCredentialsForIdentity). */
  learn(credentials: IssuedCredentials): void;
}

const FIVE_MINUTES = 5 * 60 * 1000;
/**
 * How long expired credentials are still recognized, so that they keep getting ExpiredTokenException
 * rather than UnrecognizedClientException, before they are forgotten (memory stays bounded).
 */
export const EXPIRED_CREDENTIALS_RETENTION_MS = 24 * 60 * 60 * 1000;
const sha256 = Hash.bind(null, 'sha256');

export function createSigV4Verifier({
  credentials,
  now,
  maxSkewMs = FIVE_MINUTES,
}: SigV4VerifierOptions): SigV4Verifier {
  const byAccessKey = new Map<string, { entry: KnownCredentials; signer: SignatureV4 }>();
  const remember = (entry: KnownCredentials): void => {
    byAccessKey.set(entry.accessKeyId, {
      entry,
      // applyChecksum off: the verifier must not add an x-amz-content-sha256 header the client
      // did not sign. Region and service are given per request.
      signer: new SignatureV4({
        credentials: { accessKeyId: entry.accessKeyId, secretAccessKey: entry.secretAccessKey },
        region: 'us-east-1',
        service: 'unused',
        sha256,
        applyChecksum: false,
      }),
    });
  };
  for (const entry of credentials) remember(entry);
  // Learned credentials in the order they were issued, which (with one lifetime for all) is the
  // order they expire in: forgetting the long-expired ones only ever looks at the front.
  let learned: IssuedCredentials[] = [];

  return {
    learn(entry) {
      if (byAccessKey.has(entry.accessKeyId)) {
        throw new Error(`credentials ${entry.accessKeyId} are already known`);
      }
      const forgetBefore = now().getTime() - EXPIRED_CREDENTIALS_RETENTION_MS;
      let forgotten = 0;
      for (const old of learned) {
        if (old.expiresAt.getTime() >= forgetBefore) break;
        byAccessKey.delete(old.accessKeyId);
        forgotten += 1;
      }
      if (forgotten > 0) learned = learned.slice(forgotten);
      learned.push(entry);
      remember(entry);
    },

    async verify(request, signingName) {
      const authorization = headerValue(request.headers, 'authorization');
      if (authorization === undefined) {
        if (
          Object.hasOwn(request.query, 'X-Amz-Signature') ||
          Object.hasOwn(request.query, 'X-Amz-Credential')
        ) {
          throw incomplete(
            'Query-string (presigned) authentication is not supported; sign the Authorization header',
          );
        }
        throw new ServiceError(
          'MissingAuthenticationTokenException',
          403,
          'Missing Authentication Token',
        );
      }
      const auth = parseAuthorization(authorization);
      const amzDate = headerValue(request.headers, 'x-amz-date');
      if (amzDate === undefined) {
        throw incomplete(
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
            `Authorization=${redactSignature(authorization)}`,
        );
      }
      const signedAt = parseAmzDate(amzDate);
      if (signedAt === undefined) {
        throw incomplete(
          `X-Amz-Date must be in the ISO8601 basic format YYYYMMDD'T'HHMMSS'Z', got '${amzDate}'`,
        );
      }

      const known = byAccessKey.get(auth.accessKeyId);
      if (known === undefined) {
        throw new ServiceError(
          'UnrecognizedClientException',
          403,
          'The security token included in the request is invalid.',
        );
      }
      const sessionToken = headerValue(request.headers, 'x-amz-security-token');
      if (known.entry.sessionToken !== undefined && sessionToken !== known.entry.sessionToken) {
        throw new ServiceError(
          'UnrecognizedClientException',
          403,
          'The security token included in the request is invalid.',
        );
      }
      // Checked before the signature, as AWS must: the token is what finds the secret key. The
      // model is silent on the status; 403 is what AWS's common-errors list gives it. SDK v3
      // neither retries it nor corrects its clock for it: the caller needs new credentials.
      const { expiresAt } = known.entry;
      if (expiresAt !== undefined && now().getTime() >= expiresAt.getTime()) {
        throw new ServiceError(
          'ExpiredTokenException',
          403,
          'The security token included in the request is expired',
        );
      }

      if (auth.service !== signingName) {
        throw invalid(`Credential should be scoped to correct service: '${signingName}'. `);
      }
      if (auth.terminator !== 'aws4_request') {
        throw invalid(
          `Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.terminator}'. `,
        );
      }
      if (auth.scopeDate !== amzDate.slice(0, 8)) {
        throw invalid(
          `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ` +
            `'${auth.scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
        );
      }
      const current = now();
      if (signedAt.getTime() < current.getTime() - maxSkewMs) {
        throw invalid(
          `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(new Date(current.getTime() - maxSkewMs))} ` +
            `(${formatAmzDate(current)} - ${maxSkewMs / 60_000} min.)`,
        );
      }
      if (signedAt.getTime() > current.getTime() + maxSkewMs) {
        throw invalid(
          `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(new Date(current.getTime() + maxSkewMs))} ` +
            `(${formatAmzDate(current)} + ${maxSkewMs / 60_000} min.)`,
        );
      }

      // Never trust a declared body hash: it must be the hash of the bytes that arrived.
      const declaredHash = headerValue(request.headers, 'x-amz-content-sha256');
      if (
        declaredHash !== undefined &&
        declaredHash !== createHash('sha256').update(request.body).digest('hex')
      ) {
        throw invalid(
          "The provided 'x-amz-content-sha256' header does not match what was computed.",
        );
      }

      const headers: Record<string, string> = {};
      for (const name of auth.signedHeaders) {
        const value = headerValue(request.headers, name);
        if (value !== undefined) headers[name] = value;
      }
      const signed = await known.signer.sign(
        {
          method: request.method,
          protocol: 'http:',
          hostname: headers['host'] ?? 'localhost',
          path: request.rawPath,
          query: toMutableQuery(request.query),
          headers,
          body: request.body,
        },
        {
          signingDate: signedAt,
          signingRegion: auth.region,
          signingService: auth.service,
          // Also counts headers the signer would skip by default (user-agent...) when the client
          // chose to sign them. A signed X-Amz-Security-Token is simply one of these headers.
          signableHeaders: new Set(auth.signedHeaders),
        },
      );
      const expected =
        /Signature=([0-9a-f]+)$/.exec(String(signed.headers['authorization']))?.[1] ?? '';
      if (!sameHex(expected, auth.signature)) {
        throw invalid(
          'The request signature we calculated does not match the signature you provided. ' +
            'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
        );
      }
      const { identityId, identityPoolId } = known.entry;
      return {
        accessKeyId: auth.accessKeyId,
        ...(identityId === undefined ? {} : { identityId }),
        ...(identityPoolId === undefined ? {} : { identityPoolId }),
      };
    },
  };
}

function toMutableQuery(
  query: Readonly<Record<string, string | readonly string[]>>,
): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(query).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : [...value],
    ]),
  );
}

function sameHex(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function invalid(message: string): ServiceError {
  return new ServiceError('InvalidSignatureException', 403, message);
}

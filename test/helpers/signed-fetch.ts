// A SigV4-signed raw HTTP request, for assertions on the wire itself (headers, body encoding) and
// for requests no SDK would send (a body changed after signing, a foreign signing scope).
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

import type { ServiceName } from '../../src/emulator/index.js';
import { REGION, type ClientCredentials } from './emulator.js';

export interface SignedRequest {
  /** The signing name put in the credential scope. */
  readonly service: ServiceName;
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Already percent-encoded, as a client sends it. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Sent instead of `body`, after the signature was computed over `body`. */
  readonly bodyOnTheWire?: string;
  readonly credentials: ClientCredentials;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

export async function signedFetch(baseUrl: string, request: SignedRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const signer = new SignatureV4({
    service: request.service,
    region: REGION,
    credentials: request.credentials,
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: request.path,
    query: { ...request.query },
    headers: { host: url.host, ...request.headers },
    body: request.body,
  });

  const target = new URL(request.path, url);
  for (const [name, value] of Object.entries(request.query ?? {}))
    target.searchParams.set(name, value);
  const headers = Object.fromEntries(
    Object.entries(signed.headers).filter(([name]) => name.toLowerCase() !== 'host'),
  );
  const response = await fetch(target, {
    method: request.method,
    headers,
    ...(request.body === undefined ? {} : { body: request.bodyOnTheWire ?? request.body }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

/** A Personalize call as the awsJson1_1 protocol frames it. */
export function personalizeRequest(
  operation: string,
  input: Readonly<Record<string, unknown>>,
  credentials: ClientCredentials,
): SignedRequest {
  return {
    service: 'personalize',
    method: 'POST',
    path: '/',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AmazonPersonalize.${operation}`,
    },
    body: JSON.stringify(input),
    credentials,
  };
}

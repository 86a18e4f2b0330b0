// SigV4's request headers as the verifier reads them: the `Authorization` header's algorithm,
// credential scope, signed headers and signature, and the `X-Amz-Date` timestamp. A malformed
// header is IncompleteSignatureException, as AWS answers it.
import { ServiceError } from './service-error.js';

const ALGORITHM = 'AWS4-HMAC-SHA256';

export interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

export function parseAuthorization(header: string): ParsedAuthorization {
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm !== ALGORITHM) {
    throw incomplete(
      `Unsupported authorization type: '${algorithm}'; only ${ALGORITHM} is accepted`,
    );
  }
  const parts = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const equals = part.indexOf('=');
    if (equals > 0) parts.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const credential = parts.get('Credential');
  const signedHeaders = parts.get('SignedHeaders');
  const signature = parts.get('Signature');
  for (const [name, value] of [
    ['Credential', credential],
    ['SignedHeaders', signedHeaders],
    ['Signature', signature],
  ] as const) {
    if (value === undefined || value === '') {
      throw incomplete(
        `Authorization header requires '${name}' parameter. Authorization=${redactSignature(header)}`,
      );
    }
  }
  const scope = (credential ?? '').split('/');
  const [accessKeyId, scopeDate, region, service, terminator] = scope;
  if (
    scope.length !== 5 ||
    accessKeyId === undefined ||
    scopeDate === undefined ||
    region === undefined ||
    service === undefined ||
    terminator === undefined
  ) {
    throw incomplete(
      `Authorization header requires a Credential of the form ACCESS_KEY/YYYYMMDD/region/service/aws4_request, got '${credential ?? ''}'`,
    );
  }
  return {
    accessKeyId,
    scopeDate,
    region,
    service,
    terminator,
    signedHeaders: (signedHeaders ?? '').split(';'),
    signature: signature ?? '',
  };
}

export function parseAmzDate(text: string): Date | undefined {
  const iso = text.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z');
  const date = new Date(iso);
  // The round trip rejects other shapes and impossible dates such as 20150230.
  return iso !== text && !Number.isNaN(date.getTime()) && formatAmzDate(date) === text
    ? date
    : undefined;
}

export function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function redactSignature(header: string): string {
  return header.replace(/Signature=[0-9a-fA-F]*/, 'Signature=...');
}

export function incomplete(message: string): ServiceError {
  return new ServiceError('IncompleteSignatureException', 400, message);
}

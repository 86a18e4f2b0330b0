// Request ids: taken from the client's `x-request-id` when it is well formed (so a trace can
// start at the client or a router), else generated; returned in the response header, attached
// to every log line of the request and sent on every upstream call. No AsyncLocalStorage carries
// it (its promise hooks cost 6-14% of the CPU per request in the issue 13 runs): what needs the
// id finds it from what it is handed — the request, the abort signal an upstream call is sent
// with (src/aws.ts), or an error yoga masks and logs without its request (errors are noted with
// their request first).
import { randomUUID } from 'node:crypto';

import type { Plugin } from 'graphql-yoga';

export const REQUEST_ID_HEADER = 'x-request-id';
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

const ids = new WeakMap<Request, string>();

/** The id of this request (assigned on first use, stable afterwards). */
export function requestIdOf(request: Request): string {
  let id = ids.get(request);
  if (id === undefined) {
    const given = request.headers.get(REQUEST_ID_HEADER);
    id = given !== null && WELL_FORMED.test(given) ? given : randomUUID();
    ids.set(request, id);
  }
  return id;
}

/** Echoes the request id on every response, including errors and non-GraphQL endpoints. */
export function useRequestId(): Plugin {
  return {
    onResponse({ request, response }) {
      response.headers.set(REQUEST_ID_HEADER, requestIdOf(request));
    },
  };
}

// Weak: an entry lives as long as its signal or error, never longer than the request needs it.
const signalIds = new WeakMap<AbortSignal, string>();
const errorIds = new WeakMap<object, string>();

/** Upstream calls sent with `signal` serve the request with this id (src/upstream.ts). */
export function noteSignalRequest(signal: AbortSignal, requestId: string): void {
  signalIds.set(signal, requestId);
}

/** The id of the request whose upstream calls are sent with `signal`, if noted. */
export function requestIdOfSignal(signal: unknown): string | undefined {
  return signal instanceof AbortSignal ? signalIds.get(signal) : undefined;
}

/**
 * `error` (and the error it wraps, for a GraphQLError) arose while handling the request with this
 * id: yoga's error masking and its logger, which never see the request, find the id from it.
 */
export function noteErrorRequest(error: unknown, requestId: string): void {
  if (typeof error !== 'object' || error === null) return;
  errorIds.set(error, requestId);
  const { originalError } = error as { originalError?: unknown };
  if (typeof originalError === 'object' && originalError !== null) {
    errorIds.set(originalError, requestId);
  }
}

/** The id of the request `error` was noted with, if any. */
export function requestIdOfError(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? errorIds.get(error) : undefined;
}

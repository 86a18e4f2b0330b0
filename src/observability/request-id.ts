// Request ids: taken from the client's `x-request-id` when it is well formed (so a trace can
// start at the client or a router), else generated; returned in the response header, attached
// to every log line of the request and sent on every upstream call. The id of the request being
// handled is kept in one AsyncLocalStorage, entered for the whole request (logging.ts) and again
// around each upstream call (src/upstream.ts), which the AWS clients' middleware reads.
import { AsyncLocalStorage } from 'node:async_hooks';
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

const currentIds = new AsyncLocalStorage<string>();

/** Runs `fn` as part of the request with this id: currentRequestId() reads it meanwhile. */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return currentIds.run(requestId, fn);
}

/** The id of the request being handled (undefined outside one). */
export function currentRequestId(): string | undefined {
  return currentIds.getStore();
}

// What a response says of the shared cache: `Cache-Control`, so routers, CDNs and browsers keep
// per-caller answers private and nothing with errors at all, and `X-Gateway-Cache`, which says
// where this response's upstream answers came from (for debugging: hit, miss, partial, bypass).
import type { Plugin } from 'graphql-yoga';

import type { CacheUse } from '../upstream.js';
import type { CacheMode } from '../shared-state.js';

export const CACHE_STATUS_HEADER = 'x-gateway-cache';

export interface CachePolicy {
  readonly mode: CacheMode;
  readonly ttlMs: number;
  /** True when every caller sees the same answers (no caller authentication). */
  readonly sameForEveryCaller: boolean;
}

export interface ResponseCacheFacts {
  /** Undefined when the request never reached execution (refused, malformed). */
  readonly use: CacheUse | undefined;
  readonly hadErrors: boolean;
}

export function cacheControlOf(policy: CachePolicy, facts: ResponseCacheFacts): string {
  if (policy.mode === 'off' || facts.use === undefined || facts.hadErrors) return 'no-store';
  const visibility = policy.sameForEveryCaller ? 'public' : 'private';
  return `${visibility}, max-age=${Math.floor(policy.ttlMs / 1000)}`;
}

export function cacheStatusOf(use: CacheUse | undefined): string | undefined {
  if (use === undefined) return undefined;
  if (use.bypass) return 'bypass';
  const { hit, miss, joined } = use.reads;
  if (hit + miss + joined === 0) return undefined;
  if (miss === 0) return 'hit';
  return hit + joined === 0 ? 'miss' : 'partial';
}

/** Does this request ask to read past caches (`Cache-Control: no-cache` or `Pragma: no-cache`)? */
export function asksForFreshAnswers(request: Request): boolean {
  const cacheControl = request.headers.get('cache-control') ?? '';
  return (
    /(?:^|,)\s*(?:no-cache|no-store|max-age=0)\s*(?:,|$)/i.test(cacheControl) ||
    (request.headers.get('pragma') ?? '').toLowerCase() === 'no-cache'
  );
}

function hasErrors(result: unknown): boolean {
  if (Array.isArray(result)) return result.some(hasErrors);
  if (typeof result !== 'object' || result === null || !('errors' in result)) return false;
  const { errors } = result as { errors?: unknown };
  return Array.isArray(errors) && errors.length > 0;
}

/**
 * The request's cache use is created with its context (`useOf` finds it again); the result's
 * errors are noted as it is processed; the headers are set on the response.
 */
export function useCacheHeaders(
  policy: CachePolicy,
  useOf: (request: Request) => CacheUse | undefined,
): Plugin {
  const errored = new WeakSet<Request>();
  return {
    onResultProcess({ request, result }) {
      if (hasErrors(result)) errored.add(request);
    },
    onResponse({ request, response }) {
      // Only GraphQL answers: health, metrics and GraphiQL's files keep their own headers.
      const type = response.headers.get('content-type') ?? '';
      if (!type.includes('json')) return;
      const use = useOf(request);
      const facts = { use, hadErrors: errored.has(request) || response.status !== 200 };
      response.headers.set('cache-control', cacheControlOf(policy, facts));
      const status = cacheStatusOf(use);
      if (status !== undefined) response.headers.set(CACHE_STATUS_HEADER, status);
    },
  };
}

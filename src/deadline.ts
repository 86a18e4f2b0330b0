// The deadline of each request in flight: a signal that aborts when the client goes away, when the
// time runs out, or when shutdown ends the grace period, whichever comes first. Upstream calls
// observe it (src/upstream.ts), so an aborted request answers at once with coded errors on
// the fields still waiting instead of being cut off with a TCP reset.
//
// Not `AbortSignal.any([request.signal, AbortSignal.timeout(ms)])`: on Node 20 a timeout signal
// held only by such a composite can be garbage-collected before it fires (nodejs/node#57736),
// and the deadline then silently never comes. Here the timer holds the controller, and the
// response clears the timer.
import type { Plugin } from 'graphql-yoga';

import { SHUTDOWN_REASON_NAME } from './upstream.js';

/** The abort reason of requests still running when the shutdown grace period ends. */
export function shutdownReason(): DOMException {
  return new DOMException('The gateway is shutting down.', SHUTDOWN_REASON_NAME);
}

export interface RequestDeadlines {
  /** The signal of this request, aborted at its deadline (`ms` from now) or when it goes away. */
  signalFor(request: Request, ms: number): AbortSignal;
  /** Ends each request's deadline with its response, so no timer outlives the request. */
  readonly plugin: Plugin;
  /** Aborts every request still in flight with `reason`; returns how many there were. */
  abortAll(reason: unknown): number;
}

interface Pending {
  readonly controller: AbortController;
  readonly release: () => void;
}

export function createRequestDeadlines(): RequestDeadlines {
  const pending = new Map<Request, Pending>();
  const end = (request: Request): void => {
    pending.get(request)?.release();
    pending.delete(request);
  };
  return {
    signalFor(request, ms) {
      const controller = new AbortController();
      const onClientGone = (): void => {
        controller.abort(request.signal.reason);
      };
      const timer = setTimeout(() => {
        controller.abort(new DOMException('The request deadline passed.', 'TimeoutError'));
      }, ms);
      // The server keeps the process alive; a pending deadline alone must not.
      timer.unref();
      if (request.signal.aborted) onClientGone();
      else request.signal.addEventListener('abort', onClientGone, { once: true });
      pending.set(request, {
        controller,
        release: () => {
          clearTimeout(timer);
          request.signal.removeEventListener('abort', onClientGone);
        },
      });
      return controller.signal;
    },
    plugin: {
      onResponse({ request }) {
        end(request);
      },
    },
    abortAll(reason) {
      const requests = [...pending.entries()];
      for (const [, { controller }] of requests) controller.abort(reason);
      return requests.length;
    },
  };
}

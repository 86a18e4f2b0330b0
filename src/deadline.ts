// The deadline of one request: a signal that aborts when the client goes away or when the time
// runs out, whichever comes first.
//
// Not `AbortSignal.any([request.signal, AbortSignal.timeout(ms)])`: on Node 20 a timeout signal
// held only by such a composite can be garbage-collected before it fires (nodejs/node#57736),
// and the deadline then silently never comes. Here the timer holds the controller, and the
// response clears the timer.
import type { Plugin } from 'graphql-yoga';

const pending = new WeakMap<Request, () => void>();

export function deadlineSignal(request: Request, ms: number): AbortSignal {
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
  pending.set(request, () => {
    clearTimeout(timer);
    request.signal.removeEventListener('abort', onClientGone);
  });
  return controller.signal;
}

/** Ends each request's deadline with its response, so no timer outlives the request. */
export function useDeadlineCleanup(): Plugin {
  return {
    onResponse({ request }) {
      pending.get(request)?.();
      pending.delete(request);
    },
  };
}

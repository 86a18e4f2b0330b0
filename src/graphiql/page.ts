// The GraphiQL page: a small HTML document that links the gateway's own copies of the bundle and
// carries GraphiQL's settings in a JSON data block (not a script), under a Content-Security-Policy
// that lets it load and connect to nothing but this origin.
import type { GraphiQLOptions } from 'graphql-yoga';

import type { GraphiQLFiles } from './assets.js';

/**
 * Everything from this origin only; scripts from the gateway's own files only (no inline script,
 * no eval). The exceptions are what the bundle needs, found by running it in Chromium under a
 * stricter policy (test/integration/graphiql-browser.test.ts fails on any violation):
 * - style-src 'unsafe-inline': Monaco writes <style> elements at run time (its theme and
 *   decorations, without a nonce), and React components set style attributes;
 * - font-src data:: the stylesheet embeds its fonts as data URIs; img-src data:: its icons.
 * Monaco's workers are the gateway's own files (worker-src 'self'), not blobs.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Response headers of the page. It may hold a demo token: never cached, never framed. */
export const GRAPHIQL_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': GRAPHIQL_CSP,
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function renderGraphiQLPage(options: GraphiQLOptions, files: GraphiQLFiles): string {
  const config = { options, workers: files.workers, bundle: files.bundle };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${escapeHtml(files.favicon)}" />
    <link rel="stylesheet" href="${escapeHtml(files.stylesheet)}" />
    <script type="application/json" id="graphiql-config">${jsonInHtml(config)}</script>
    <script src="${escapeHtml(files.boot)}" defer></script>
    <script src="${escapeHtml(files.bundle)}" defer></script>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript.</noscript>
    <div id="root"></div>
  </body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (character) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ??
      character,
  );
}

/**
 * JSON that cannot end the <script> element or open a comment in it: `<`, `>` and `&` as
 * \u escapes (the same value for JSON.parse), and the two line separators JavaScript dislikes.
 */
export function jsonInHtml(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

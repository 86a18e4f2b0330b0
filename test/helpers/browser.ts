// A real Chromium (Debian's /usr/bin/chromium, driven by playwright-core) that can reach loopback
// only: every other request is aborted and recorded, so a test can show that a page needs nothing
// from the internet. It also records what a page would hide: script errors and
// Content-Security-Policy violations.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

// Without the background-networking flags Chromium itself dials Google's hosts at start.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface LoadedResource {
  readonly url: string;
  readonly status: number;
  /** Bytes on the wire (compressed when the server compressed them). */
  readonly transferred: number;
  /** Bytes after decoding. */
  readonly decoded: number;
}

export interface OfflineBrowser {
  readonly context: BrowserContext;
  /** Requests for anything but loopback, which were aborted. */
  readonly blocked: string[];
  /** `directive blocked-uri (source:line)` for each Content-Security-Policy violation. */
  readonly cspViolations: string[];
  /** Uncaught exceptions in pages. */
  readonly pageErrors: string[];
  /** Every response a page received, in the order they finished. */
  readonly resources: LoadedResource[];
  /** Resolves once every finished request so far is in `resources`. */
  settled(): Promise<void>;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchOfflineBrowser(): Promise<OfflineBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the browser tests need Debian's chromium (apt-get install chromium)`,
    );
  }
  const pending = new Set<Promise<void>>();
  const profile = mkdtempSync(join(tmpdir(), 'gateway-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1400, height: 1000 },
  });
  const offline: OfflineBrowser = {
    context,
    blocked: [],
    cspViolations: [],
    pageErrors: [],
    resources: [],
    settled: async () => {
      await Promise.all([...pending]);
    },
    newPage: () => context.newPage(),
    close: async () => {
      try {
        await context.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (LOOPBACK_HOSTS.has(url.hostname)) {
      await route.continue();
    } else {
      offline.blocked.push(url.href);
      await route.abort('internetdisconnected');
    }
  });
  await context.exposeBinding('__reportCspViolation', (_source, violation: string) => {
    offline.cspViolations.push(violation);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (globalThis as unknown as { __reportCspViolation: (v: string) => void })
        .__reportCspViolation;
      report(
        `${event.effectiveDirective} ${event.blockedURI.slice(0, 80)} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  context.on('page', (page) => {
    page.on('pageerror', (error) => offline.pageErrors.push(error.message));
  });
  context.on('requestfinished', (request) => {
    const recorded = (async () => {
      const response = await request.response();
      if (response === null) return;
      const sizes = await request.sizes();
      const body = await response.body().catch(() => Buffer.alloc(0));
      // Chromium reports no body size for a worker's script: its Content-Length says it.
      const declared = Number((await response.headerValue('content-length')) ?? Number.NaN);
      offline.resources.push({
        url: request.url(),
        status: response.status(),
        transferred: sizes.responseBodySize || (Number.isNaN(declared) ? 0 : declared),
        decoded: body.byteLength,
      });
    })();
    // A request finishing as its page closes cannot be measured any more: leave it out rather
    // than fail the run with an unhandled rejection.
    const settled = recorded.catch((error: unknown) => {
      if (!(error instanceof Error) || !/has been closed/.test(error.message)) throw error;
    });
    pending.add(settled);
    // Failures still surface where `pending` is awaited; this chain only cleans up.
    void settled.finally(() => pending.delete(settled)).catch(() => undefined);
  });
  return offline;
}

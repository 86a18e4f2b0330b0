// GraphiQL in a real browser, as `npm start` serves it (src/main.ts in demo mode, a child
// process), with the internet cut off: Chromium may reach loopback only, and every other request
// is aborted and reported as a failure. The page must load, run each example tab against the demo
// data, and show the schema in the docs explorer, from the gateway's own files alone and without
// a Content-Security-Policy violation. Screenshots go to artifacts/graphiql/.
import { mkdirSync } from 'node:fs';

import type { Page, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { EXAMPLES } from '../../src/graphiql/examples.generated.js';
import { exampleTabs } from '../../src/graphiql/tabs.js';
import { launchOfflineBrowser, type OfflineBrowser } from '../helpers/browser.js';
import { cleanEnvironment, freePort, startShell, type Shell } from '../helpers/readme.js';

const ARTIFACTS = new URL('../../artifacts/graphiql/', import.meta.url);
/** Every operation in examples/ has a tab, named after it. */
const TAB_NAMES = exampleTabs(EXAMPLES, { variables: {}, headers: {} }).map(
  ({ operationName }) => operationName,
);

interface GraphQLBody {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly { readonly message: string }[];
}

interface DemoGateway {
  readonly url: string;
  readonly shell: Shell;
}

/** `npm start` in demo mode (the built-in emulator), on a free port. */
async function startDemoGateway(env: Record<string, string> = {}): Promise<DemoGateway> {
  const port = await freePort();
  const shell = startShell('exec node --import tsx src/main.ts', {
    ...cleanEnvironment(),
    PORT: String(port),
    GATEWAY_SHUTDOWN_DRAIN_MS: '0',
    LOG_FORMAT: 'json',
    ...env,
  });
  await shell.waitFor(`127.0.0.1:${port}/graphql`);
  return { url: `http://127.0.0.1:${port}/graphql`, shell };
}

function screenshot(page: Page, name: string): Promise<Buffer> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return page.screenshot({ path: new URL(`${name}.png`, ARTIFACTS).pathname });
}

/** Opens GraphiQL and waits until its query editor shows the first example. */
async function openGraphiQL(browser: OfflineBrowser, url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url);
  await page.locator('.graphiql-query-editor .view-lines').getByText('BothDatasets').waitFor();
  return page;
}

/** Whether a document's text declares the operation `name`. */
function declares(document: string | null | undefined, name: string): boolean {
  return new RegExp(`\\bquery ${name}\\b`).test(document ?? '');
}

/**
 * Switches to a tab. Playwright's mouse click on a tab is taken for the start of a drag (the tabs
 * can be reordered) and switches nothing; the keyboard activates the tab as a person's click does.
 * GraphiQL then learns the tab's operation name a moment later, when it has parsed the editor:
 * Run before that sends the previous tab's name ("Cannot infer operation"). yoga's GraphiQL
 * writes the parsed query into the page URL at that moment, so that is what the test waits for.
 */
async function openTab(page: Page, name: string): Promise<void> {
  await page.locator(`.graphiql-tab-button[title="${name}"]`).press('Enter');
  await page.waitForURL((url) => declares(url.searchParams.get('query'), name));
}

/** A Monaco editor's visible text, with its non-breaking spaces as plain ones. */
async function editorText(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).last().textContent()) ?? '').replace(/\s/g, ' ');
}

/** The POST the execute button sends for `operationName`, and its JSON answer. */
function operationResponse(page: Page, operationName: string): Promise<Response> {
  return page.waitForResponse((response) => {
    const request = response.request();
    if (request.method() !== 'POST' || new URL(response.url()).pathname !== '/graphql') {
      return false;
    }
    const body = request.postDataJSON() as { query?: unknown } | null;
    return typeof body?.query === 'string' && declares(body.query, operationName);
  });
}

/** Clicks Run on the open tab: the answer the gateway sent, and the result pane's text. */
async function run(
  page: Page,
  operationName: string,
): Promise<{ body: GraphQLBody; pane: string; request: Response['request'] }> {
  const answered = operationResponse(page, operationName);
  await page.locator('.graphiql-execute-button').click();
  const response = await answered.catch(async (error: unknown) => {
    await screenshot(page, `failed-run-${operationName}`);
    throw error;
  });
  const pane = '.graphiql-response .view-lines';
  await page
    .locator(pane)
    .getByText(/"(data|errors)"/)
    .first()
    .waitFor();
  return {
    body: (await response.json()) as GraphQLBody,
    pane: await editorText(page, pane),
    request: () => response.request(),
  };
}

/** The answer has data for every field it asked for, and no errors, in the wire and the pane. */
function expectData(result: { body: GraphQLBody; pane: string }): void {
  expect(result.body.errors).toBeUndefined();
  expect(result.body.data).toBeTypeOf('object');
  for (const [field, value] of Object.entries(result.body.data ?? {})) {
    expect(value, field).not.toBeNull();
  }
  expect(result.pane).toContain('"data"');
  expect(result.pane).not.toContain('"errors"');
}

function expectNothingBlocked(browser: OfflineBrowser): void {
  expect(browser.blocked, 'requests that left the machine').toEqual([]);
  expect(browser.cspViolations, 'Content-Security-Policy violations').toEqual([]);
  expect(browser.pageErrors, 'uncaught errors in the page').toEqual([]);
}

describe('GraphiQL in demo mode, offline', () => {
  let gateway: DemoGateway;
  let browser: OfflineBrowser;

  beforeAll(async () => {
    [gateway, browser] = await Promise.all([startDemoGateway(), launchOfflineBrowser()]);
  }, 60_000);

  afterAll(async () => {
    await browser.close();
    await gateway.shell.kill();
  });

  afterEach(() => {
    expectNothingBlocked(browser);
  });

  it('loads from the gateway alone and runs the opening tab: both connections, no errors', async () => {
    const page = await openGraphiQL(browser, gateway.url);

    const result = await run(page, 'BothDatasets');

    expectData(result);
    expect(result.body.data).toMatchObject({
      cognitoDatasets: { edges: expect.arrayContaining([expect.anything()]) as unknown },
      personalizeDatasets: { edges: expect.arrayContaining([expect.anything()]) as unknown },
    });
    await screenshot(page, 'demo-both-datasets');

    await browser.settled();
    const local = browser.resources.filter(({ url }) =>
      url.startsWith(new URL(gateway.url).origin),
    );
    expect(local.length).toBe(browser.resources.length);
    // A measurement for the record (not asserted): what one page load fetched.
    console.info(
      `GraphiQL page load: ${local.length} requests, ${local.reduce((sum, r) => sum + r.transferred, 0)} bytes transferred, ${local.reduce((sum, r) => sum + r.decoded, 0)} bytes decoded\n` +
        local.map((r) => `  ${r.status} ${r.transferred} ${r.decoded} ${r.url}`).join('\n'),
    );
    await page.close();
  });

  it('lists both connections in the docs explorer', async () => {
    const page = await openGraphiQL(browser, gateway.url);

    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const explorer = page.locator('.graphiql-doc-explorer');
    await explorer.getByRole('link', { name: 'Query', exact: true }).click();

    await explorer.getByText('cognitoDatasets', { exact: true }).waitFor();
    await explorer.getByText('personalizeDatasets', { exact: true }).waitFor();
    await screenshot(page, 'demo-docs-explorer');
    await page.close();
  });

  it('has one tab per example operation, and each runs as it opens', async () => {
    const page = await openGraphiQL(browser, gateway.url);
    const tabs = page.locator('.graphiql-tab-button');
    expect(await tabs.allTextContents()).toEqual(TAB_NAMES);

    for (const name of TAB_NAMES) {
      await openTab(page, name);
      const result = await run(page, name);
      expect(result.body.errors, name).toBeUndefined();
      expectData(result);
      await screenshot(page, `demo-tab-${name}`);
    }
    await page.close();
  }, 120_000);
});

describe('GraphiQL in demo mode with identity authentication, offline', () => {
  let gateway: DemoGateway;
  let browser: OfflineBrowser;

  beforeAll(async () => {
    [gateway, browser] = await Promise.all([
      startDemoGateway({ GATEWAY_AUTH_MODE: 'identity' }),
      launchOfflineBrowser(),
    ]);
  }, 60_000);

  afterAll(async () => {
    await browser.close();
    await gateway.shell.kill();
  });

  afterEach(() => {
    expectNothingBlocked(browser);
  });

  it('opens with a demo token in the Headers pane, and Run returns data with it', async () => {
    const page = await openGraphiQL(browser, gateway.url);

    await page.locator('.graphiql-editor-tools').getByRole('button', { name: 'Headers' }).click();
    const headers = '.graphiql-editor-tool .view-lines';
    await page.locator(headers).last().getByText('Authorization').waitFor();
    expect(await editorText(page, headers)).toMatch(/"Authorization": "Bearer eyJ/);
    await screenshot(page, 'identity-headers');

    const result = await run(page, 'BothDatasets');
    expect(result.request().headers()['authorization']).toMatch(/^Bearer eyJ/);
    expectData(result);
    await screenshot(page, 'identity-both-datasets');

    await page.close();
  });

  it('after a reload, the restored tabs carry the token of the new page load and run', async () => {
    const page = await openGraphiQL(browser, gateway.url);
    await page.reload();
    await page.locator('.graphiql-query-editor .view-lines').getByText('BothDatasets').waitFor();
    const tabs = page.locator('.graphiql-tab-button');
    // Restored, not duplicated: GraphiQL adds a tab when none matches the page's first example.
    expect(await tabs.allTextContents()).toEqual(TAB_NAMES);

    // localStorage keeps no headers: without this page's token, Run would answer UNAUTHENTICATED.
    expectData(await run(page, 'BothDatasets'));
    await openTab(page, 'CognitoDatasets');
    expectData(await run(page, 'CognitoDatasets'));
    await openTab(page, 'BothDatasets');
    expectData(await run(page, 'BothDatasets'));
    await page.close();
  });
});

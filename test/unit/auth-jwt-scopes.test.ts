// The schema's scope rules (schema/auth-scopes.ts) for gateway-mode callers: they agree with the
// resolver checks (resolvers/access.ts), and they hold on their own. The resolvers refuse another
// identity before any upstream call, so the rules are shown here where the resolvers cannot
// help: a listing page that (as if upstream misbehaved) holds another identity's dataset.
import { CognitoSyncClient } from '@aws-sdk/client-cognito-sync';
import { PersonalizeClient } from '@aws-sdk/client-personalize';
import { initContextCache } from '@pothos/core';
import { execute, parse, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';

import { ANONYMOUS_CALLER, UNRESTRICTED_CALLER, type Caller } from '../../resolvers/access.js';
import type { RequestContext } from '../../resolvers/context.js';
import { createCursorCodec } from '../../resolvers/cursor.js';
import type { UpstreamClients } from '../../resolvers/upstream.js';
import {
  authScopesOf,
  cognitoDatasetScopes,
  cognitoDatasetsScopes,
} from '../../schema/auth-scopes.js';
import { schema } from '../../schema/index.js';
import { callerFromClaims } from '../../src/auth/jwt-claims.js';
import { createRequestContext } from '../../src/context.js';
import { createServiceLimits, newCacheUse, SILENT_MONITOR } from '../../src/upstream.js';
import { ALICE, BOB, POOL, SETTINGS } from '../helpers/jwt-caller.js';

const OTHER_POOL = 'us-east-1:5c1f9e27-8b0a-4d63-b2e4-71a09c6d5f18';

const alice = callerFromClaims({ sub: 'alice', identity_ids: [ALICE] }, SETTINGS, POOL);
const admin = callerFromClaims({ sub: 'ops', scope: 'datasets:admin' }, SETTINGS, POOL);

// Never called: every test either stops before upstream or answers from the listing below.
const unusedClients = {
  cognitoSync: new CognitoSyncClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
  }),
  personalize: new PersonalizeClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
  }),
};

/** Clients whose Cognito Sync ListDatasets answers one page holding one dataset of `identityId`. */
function clientsListing(identityId: string): UpstreamClients {
  const cognitoSync = {
    send: () => Promise.resolve({ Datasets: [{ IdentityId: identityId, DatasetName: 'listed' }] }),
  } as unknown as CognitoSyncClient;
  return { ...unusedClients, cognitoSync };
}

function contextFor(caller: Caller, listedIdentity?: string): RequestContext {
  const base = createRequestContext(
    {
      shared: {
        codec: createCursorCodec({ secret: 'unit-test-cursor-secret-0123456789abcdef' }),
        paging: { defaultPageSize: 20, maxPageSize: 100, maxWalkPages: 5 },
        pageSizes: { cognitoSync: 20, personalize: 100 },
        maxNodeIds: 10,
        defaultIdentityPoolId: POOL,
      },
      clients: clientsListing(listedIdentity ?? ALICE),
      upstream: {
        requestConcurrency: 4,
        maxCalls: 100,
        serviceLimits: createServiceLimits(4),
        monitor: SILENT_MONITOR,
      },
    },
    {
      signal: new AbortController().signal,
      requestId: 'unit',
      caller,
      credentials: undefined,
      cacheUse: newCacheUse(false),
      deadlineAt: Date.now() + 60_000,
    },
  );
  return { ...initContextCache(), ...base };
}

const LIST = parse(/* GraphQL */ `
  query ($identityId: String) {
    cognitoDatasets(identityId: $identityId) {
      nodes {
        identityId
        datasetName
      }
    }
  }
`);

async function list(context: RequestContext, identityId?: string): Promise<ExecutionResult> {
  return execute({
    schema,
    document: LIST,
    contextValue: context,
    variableValues: identityId === undefined ? {} : { identityId },
  });
}

function codes(result: ExecutionResult): unknown[] {
  return (result.errors ?? []).map((error) => error.extensions['code']);
}

describe('the CognitoDataset type rule', () => {
  it("passes the caller's own datasets", async () => {
    const result = await list(contextFor(alice, ALICE));
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      cognitoDatasets: { nodes: [{ identityId: ALICE, datasetName: 'listed' }] },
    });
  });

  it("refuses another identity's dataset however it was reached", async () => {
    const result = await list(contextFor(alice, BOB));
    expect(result.data).toEqual({ cognitoDatasets: null });
    expect(new Set(codes(result))).toEqual(new Set(['FORBIDDEN']));
    expect(JSON.stringify(result)).not.toContain(BOB);
  });

  it('passes everything for the unrestricted caller (no auth mode)', async () => {
    const result = await list(contextFor(UNRESTRICTED_CALLER, BOB), BOB);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      cognitoDatasets: { nodes: [{ identityId: BOB, datasetName: 'listed' }] },
    });
  });
});

describe('scope helpers', () => {
  it('require the listed identity, chosen as the resolver chooses it', () => {
    expect(cognitoDatasetsScopes({}, contextFor(alice))).toEqual({ identity: ALICE });
    expect(cognitoDatasetsScopes({ identityId: BOB }, contextFor(alice))).toEqual({
      identity: BOB,
    });
  });

  it("refuse a pool that is not the caller's", () => {
    expect(
      cognitoDatasetsScopes({ identityPoolId: OTHER_POOL, identityId: ALICE }, contextFor(alice)),
    ).toBe(false);
    expect(
      cognitoDatasetScopes({ identityPoolId: OTHER_POOL, identityId: ALICE }, contextFor(alice)),
    ).toBe(false);
    expect(
      cognitoDatasetScopes({ identityPoolId: OTHER_POOL, identityId: BOB }, contextFor(admin)),
    ).toEqual({ identity: BOB });
  });

  it('throw what the resolver throws when no identity can be chosen', () => {
    expect(() => cognitoDatasetsScopes({}, contextFor(ANONYMOUS_CALLER))).toThrow(
      expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    );
    expect(() => cognitoDatasetsScopes({}, contextFor(admin))).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });

  it('grant identities and Personalize from the caller', () => {
    const scopes = authScopesOf(contextFor(alice));
    expect([scopes.identity(ALICE), scopes.identity(BOB), scopes.personalize]).toEqual([
      true,
      false,
      false,
    ]);
    const adminScopes = authScopesOf(contextFor(admin));
    expect([adminScopes.identity(BOB), adminScopes.personalize]).toEqual([true, true]);
    const anonymous = authScopesOf(contextFor(ANONYMOUS_CALLER));
    expect([anonymous.identity(ALICE), anonymous.personalize]).toEqual([false, false]);
  });
});

// Amazon Cognito Sync (restJson1): the eight dataset and usage operations over in-memory state.
// Handlers take the decoded input (model member names) and return the output members, with
// timestamps as epoch seconds. Routing from method + path lives in routes.ts;
// who may call what in access.ts, the output shapes in output.ts.
import { randomUUID } from 'node:crypto';
import { compareKeys, readTokenPage, takePage, type TokenPage } from '../paging.js';
import type { OperationContext, Principal } from '../protocol/operation.js';
import { ServiceError } from '../protocol/service-error.js';
import type { Quotas, Seed } from '../seed/schema.js';
import type { TokenCodec } from '../tokens.js';
import { authorizeIdentity, authorizePool } from './access.js';
import {
  datasetOutput,
  epochSeconds,
  identityStorage,
  poolUsageOutput,
  recordOutput,
} from './output.js';
import { applyPatches, checkConflicts } from './patches.js';
import {
  createCognitoSyncState,
  recordStorage,
  type CognitoSyncState,
  type DatasetState,
  type IdentityPoolState,
  type IdentityState,
} from './state.js';
import {
  cognitoId,
  datasetName,
  invalidParameter,
  lastSyncCount,
  maxResults,
  nextToken,
  optionalString,
  recordPatches,
  requiredString,
} from './validate.js';

type Input = Readonly<Record<string, unknown>>;
export type CognitoSyncOperation = (input: Input, ctx: OperationContext) => unknown;

export interface CognitoSyncService {
  readonly operations: Readonly<Record<string, CognitoSyncOperation>>;
}

export interface CognitoSyncDeps {
  readonly tokens: TokenCodec;
  readonly quotas: Quotas;
  /** When the seed's data is considered written, for pools and identities without dates. */
  readonly now?: Date;
}

// Page sizes. AWS documents no default and no maximum for any of these.
// ListDatasets: an identity holds at most 20 datasets by default, so 20 returns them all at once.
const LIST_DATASETS = { default: 20, cap: 1000 };
// ListRecords: records are small and numerous; 100 per page, at most 1000.
const LIST_RECORDS = { default: 100, cap: 1000 };
// ListIdentityPoolUsage: mirrors Cognito Identity's ListIdentityPools limit of 60.
const LIST_POOL_USAGE = { default: 20, cap: 60 };

export function createCognitoSyncService(seed: Seed, deps: CognitoSyncDeps): CognitoSyncService {
  const state: CognitoSyncState = createCognitoSyncState(seed, deps.now ?? new Date());
  const { tokens, quotas } = deps;

  function page<T>(
    listing: string,
    sorted: readonly T[],
    keyOf: (item: T) => string,
    token: string | undefined,
    limit: number,
    emptyPage?: OperationContext['emptyPage'],
  ): TokenPage<T> {
    return readTokenPage(
      tokens,
      listing,
      token,
      (start) => takePage(sorted, keyOf, start, limit),
      (error) => invalidParameter(`Invalid NextToken: ${error.message}`),
      emptyPage,
    );
  }

  function pool(identityPoolId: string): IdentityPoolState {
    const found = state.get(identityPoolId);
    if (found === undefined) throw notFound(`IdentityPool '${identityPoolId}' not found.`);
    return found;
  }

  function identity(identityPoolId: string, identityId: string): IdentityState {
    const found = pool(identityPoolId).identities.get(identityId);
    if (found === undefined) throw notFound(`Identity '${identityId}' not found.`);
    return found;
  }

  function dataset(identityPoolId: string, identityId: string, name: string): DatasetState {
    const found = identity(identityPoolId, identityId).datasets.get(name);
    if (found === undefined) throw notFound(`Dataset '${name}' not found.`);
    return found;
  }

  /** The pool, identity and dataset an identity-scoped call names, validated and authorized. */
  function identityScope(
    input: Input,
    principal: Principal,
  ): { poolId: string; identityId: string } {
    const poolId = cognitoId(input, 'IdentityPoolId');
    const identityId = cognitoId(input, 'IdentityId');
    authorizeIdentity(principal, poolId, identityId);
    return { poolId, identityId };
  }

  const operations: Record<string, CognitoSyncOperation> = {
    ListDatasets(input, { principal, emptyPage }) {
      const { poolId, identityId } = identityScope(input, principal);
      const limit = maxResults(input, LIST_DATASETS);
      const token = nextToken(input);
      // The model lists no ResourceNotFoundException here: an identity without data has no datasets.
      const datasets = state.get(poolId)?.identities.get(identityId)?.datasets;
      const sorted = [...(datasets?.values() ?? [])].sort((a, b) => compareKeys(a.name, b.name));
      const result = page(
        `cognito-sync:ListDatasets:${poolId}:${identityId}`,
        sorted,
        (item) => item.name,
        token,
        limit,
        emptyPage,
      );
      return {
        Datasets: result.items.map((item) => datasetOutput(identityId, item)),
        Count: result.items.length,
        NextToken: result.nextToken,
      };
    },

    DescribeDataset(input, { principal }) {
      const { poolId, identityId } = identityScope(input, principal);
      const name = datasetName(input);
      return { Dataset: datasetOutput(identityId, dataset(poolId, identityId, name)) };
    },

    DeleteDataset(input, { principal }) {
      const { poolId, identityId } = identityScope(input, principal);
      const name = datasetName(input);
      const owner = identity(poolId, identityId);
      const deleted = dataset(poolId, identityId, name);
      owner.datasets.delete(name);
      owner.deletedDatasets.set(name, deleted.syncCount);
      return { Dataset: datasetOutput(identityId, deleted) };
    },

    ListRecords(input, { principal }) {
      const { poolId, identityId } = identityScope(input, principal);
      const name = datasetName(input);
      const since = lastSyncCount(input);
      const limit = maxResults(input, LIST_RECORDS);
      const token = nextToken(input);
      const sessionToken = optionalString(input, 'SyncSessionToken');
      // The model lists no ResourceNotFoundException: a missing dataset answers DatasetExists false.
      const poolState = state.get(poolId);
      const owner = poolState?.identities.get(identityId);
      const found = owner?.datasets.get(name);
      // Without LastSyncCount a client reads the live records; with it, everything changed since,
      // removals included (as records without a Value), which is how a syncing client learns of them.
      const changed = [...(found?.records.values() ?? [])]
        .filter((record) =>
          since === undefined ? record.value !== undefined : record.syncCount > since,
        )
        .sort((a, b) => compareKeys(a.key, b.key));
      const result = page(
        `cognito-sync:ListRecords:${poolId}:${identityId}:${name}:${since ?? ''}`,
        changed,
        (record) => record.key,
        token,
        limit,
      );
      if (sessionToken === undefined && poolState !== undefined) poolState.syncSessionsCount += 1;
      const deletedAt = owner?.deletedDatasets.get(name);
      return {
        Records: result.items.map(recordOutput),
        NextToken: result.nextToken,
        Count: result.items.length,
        DatasetSyncCount: found?.syncCount ?? 0,
        LastModifiedBy: found?.lastModifiedBy,
        MergedDatasetNames: [],
        DatasetExists: found !== undefined,
        DatasetDeletedAfterRequestedSyncCount:
          found === undefined &&
          deletedAt !== undefined &&
          since !== undefined &&
          deletedAt >= since,
        SyncSessionToken: sessionToken ?? randomUUID(),
      };
    },

    UpdateRecords(input, { principal, now }) {
      const { poolId, identityId } = identityScope(input, principal);
      const name = datasetName(input);
      // Required by the model; the emulator accepts any non-empty session token.
      requiredString(input, 'SyncSessionToken', 1);
      const deviceId = optionalString(input, 'DeviceId', 1, 256);
      optionalString(input, 'ClientContext');
      const patches = recordPatches(input);

      const poolState = pool(poolId);
      // Identities are created by Cognito Identity, which the emulator does not run: an identity
      // of a known pool comes into being with its first write, as if it had just been issued.
      const owner: IdentityState = poolState.identities.get(identityId) ?? {
        identityId,
        datasets: new Map(),
        deletedDatasets: new Map(),
        lastModifiedDate: now,
      };
      const existing = owner.datasets.get(name);
      if (existing === undefined && owner.datasets.size >= quotas.cognitoDatasetsPerIdentity) {
        throw new ServiceError(
          'LimitExceededException',
          400,
          `Maximum number of datasets per identity exceeded (limit ${quotas.cognitoDatasetsPerIdentity}).`,
        );
      }
      const target: DatasetState = existing ?? {
        name,
        creationDate: now,
        lastModifiedDate: now,
        lastModifiedBy: '',
        syncCount: 0,
        records: new Map(),
        dataStorage: 0,
        numRecords: 0,
      };
      checkConflicts(target, patches);
      const author = deviceId ?? principal.identityId ?? principal.accessKeyId;
      const nextSyncCount = target.syncCount + (patches.length > 0 ? 1 : 0);
      const written = applyPatches(patches, target.records, {
        syncCount: nextSyncCount,
        now,
        author,
      });
      let storage = target.dataStorage;
      let numRecords = target.numRecords;
      for (const record of written) {
        const before = target.records.get(record.key);
        storage += recordStorage(record) - recordStorage(before);
        numRecords += Number(record.value !== undefined) - Number(before?.value !== undefined);
      }
      if (storage > quotas.cognitoBytesPerDataset) {
        throw new ServiceError(
          'LimitExceededException',
          400,
          `Dataset '${name}' would hold ${storage} bytes; the maximum is ${quotas.cognitoBytesPerDataset} bytes.`,
        );
      }

      // Everything checked: commit.
      for (const record of written) target.records.set(record.key, record);
      target.dataStorage = storage;
      target.numRecords = numRecords;
      target.syncCount = nextSyncCount;
      target.lastModifiedDate = now;
      target.lastModifiedBy = author;
      owner.datasets.set(name, target);
      owner.deletedDatasets.delete(name);
      owner.lastModifiedDate = now;
      poolState.identities.set(identityId, owner);
      poolState.lastModifiedDate = now;
      return { Records: written.map(recordOutput) };
    },

    DescribeIdentityUsage(input, { principal }) {
      const { poolId, identityId } = identityScope(input, principal);
      const owner = identity(poolId, identityId);
      return {
        IdentityUsage: {
          IdentityId: identityId,
          IdentityPoolId: poolId,
          LastModifiedDate: epochSeconds(owner.lastModifiedDate),
          DatasetCount: owner.datasets.size,
          DataStorage: identityStorage(owner),
        },
      };
    },

    DescribeIdentityPoolUsage(input, { principal }) {
      const poolId = cognitoId(input, 'IdentityPoolId');
      authorizePool(principal, 'DescribeIdentityPoolUsage');
      return { IdentityPoolUsage: poolUsageOutput(pool(poolId)) };
    },

    ListIdentityPoolUsage(input, { principal }) {
      const limit = maxResults(input, LIST_POOL_USAGE);
      const token = nextToken(input);
      authorizePool(principal, 'ListIdentityPoolUsage');
      const sorted = [...state.values()].sort((a, b) =>
        compareKeys(a.identityPoolId, b.identityPoolId),
      );
      const result = page(
        'cognito-sync:ListIdentityPoolUsage',
        sorted,
        (item) => item.identityPoolId,
        token,
        limit,
      );
      return {
        IdentityPoolUsages: result.items.map(poolUsageOutput),
        MaxResults: limit,
        Count: result.items.length,
        NextToken: result.nextToken,
      };
    },
  };

  return { operations };
}

function notFound(message: string): ServiceError {
  return new ServiceError('ResourceNotFoundException', 404, message);
}

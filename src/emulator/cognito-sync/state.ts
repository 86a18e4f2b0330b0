// Cognito Sync's in-memory data: identity pools → identities → datasets → records.
import type { Seed, SeedCognitoDataset } from '../seed/schema.js';

export interface RecordState {
  readonly key: string;
  /** Undefined once removed: removals stay as tombstones so syncing clients learn about them. */
  value: string | undefined;
  syncCount: number;
  lastModifiedDate: Date;
  lastModifiedBy: string;
  deviceLastModifiedDate: Date | undefined;
}

export interface DatasetState {
  readonly name: string;
  readonly creationDate: Date;
  lastModifiedDate: Date;
  lastModifiedBy: string;
  /** Server sync count: bumped by every UpdateRecords that changes the dataset. */
  syncCount: number;
  readonly records: Map<string, RecordState>;
  /** dataStorageOf(records), kept up to date by every write so listings need not recount. */
  dataStorage: number;
  /** Live (not removed) records, kept up to date likewise. */
  numRecords: number;
}

export interface IdentityState {
  readonly identityId: string;
  readonly datasets: Map<string, DatasetState>;
  /** Sync count each deleted dataset had, for ListRecords' DatasetDeletedAfterRequestedSyncCount. */
  readonly deletedDatasets: Map<string, number>;
  lastModifiedDate: Date;
}

export interface IdentityPoolState {
  readonly identityPoolId: string;
  readonly identities: Map<string, IdentityState>;
  syncSessionsCount: number;
  lastModifiedDate: Date;
}

export type CognitoSyncState = Map<string, IdentityPoolState>;

const SEED_AUTHOR = 'emulator-seed';

/**
 * What a record adds to its dataset's DataStorage: the UTF-8 byte length of its key plus value
 * while it is live, 0 once removed. AWS documents the 1 MB limit but not how it counts; UTF-8
 * bytes of keys and values is the natural reading of "1MB of key-value pairs" and is what a
 * client can compute itself.
 */
export function recordStorage(record: RecordState | undefined): number {
  return record?.value === undefined
    ? 0
    : Buffer.byteLength(record.key, 'utf8') + Buffer.byteLength(record.value, 'utf8');
}

export function createCognitoSyncState(seed: Seed, now: Date): CognitoSyncState {
  const state: CognitoSyncState = new Map();
  for (const pool of seed.cognitoSync?.identityPools ?? []) {
    const identities = new Map<string, IdentityState>();
    let poolModified = new Date(0);
    for (const identity of pool.identities) {
      const datasets = new Map<string, DatasetState>();
      let identityModified = new Date(0);
      for (const dataset of identity.datasets) {
        const loaded = loadDataset(dataset);
        datasets.set(loaded.name, loaded);
        identityModified = latest(identityModified, loaded.lastModifiedDate);
      }
      identities.set(identity.identityId, {
        identityId: identity.identityId,
        datasets,
        deletedDatasets: new Map(),
        lastModifiedDate: datasets.size > 0 ? identityModified : now,
      });
      poolModified = latest(poolModified, identityModified);
    }
    state.set(pool.identityPoolId, {
      identityPoolId: pool.identityPoolId,
      identities,
      syncSessionsCount: 0,
      lastModifiedDate: poolModified.getTime() > 0 ? poolModified : now,
    });
  }
  return state;
}

// A seeded dataset is as if written by one sync: every record and the dataset have SyncCount 1.
function loadDataset(seed: SeedCognitoDataset): DatasetState {
  const creationDate = new Date(seed.creationDate);
  const records = new Map<string, RecordState>();
  let dataStorage = 0;
  let lastRecordDate = creationDate;
  for (const record of seed.records) {
    const modified = new Date(
      record.lastModifiedDate ?? seed.lastModifiedDate ?? seed.creationDate,
    );
    lastRecordDate = latest(lastRecordDate, modified);
    const loaded: RecordState = {
      key: record.key,
      value: record.value,
      syncCount: 1,
      lastModifiedDate: modified,
      lastModifiedBy: record.lastModifiedBy ?? seed.lastModifiedBy ?? SEED_AUTHOR,
      deviceLastModifiedDate: undefined,
    };
    records.set(record.key, loaded);
    dataStorage += recordStorage(loaded);
  }
  return {
    name: seed.name,
    creationDate,
    lastModifiedDate:
      seed.lastModifiedDate === undefined ? lastRecordDate : new Date(seed.lastModifiedDate),
    lastModifiedBy: seed.lastModifiedBy ?? SEED_AUTHOR,
    syncCount: records.size > 0 ? 1 : 0,
    records,
    dataStorage,
    numRecords: records.size,
  };
}

function latest(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

// Cognito Sync's output shapes: the state as the model's members, timestamps as epoch seconds.
import type { DatasetState, IdentityPoolState, IdentityState, RecordState } from './state.js';

/** Timestamps go on the wire as epoch seconds (JSON numbers); SDK v3 rejects ISO strings. */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

export function datasetOutput(identityId: string, dataset: DatasetState): Record<string, unknown> {
  return {
    IdentityId: identityId,
    DatasetName: dataset.name,
    CreationDate: epochSeconds(dataset.creationDate),
    LastModifiedDate: epochSeconds(dataset.lastModifiedDate),
    LastModifiedBy: dataset.lastModifiedBy,
    DataStorage: dataset.dataStorage,
    NumRecords: dataset.numRecords,
  };
}

export function recordOutput(record: RecordState): Record<string, unknown> {
  return {
    Key: record.key,
    Value: record.value,
    SyncCount: record.syncCount,
    LastModifiedDate: epochSeconds(record.lastModifiedDate),
    LastModifiedBy: record.lastModifiedBy,
    DeviceLastModifiedDate:
      record.deviceLastModifiedDate === undefined
        ? undefined
        : epochSeconds(record.deviceLastModifiedDate),
  };
}

export function identityStorage(identity: IdentityState): number {
  let bytes = 0;
  for (const dataset of identity.datasets.values()) bytes += dataset.dataStorage;
  return bytes;
}

export function poolUsageOutput(pool: IdentityPoolState): Record<string, unknown> {
  let bytes = 0;
  for (const identity of pool.identities.values()) bytes += identityStorage(identity);
  return {
    IdentityPoolId: pool.identityPoolId,
    SyncSessionsCount: pool.syncSessionsCount,
    DataStorage: bytes,
    LastModifiedDate: epochSeconds(pool.lastModifiedDate),
  };
}

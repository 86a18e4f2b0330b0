// Personalize's output shapes: resources as the model's members, timestamps as epoch seconds,
// absent optional members omitted.
import type { DatasetGroupResource, DatasetResource, SchemaResource } from './state.js';

/** `{ [key]: value }` when the value is set, `{}` otherwise: absent optionals are omitted. */
export function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** Wire timestamps are epoch seconds (fractions allowed). */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}

export function datasetSummary(dataset: DatasetResource): Record<string, unknown> {
  return {
    name: dataset.name,
    datasetArn: dataset.arn,
    datasetType: dataset.datasetType,
    status: dataset.status,
    creationDateTime: epochSeconds(dataset.createdMs),
    lastUpdatedDateTime: epochSeconds(dataset.updatedMs),
  };
}

/** DescribeDataset's Dataset: the summary plus the members only Describe returns. */
export function datasetDetail(dataset: DatasetResource): Record<string, unknown> {
  return {
    ...datasetSummary(dataset),
    datasetGroupArn: dataset.datasetGroupArn,
    schemaArn: dataset.schemaArn,
  };
}

export function datasetGroupSummary(group: DatasetGroupResource): Record<string, unknown> {
  return {
    name: group.name,
    datasetGroupArn: group.arn,
    status: group.status,
    creationDateTime: epochSeconds(group.createdMs),
    lastUpdatedDateTime: epochSeconds(group.updatedMs),
    ...optional('failureReason', group.failureReason),
    ...optional('domain', group.domain),
  };
}

export function schemaSummary(schema: SchemaResource): Record<string, unknown> {
  return {
    name: schema.name,
    schemaArn: schema.arn,
    creationDateTime: epochSeconds(schema.createdMs),
    lastUpdatedDateTime: epochSeconds(schema.updatedMs),
    ...optional('domain', schema.domain),
  };
}

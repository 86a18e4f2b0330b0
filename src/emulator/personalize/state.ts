// The Personalize emulator's in-memory resources, their ARNs, and loading them from a seed.

import type { Seed, SeedPersonalizeDatasetGroup, SeedPersonalizeSchema } from '../seed/schema.js';
import { NewestFirstIndex } from './listing.js';
import { DOMAINS, NAME_PATTERN, type Domain } from './validate.js';

export const DATASET_TYPES = [
  'Interactions',
  'Items',
  'Users',
  'Actions',
  'Action_Interactions',
] as const;
export type DatasetType = (typeof DATASET_TYPES)[number];

/** Dataset types are case-insensitive on input; the canonical casing is what is stored. */
export function canonicalDatasetType(value: string): DatasetType | undefined {
  const lower = value.toLowerCase();
  return DATASET_TYPES.find((type) => type.toLowerCase() === lower);
}

export const ACTIVE = 'ACTIVE';
export const CREATE_FAILED = 'CREATE FAILED';

export interface SchemaResource {
  readonly arn: string;
  readonly name: string;
  readonly schema: string;
  readonly domain: Domain | undefined;
  readonly createdMs: number;
  readonly updatedMs: number;
}

export interface DatasetGroupResource {
  readonly arn: string;
  readonly name: string;
  readonly status: string;
  readonly domain: Domain | undefined;
  readonly roleArn: string | undefined;
  readonly kmsKeyArn: string | undefined;
  readonly failureReason: string | undefined;
  readonly createdMs: number;
  readonly updatedMs: number;
}

export interface DatasetResource {
  readonly arn: string;
  readonly name: string;
  readonly datasetGroupArn: string;
  readonly datasetType: DatasetType;
  readonly schemaArn: string;
  readonly status: string;
  readonly createdMs: number;
  readonly updatedMs: number;
}

export class PersonalizeState {
  readonly schemas = new NewestFirstIndex<SchemaResource>();
  readonly datasetGroups = new NewestFirstIndex<DatasetGroupResource>();
  readonly datasets = new NewestFirstIndex<DatasetResource>();
  readonly #datasetsByGroup = new Map<string, NewestFirstIndex<DatasetResource>>();
  readonly #arnPrefix: string;

  constructor(region: string, accountId: string) {
    this.#arnPrefix = `arn:aws:personalize:${region}:${accountId}:`;
  }

  schemaArn(name: string): string {
    return `${this.#arnPrefix}schema/${name}`;
  }

  datasetGroupArn(name: string): string {
    return `${this.#arnPrefix}dataset-group/${name}`;
  }

  /** Real dataset ARNs name the group and the type: one dataset of each type per group. */
  datasetArn(groupName: string, type: DatasetType): string {
    return `${this.#arnPrefix}dataset/${groupName}/${type.toUpperCase()}`;
  }

  /** The group's datasets (an empty index for an unknown group). */
  datasetsIn(datasetGroupArn: string): NewestFirstIndex<DatasetResource> {
    return this.#datasetsByGroup.get(datasetGroupArn) ?? new NewestFirstIndex();
  }

  addDataset(dataset: DatasetResource): void {
    this.datasets.put(dataset);
    let inGroup = this.#datasetsByGroup.get(dataset.datasetGroupArn);
    if (inGroup === undefined) {
      inGroup = new NewestFirstIndex();
      this.#datasetsByGroup.set(dataset.datasetGroupArn, inGroup);
    }
    inGroup.put(dataset);
  }

  deleteDataset(dataset: DatasetResource): void {
    this.datasets.delete(dataset.arn);
    this.#datasetsByGroup.get(dataset.datasetGroupArn)?.delete(dataset.arn);
  }
}

/**
 * The result of checking an Avro schema text: the reason it is unusable, or undefined. Kept
 * reasonable rather than complete: JSON, a record, and named fields with a type.
 */
export function avroSchemaProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'the schema is not valid JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return 'the schema must be a JSON object';
  }
  const record = parsed as Readonly<Record<string, unknown>>;
  if (record['type'] !== 'record') return 'the schema type must be "record"';
  if (typeof record['name'] !== 'string' || record['name'] === '') {
    return 'the record must have a name';
  }
  const fields = record['fields'];
  if (!Array.isArray(fields) || fields.length === 0) {
    return 'the record must have a non-empty "fields" array';
  }
  for (const field of fields as readonly unknown[]) {
    if (typeof field !== 'object' || field === null) return 'every field must be an object';
    const entry = field as Readonly<Record<string, unknown>>;
    if (typeof entry['name'] !== 'string' || entry['name'] === '') {
      return 'every field must have a name';
    }
    if (entry['type'] === undefined) return `field "${entry['name']}" must have a type`;
  }
  return undefined;
}

/** Loads the seed's Personalize section; throws an Error naming the first inconsistency. */
export function loadPersonalizeState(seed: Seed): PersonalizeState {
  const state = new PersonalizeState(seed.region ?? 'us-east-1', seed.accountId ?? '123456789012');
  const section = seed.personalize;
  if (section === undefined) return state;

  const schemaArnsByName = new Map<string, string>();
  for (const schema of section.schemas) {
    const arn = state.schemaArn(checkedName(schema.name, 'schema'));
    if (schemaArnsByName.has(schema.name)) seedError(`duplicate schema name '${schema.name}'`);
    const problem = avroSchemaProblem(schema.schema);
    if (problem !== undefined) seedError(`schema '${schema.name}': ${problem}`);
    schemaArnsByName.set(schema.name, arn);
    const createdMs = seedTime(schema.creationDateTime, `schema '${schema.name}'`);
    state.schemas.put({
      arn,
      name: schema.name,
      schema: schema.schema,
      domain: checkedDomain(schema),
      createdMs,
      updatedMs: createdMs,
    });
  }

  for (const group of section.datasetGroups) {
    const arn = state.datasetGroupArn(checkedName(group.name, 'dataset group'));
    if (state.datasetGroups.get(arn) !== undefined) {
      seedError(`duplicate dataset group name '${group.name}'`);
    }
    const createdMs = seedTime(group.creationDateTime, `dataset group '${group.name}'`);
    state.datasetGroups.put({
      arn,
      name: group.name,
      status: group.status ?? ACTIVE,
      domain: checkedDomain(group),
      roleArn: group.roleArn,
      kmsKeyArn: undefined,
      failureReason: group.failureReason,
      createdMs,
      updatedMs: optionalSeedTime(group.lastUpdatedDateTime, createdMs, `group '${group.name}'`),
    });
    loadDatasets(state, group, arn, schemaArnsByName);
  }
  return state;
}

function loadDatasets(
  state: PersonalizeState,
  group: SeedPersonalizeDatasetGroup,
  groupArn: string,
  schemaArnsByName: ReadonlyMap<string, string>,
): void {
  const names = new Set<string>();
  for (const dataset of group.datasets) {
    const where = `dataset '${dataset.name}' in group '${group.name}'`;
    checkedName(dataset.name, 'dataset');
    if (names.has(dataset.name)) seedError(`duplicate ${where}`);
    names.add(dataset.name);
    const type = canonicalDatasetType(dataset.datasetType);
    if (type === undefined) {
      seedError(`${where} has unknown datasetType '${dataset.datasetType}'`);
    }
    const arn = state.datasetArn(group.name, type);
    if (state.datasets.get(arn) !== undefined) {
      seedError(`group '${group.name}' has more than one ${type} dataset`);
    }
    const schemaArn = schemaArnsByName.get(dataset.schemaName);
    if (schemaArn === undefined) seedError(`${where} names unknown schema '${dataset.schemaName}'`);
    const createdMs = seedTime(dataset.creationDateTime, where);
    state.addDataset({
      arn,
      name: dataset.name,
      datasetGroupArn: groupArn,
      datasetType: type,
      schemaArn,
      status: dataset.status ?? ACTIVE,
      createdMs,
      updatedMs: optionalSeedTime(dataset.lastUpdatedDateTime, createdMs, where),
    });
  }
}

function seedError(problem: string): never {
  throw new Error(`Invalid seed (personalize): ${problem}`);
}

function checkedName(name: string, what: string): string {
  if (name.length > 63 || !NAME_PATTERN.regex.test(name)) {
    seedError(`${what} name '${name}' must be 1..63 characters matching ${NAME_PATTERN.text}`);
  }
  return name;
}

function checkedDomain(
  resource: SeedPersonalizeSchema | SeedPersonalizeDatasetGroup,
): Domain | undefined {
  const domain = resource.domain;
  if (domain !== undefined && !(DOMAINS as readonly string[]).includes(domain)) {
    seedError(`'${resource.name}' has unknown domain '${domain}'`);
  }
  return domain;
}

function seedTime(iso: string, where: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) seedError(`${where} has an invalid date '${iso}'`);
  return ms;
}

function optionalSeedTime(iso: string | undefined, fallback: number, where: string): number {
  return iso === undefined ? fallback : seedTime(iso, where);
}

// Amazon Personalize (awsJson1_1) dataset operations over the emulator's in-memory state.
//
// Choices where the real service is asynchronous or undocumented:
// - New schemas, dataset groups and datasets are ACTIVE at once (the real service walks through
//   CREATE PENDING and CREATE IN_PROGRESS), so a client can use what it just created. Seeded
//   resources keep the status the seed gives them.
// - DeleteDataset removes the dataset at once (the real one shows DELETE PENDING for a while).
//   Only ACTIVE or CREATE FAILED datasets can be deleted; others are ResourceInUseException.
// - CreateDataset needs an ACTIVE group (ResourceInUseException otherwise) and a schema of the
//   group's domain (none for a custom group), else InvalidInputException.
// - ListDatasets with an unknown datasetGroupArn returns an empty list: its model lists no
//   ResourceNotFoundException.
// - Lists are newest first (see listing.ts); without maxResults a page holds 100.
// - Errors are 400 except ResourceNotFoundException (404): the documented codes, which every
//   client reads by `__type` anyway.
// - `latestDatasetUpdate` and `trackingId` are omitted: there is no UpdateDataset or event
//   tracker here, and the real service returns them only after those.

import type { OperationContext } from '../protocol/operation.js';
import type { Quotas, Seed } from '../seed/schema.js';
import type { TokenCodec } from '../tokens.js';
import {
  alreadyExists,
  alreadyExistsArn,
  checkTags,
  found,
  limitExceeded,
  resourceInUse,
} from './errors.js';
import { readPage } from './listing.js';
import {
  datasetDetail,
  datasetGroupSummary,
  datasetSummary,
  optional,
  schemaSummary,
} from './output.js';
import {
  ACTIVE,
  CREATE_FAILED,
  avroSchemaProblem,
  canonicalDatasetType,
  loadPersonalizeState,
} from './state.js';
import {
  ARN_RULE,
  AVRO_SCHEMA_RULE,
  DATASET_TYPE_RULE,
  DOMAIN_RULE,
  InputReader,
  KMS_KEY_ARN_RULE,
  MAX_RESULTS_RULE,
  NAME_RULE,
  NEXT_TOKEN_RULE,
  ROLE_ARN_RULE,
  invalidInput,
  type Domain,
} from './validate.js';
export interface PersonalizeDeps {
  readonly tokens: TokenCodec;
  readonly quotas: Quotas;
}

export type PersonalizeOperation = (
  input: Readonly<Record<string, unknown>>,
  ctx: OperationContext,
) => unknown;

export interface PersonalizeService {
  /** Handlers by operation name, as routed from `X-Amz-Target: AmazonPersonalize.<Op>`. */
  readonly operations: Readonly<Record<string, PersonalizeOperation>>;
}

export function createPersonalizeService(seed: Seed, deps: PersonalizeDeps): PersonalizeService {
  const state = loadPersonalizeState(seed);
  const { tokens, quotas } = deps;

  const operations: Record<string, PersonalizeOperation> = {
    ListDatasets(input, { emptyPage }) {
      const reader = new InputReader(input);
      const datasetGroupArn = reader.string('datasetGroupArn', ARN_RULE);
      const paging = readPaging(reader);
      const index =
        datasetGroupArn === undefined ? state.datasets : state.datasetsIn(datasetGroupArn);
      const page = readPage(
        index,
        { listing: `personalize:ListDatasets:${datasetGroupArn ?? '*'}`, ...paging },
        tokens,
        emptyPage,
      );
      return { datasets: page.items.map(datasetSummary), ...optional('nextToken', page.nextToken) };
    },

    DescribeDataset(input) {
      const reader = new InputReader(input);
      const datasetArn = reader.string('datasetArn', { ...ARN_RULE, required: true });
      reader.check();
      return {
        dataset: datasetDetail(found(state.datasets.get(required(datasetArn)), datasetArn)),
      };
    },

    DeleteDataset(input) {
      const reader = new InputReader(input);
      const datasetArn = reader.string('datasetArn', { ...ARN_RULE, required: true });
      reader.check();
      const dataset = found(state.datasets.get(required(datasetArn)), datasetArn);
      if (dataset.status !== ACTIVE && dataset.status !== CREATE_FAILED) {
        throw resourceInUse(`Dataset ${dataset.arn} is ${dataset.status} and cannot be deleted.`);
      }
      state.deleteDataset(dataset);
      return {};
    },

    CreateDataset(input, ctx) {
      const reader = new InputReader(input);
      const name = reader.string('name', { ...NAME_RULE, required: true });
      const schemaArn = reader.string('schemaArn', { ...ARN_RULE, required: true });
      const datasetGroupArn = reader.string('datasetGroupArn', { ...ARN_RULE, required: true });
      const typeInput = reader.string('datasetType', { ...DATASET_TYPE_RULE, required: true });
      checkTags(reader.tags('tags'));
      reader.check();
      const datasetType = canonicalDatasetType(required(typeInput));
      if (datasetType === undefined) {
        throw invalidInput(
          `Invalid datasetType '${required(typeInput)}'. Valid values (case-insensitive): ` +
            'Interactions, Items, Users, Actions, Action_Interactions.',
        );
      }
      const group = found(state.datasetGroups.get(required(datasetGroupArn)), datasetGroupArn);
      const schema = found(state.schemas.get(required(schemaArn)), schemaArn);
      if (group.status !== ACTIVE) {
        throw resourceInUse(`Dataset group ${group.arn} is ${group.status}, not ACTIVE.`);
      }
      if (schema.domain !== group.domain) {
        throw invalidInput(
          `Schema ${schema.arn} has domain ${schema.domain ?? 'none'} but dataset group ` +
            `${group.arn} has domain ${group.domain ?? 'none'}; they must match.`,
        );
      }
      const arn = state.datasetArn(group.name, datasetType);
      if (state.datasets.get(arn) !== undefined) {
        throw alreadyExists(`Dataset group ${group.arn} already has a ${datasetType} dataset.`);
      }
      if ([...state.datasetsIn(group.arn).values()].some((d) => d.name === name)) {
        throw alreadyExists(`A dataset named ${required(name)} already exists in ${group.arn}.`);
      }
      const nowMs = ctx.now.getTime();
      state.addDataset({
        arn,
        name: required(name),
        datasetGroupArn: group.arn,
        datasetType,
        schemaArn: schema.arn,
        status: ACTIVE,
        createdMs: nowMs,
        updatedMs: nowMs,
      });
      return { datasetArn: arn };
    },

    ListDatasetGroups(input, { emptyPage }) {
      const reader = new InputReader(input);
      const paging = readPaging(reader);
      const page = readPage(
        state.datasetGroups,
        { listing: 'personalize:ListDatasetGroups', ...paging },
        tokens,
        emptyPage,
      );
      return {
        datasetGroups: page.items.map(datasetGroupSummary),
        ...optional('nextToken', page.nextToken),
      };
    },

    DescribeDatasetGroup(input) {
      const reader = new InputReader(input);
      const arn = reader.string('datasetGroupArn', { ...ARN_RULE, required: true });
      reader.check();
      const group = found(state.datasetGroups.get(required(arn)), arn);
      return {
        datasetGroup: {
          ...datasetGroupSummary(group),
          ...optional('roleArn', group.roleArn),
          ...optional('kmsKeyArn', group.kmsKeyArn),
        },
      };
    },

    CreateDatasetGroup(input, ctx) {
      const reader = new InputReader(input);
      const name = reader.string('name', { ...NAME_RULE, required: true });
      const roleArn = reader.string('roleArn', ROLE_ARN_RULE);
      const kmsKeyArn = reader.string('kmsKeyArn', KMS_KEY_ARN_RULE);
      const domain = reader.string('domain', DOMAIN_RULE) as Domain | undefined;
      checkTags(reader.tags('tags'));
      reader.check();
      if (kmsKeyArn !== undefined && roleArn === undefined) {
        throw invalidInput('roleArn is required when kmsKeyArn is specified.');
      }
      const arn = state.datasetGroupArn(required(name));
      if (state.datasetGroups.get(arn) !== undefined) throw alreadyExistsArn(arn);
      if (state.datasetGroups.size >= quotas.personalizeDatasetGroups) {
        throw limitExceeded('dataset groups', quotas.personalizeDatasetGroups);
      }
      const nowMs = ctx.now.getTime();
      state.datasetGroups.put({
        arn,
        name: required(name),
        status: ACTIVE,
        domain,
        roleArn,
        kmsKeyArn,
        failureReason: undefined,
        createdMs: nowMs,
        updatedMs: nowMs,
      });
      return { datasetGroupArn: arn, ...optional('domain', domain) };
    },

    ListSchemas(input) {
      const reader = new InputReader(input);
      const paging = readPaging(reader);
      const page = readPage(
        state.schemas,
        { listing: 'personalize:ListSchemas', ...paging },
        tokens,
      );
      return { schemas: page.items.map(schemaSummary), ...optional('nextToken', page.nextToken) };
    },

    DescribeSchema(input) {
      const reader = new InputReader(input);
      const arn = reader.string('schemaArn', { ...ARN_RULE, required: true });
      reader.check();
      const schema = found(state.schemas.get(required(arn)), arn);
      return { schema: { ...schemaSummary(schema), schema: schema.schema } };
    },

    CreateSchema(input, ctx) {
      const reader = new InputReader(input);
      const name = reader.string('name', { ...NAME_RULE, required: true });
      const text = reader.string('schema', { ...AVRO_SCHEMA_RULE, required: true });
      const domain = reader.string('domain', DOMAIN_RULE) as Domain | undefined;
      reader.check();
      const problem = avroSchemaProblem(required(text));
      if (problem !== undefined) throw invalidInput(`Invalid Avro schema: ${problem}.`);
      const arn = state.schemaArn(required(name));
      if (state.schemas.get(arn) !== undefined) throw alreadyExistsArn(arn);
      if (state.schemas.size >= quotas.personalizeSchemas) {
        throw limitExceeded('schemas', quotas.personalizeSchemas);
      }
      const nowMs = ctx.now.getTime();
      state.schemas.put({
        arn,
        name: required(name),
        schema: required(text),
        domain,
        createdMs: nowMs,
        updatedMs: nowMs,
      });
      return { schemaArn: arn };
    },
  };

  return { operations };
}

function readPaging(reader: InputReader): {
  maxResults: number | undefined;
  nextToken: string | undefined;
} {
  const nextToken = reader.string('nextToken', NEXT_TOKEN_RULE);
  const maxResults = reader.integer('maxResults', MAX_RESULTS_RULE);
  reader.check();
  return { maxResults, nextToken };
}

/** After `reader.check()`, a required member is present; this states it to the compiler. */
function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('required member missing after validation');
  return value;
}

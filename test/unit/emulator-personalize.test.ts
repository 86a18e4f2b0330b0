import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  createPersonalizeService,
  type PersonalizeService,
} from '../../src/emulator/personalize/service.js';
import { resolveQuotas } from '../../src/emulator/seed/quotas.js';
import { createTokenCodec } from '../../src/emulator/tokens.js';
import {
  ServiceError,
  type OperationContext,
  type Seed,
  type SeedPersonalizeDatasetGroup,
} from '../../src/emulator/index.js';

const ACCOUNT = '111122223333';
const PREFIX = `arn:aws:personalize:us-east-1:${ACCOUNT}:`;
const NOW = new Date('2026-01-15T12:00:00.000Z');
const TOKEN_TTL_MS = 60 * 60 * 1000;
const TYPES = ['Interactions', 'Items', 'Users', 'Actions', 'Action_Interactions'] as const;

const AVRO = JSON.stringify({
  type: 'record',
  name: 'Interactions',
  namespace: 'com.amazonaws.personalize.schema',
  fields: [
    { name: 'USER_ID', type: 'string' },
    { name: 'ITEM_ID', type: 'string' },
    { name: 'TIMESTAMP', type: 'long' },
  ],
  version: '1.0',
});

function minutes(n: number): string {
  return new Date(Date.UTC(2025, 4, 1) + n * 60_000).toISOString();
}

function group(
  name: string,
  minute: number,
  typeCount: number,
  extra: Partial<SeedPersonalizeDatasetGroup> = {},
): SeedPersonalizeDatasetGroup {
  return {
    name,
    creationDateTime: minutes(minute),
    datasets: TYPES.slice(0, typeCount).map((type, i) => ({
      name: `${name}-${type.toLowerCase()}`,
      datasetType: type,
      schemaName: 'custom-schema',
      creationDateTime: minutes(minute + i + 1),
    })),
    ...extra,
  };
}

function seedWith(groups: SeedPersonalizeDatasetGroup[], quotas: Seed['quotas'] = {}): Seed {
  return {
    accountId: ACCOUNT,
    region: 'us-east-1',
    quotas,
    personalize: {
      schemas: [
        { name: 'custom-schema', schema: AVRO, creationDateTime: minutes(0) },
        {
          name: 'retail-schema',
          schema: AVRO,
          domain: 'ECOMMERCE',
          creationDateTime: minutes(0),
        },
      ],
      datasetGroups: groups,
    },
  };
}

const BASE_GROUPS = [
  group('movies', 10, 5, { roleArn: 'arn:aws:iam::111122223333:role/personalize-movies' }),
  group('books', 20, 3),
  group('music', 30, 2),
  group('pending', 40, 0, { status: 'CREATE PENDING' }),
  group('broken', 50, 0, { status: 'CREATE FAILED', failureReason: 'KMS key is disabled' }),
  {
    ...group('retail', 60, 0, { domain: 'ECOMMERCE' }),
    datasets: [
      {
        name: 'retail-items',
        datasetType: 'Items',
        schemaName: 'retail-schema',
        status: 'CREATE IN_PROGRESS',
        creationDateTime: minutes(61),
      },
      {
        name: 'retail-users',
        datasetType: 'Users',
        schemaName: 'retail-schema',
        status: 'CREATE FAILED',
        creationDateTime: minutes(62),
      },
    ],
  },
];

interface Harness {
  readonly call: (operation: string, input?: Record<string, unknown>) => Record<string, unknown>;
  readonly clock: { now: Date };
}

function harness(seed: Seed = seedWith(BASE_GROUPS)): Harness {
  const clock = { now: NOW };
  const tokens = createTokenCodec({ ttlMs: TOKEN_TTL_MS, now: () => clock.now });
  const service: PersonalizeService = createPersonalizeService(seed, {
    tokens,
    quotas: resolveQuotas(seed),
  });
  return {
    clock,
    call(operation, input = {}) {
      const handler = service.operations[operation];
      if (handler === undefined) throw new Error(`no operation ${operation}`);
      const ctx: OperationContext = {
        principal: { accessKeyId: 'test' },
        requestId: 'req-1',
        now: clock.now,
      };
      return handler(input, ctx) as Record<string, unknown>;
    },
  };
}

function errorOf(action: () => unknown): ServiceError {
  try {
    action();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected a ServiceError, but the call succeeded');
}

function expectError(action: () => unknown, code: string, status: number): ServiceError {
  const error = errorOf(action);
  expect({ code: error.code, statusCode: error.statusCode }).toEqual({ code, statusCode: status });
  return error;
}

function list<T = Record<string, unknown>>(value: unknown): T[] {
  expect(Array.isArray(value)).toBe(true);
  return value as T[];
}

function names(value: unknown): string[] {
  return list<{ name: string }>(value).map((item) => item.name);
}

/** Every item of a listing, walking pages of `pageSize` (and checking each page's length). */
function walk(
  h: Harness,
  operation: string,
  itemsKey: string,
  pageSize: number | undefined,
  input: Record<string, unknown> = {},
): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  let nextToken: unknown;
  for (;;) {
    const page = h.call(operation, {
      ...input,
      ...(pageSize === undefined ? {} : { maxResults: pageSize }),
      ...(nextToken === undefined ? {} : { nextToken }),
    });
    const pageItems = list(page[itemsKey]);
    expect(pageItems.length).toBeLessThanOrEqual(pageSize ?? 100);
    items.push(...pageItems);
    nextToken = page['nextToken'];
    if (nextToken === undefined) return items;
    expect(pageItems).toHaveLength(pageSize ?? 100);
  }
}

describe('Personalize input validation', () => {
  const h = harness();
  const longArn = `${PREFIX}dataset-group/${'a'.repeat(240)}`;

  it.each([
    [
      'ListDatasets',
      { maxResults: 0 },
      "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      'ListDatasets',
      { maxResults: 101 },
      "Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
    ],
    [
      'ListDatasetGroups',
      { maxResults: 2.5 },
      "Value '2.5' at 'maxResults' failed to satisfy constraint: Member must be an integer",
    ],
    [
      'ListSchemas',
      { maxResults: -3 },
      "Value '-3' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      'ListDatasets',
      { nextToken: 'x'.repeat(1501) },
      "at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to 1500",
    ],
    [
      'ListDatasets',
      { nextToken: 'jeton-é' },
      "Value 'jeton-é' at 'nextToken' failed to satisfy constraint: Member must satisfy regular expression pattern",
    ],
    [
      'ListDatasets',
      { datasetGroupArn: 'arn:aws:s3:::bucket' },
      "Value 'arn:aws:s3:::bucket' at 'datasetGroupArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:([a-z\\d-]+):personalize:.*:.*:.+$",
    ],
    [
      'DescribeDatasetGroup',
      { datasetGroupArn: longArn },
      "at 'datasetGroupArn' failed to satisfy constraint: Member must have length less than or equal to 256",
    ],
    [
      'DescribeDataset',
      {},
      "Value null at 'datasetArn' failed to satisfy constraint: Member must not be null",
    ],
    [
      'DescribeSchema',
      { schemaArn: null },
      "Value null at 'schemaArn' failed to satisfy constraint: Member must not be null",
    ],
    [
      'DeleteDataset',
      { datasetArn: '' },
      "Value '' at 'datasetArn' failed to satisfy constraint: Member must satisfy regular expression pattern",
    ],
    [
      'CreateDatasetGroup',
      { name: '-leading-dash' },
      "Value '-leading-dash' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9][a-zA-Z0-9\\-_]*$",
    ],
    [
      'CreateDatasetGroup',
      { name: 'g'.repeat(64) },
      "at 'name' failed to satisfy constraint: Member must have length less than or equal to 63",
    ],
    [
      'CreateDatasetGroup',
      { name: 'ok', domain: 'RETAIL' },
      "Value 'RETAIL' at 'domain' failed to satisfy constraint: Member must satisfy enum value set: [ECOMMERCE, VIDEO_ON_DEMAND]",
    ],
    [
      'CreateDatasetGroup',
      { name: 'ok', roleArn: 'arn:aws:iam::12345:role/r' },
      "at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern",
    ],
    [
      'CreateDatasetGroup',
      {
        name: 'ok',
        roleArn: 'arn:aws:iam::111122223333:role/r',
        kmsKeyArn: 'arn:aws:kms:us-east-1:1:key/k',
      },
      "at 'kmsKeyArn' failed to satisfy constraint: Member must satisfy regular expression pattern",
    ],
    [
      'CreateSchema',
      { name: 'big', schema: 'x'.repeat(20001) },
      "at 'schema' failed to satisfy constraint: Member must have length less than or equal to 20000",
    ],
    [
      'CreateDataset',
      {
        name: 'd',
        schemaArn: `${PREFIX}schema/custom-schema`,
        datasetGroupArn: `${PREFIX}dataset-group/pending`,
        datasetType: 'Click-Stream',
      },
      "Value 'Click-Stream' at 'datasetType' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[A-Za-z_]+$",
    ],
  ])(
    '%s with %j is an InvalidInputException (400) naming the member',
    (operation, input, detail) => {
      const error = expectError(() => h.call(operation, input), 'InvalidInputException', 400);
      // An over-long token also breaks the {0,1500} pattern, so some rows list two violations.
      expect(error.message).toMatch(/^[12] validation errors? detected: /);
      expect(error.message).toContain(detail);
    },
  );

  it('words a single violation exactly as AWS does', () => {
    const error = expectError(
      () => h.call('ListDatasets', { maxResults: 0 }),
      'InvalidInputException',
      400,
    );
    expect(error.message).toBe(
      "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: " +
        'Member must have value greater than or equal to 1',
    );
  });

  it('reports every violated constraint of a request in one message', () => {
    const error = expectError(
      () => h.call('CreateDataset', { name: '_bad', datasetType: 'Items' }),
      'InvalidInputException',
      400,
    );
    expect(error.message).toMatch(/^3 validation errors detected: /);
    expect(error.message).toContain("Value '_bad' at 'name'");
    expect(error.message).toContain(
      "Value null at 'schemaArn' failed to satisfy constraint: Member must not be null",
    );
    expect(error.message).toContain(
      "Value null at 'datasetGroupArn' failed to satisfy constraint: Member must not be null",
    );
  });

  it.each([
    ['ListDatasets', { maxResults: '5' }, 'STRING_VALUE can not be converted to an Integer'],
    ['ListDatasetGroups', { nextToken: 42 }, 'NUMBER_VALUE can not be converted to a String'],
    ['CreateDatasetGroup', { name: true }, 'TRUE_VALUE can not be converted to a String'],
    [
      'DescribeDataset',
      { datasetArn: { arn: 'x' } },
      'Start of structure or map found where not expected.',
    ],
    ['CreateSchema', { name: ['a'], schema: AVRO }, 'Start of list found where not expected.'],
    [
      'CreateDatasetGroup',
      { name: 'ok', tags: 'env=prod' },
      'STRING_VALUE can not be converted to a List',
    ],
    [
      'CreateDatasetGroup',
      { name: 'ok', tags: ['env=prod'] },
      'STRING_VALUE can not be converted to a Structure',
    ],
  ])(
    '%s with %j (a member of the wrong JSON type) is a SerializationException (400)',
    (operation, input, message) => {
      const error = expectError(() => h.call(operation, input), 'SerializationException', 400);
      expect(error.message).toBe(message);
    },
  );

  it('checks tag keys and values without echoing them, as they are sensitive', () => {
    const error = expectError(
      () =>
        h.call('CreateDatasetGroup', {
          name: 'tagged',
          tags: [
            { tagKey: '', tagValue: 'secret-value' },
            { tagKey: 'team', tagValue: 'a<b' },
            { tagKey: 'owner' },
          ],
        }),
      'InvalidInputException',
      400,
    );
    expect(error.message).toMatch(/^3 validation errors detected: /);
    expect(error.message).toContain(
      "Value at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(error.message).toContain(
      "Value at 'tags.2.member.tagValue' failed to satisfy constraint",
    );
    expect(error.message).toContain(
      "Value null at 'tags.3.member.tagValue' failed to satisfy constraint: Member must not be null",
    );
    expect(error.message).not.toContain('secret-value');
    expect(error.message).not.toContain('a<b');
  });

  it('answers more than 200 tags with TooManyTagsException (400)', () => {
    const tags = Array.from({ length: 201 }, (_, i) => ({ tagKey: `k${i}`, tagValue: 'v' }));
    expectError(
      () => h.call('CreateDatasetGroup', { name: 'tagged', tags }),
      'TooManyTagsException',
      400,
    );
    expectError(
      () =>
        h.call('CreateDataset', {
          name: 'tagged',
          schemaArn: `${PREFIX}schema/custom-schema`,
          datasetGroupArn: `${PREFIX}dataset-group/music`,
          datasetType: 'Actions',
          tags,
        }),
      'TooManyTagsException',
      400,
    );
  });

  it('accepts exactly 200 tags', () => {
    const tags = Array.from({ length: 200 }, (_, i) => ({ tagKey: `k${i}`, tagValue: '' }));
    expect(harness().call('CreateDatasetGroup', { name: 'tagged', tags })).toEqual({
      datasetGroupArn: `${PREFIX}dataset-group/tagged`,
    });
  });

  it('requires a roleArn when a kmsKeyArn is given', () => {
    const error = expectError(
      () =>
        h.call('CreateDatasetGroup', {
          name: 'encrypted',
          kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        }),
      'InvalidInputException',
      400,
    );
    expect(error.message).toContain('roleArn');
  });

  it.each([
    ['not JSON', '{"type": "record"'],
    ['not a record', JSON.stringify({ type: 'enum', name: 'E', symbols: ['A'] })],
    ['a record without fields', JSON.stringify({ type: 'record', name: 'R', fields: [] })],
    [
      'a field without a type',
      JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'USER_ID' }] }),
    ],
  ])('rejects an Avro schema that is %s with InvalidInputException', (_what, schema) => {
    expectError(
      () => h.call('CreateSchema', { name: 'bad-schema', schema }),
      'InvalidInputException',
      400,
    );
  });

  it('ignores members the model does not define and treats null members as absent', () => {
    const page = h.call('ListDatasetGroups', {
      maxResults: null,
      nextToken: null,
      filter: 'ACTIVE',
    });
    expect(list(page['datasetGroups'])).toHaveLength(BASE_GROUPS.length);
  });
});

describe('Personalize resource shapes', () => {
  it('describes a seeded dataset group with epoch-second timestamps and no absent optionals', () => {
    const h = harness();
    expect(
      h.call('DescribeDatasetGroup', { datasetGroupArn: `${PREFIX}dataset-group/movies` }),
    ).toEqual({
      datasetGroup: {
        name: 'movies',
        datasetGroupArn: `${PREFIX}dataset-group/movies`,
        status: 'ACTIVE',
        roleArn: 'arn:aws:iam::111122223333:role/personalize-movies',
        creationDateTime: Date.parse(minutes(10)) / 1000,
        lastUpdatedDateTime: Date.parse(minutes(10)) / 1000,
      },
    });
  });

  it('reports the failure reason and domain of a group that has them', () => {
    const h = harness();
    const { datasetGroup } = h.call('DescribeDatasetGroup', {
      datasetGroupArn: `${PREFIX}dataset-group/broken`,
    }) as { datasetGroup: Record<string, unknown> };
    expect(datasetGroup).toMatchObject({
      status: 'CREATE FAILED',
      failureReason: 'KMS key is disabled',
    });
    const retail = list(h.call('ListDatasetGroups')['datasetGroups']).find(
      (g) => g['name'] === 'retail',
    );
    expect(retail).toMatchObject({ domain: 'ECOMMERCE' });
    expect(retail).not.toHaveProperty('failureReason');
  });

  it('keeps fractional seconds of seeded timestamps', () => {
    const seed = seedWith([
      { ...group('precise', 0, 1), creationDateTime: '2024-03-01T10:00:00.250Z' },
    ]);
    const { datasetGroup } = harness(seed).call('DescribeDatasetGroup', {
      datasetGroupArn: `${PREFIX}dataset-group/precise`,
    }) as { datasetGroup: Record<string, unknown> };
    expect(datasetGroup['creationDateTime']).toBe(1709287200.25);
  });

  it('describes a dataset with its group, schema and type, and an ARN naming group and type', () => {
    const h = harness();
    const datasetArn = `${PREFIX}dataset/movies/ACTION_INTERACTIONS`;
    expect(h.call('DescribeDataset', { datasetArn })).toEqual({
      dataset: {
        name: 'movies-action_interactions',
        datasetArn,
        datasetGroupArn: `${PREFIX}dataset-group/movies`,
        datasetType: 'Action_Interactions',
        schemaArn: `${PREFIX}schema/custom-schema`,
        status: 'ACTIVE',
        creationDateTime: Date.parse(minutes(15)) / 1000,
        lastUpdatedDateTime: Date.parse(minutes(15)) / 1000,
      },
    });
  });

  it('lists dataset summaries with exactly the summary members', () => {
    const [first] = list(
      harness().call('ListDatasets', { datasetGroupArn: `${PREFIX}dataset-group/music` })[
        'datasets'
      ],
    );
    expect(first).toEqual({
      name: 'music-items',
      datasetArn: `${PREFIX}dataset/music/ITEMS`,
      datasetType: 'Items',
      status: 'ACTIVE',
      creationDateTime: Date.parse(minutes(32)) / 1000,
      lastUpdatedDateTime: Date.parse(minutes(32)) / 1000,
    });
  });

  it('describes a schema with its Avro text and lists schema summaries without it', () => {
    const h = harness();
    const { schema } = h.call('DescribeSchema', { schemaArn: `${PREFIX}schema/retail-schema` }) as {
      schema: Record<string, unknown>;
    };
    expect(schema).toEqual({
      name: 'retail-schema',
      schemaArn: `${PREFIX}schema/retail-schema`,
      schema: AVRO,
      domain: 'ECOMMERCE',
      creationDateTime: Date.parse(minutes(0)) / 1000,
      lastUpdatedDateTime: Date.parse(minutes(0)) / 1000,
    });
    const summaries = list(h.call('ListSchemas')['schemas']);
    expect(summaries.map((s) => s['name'])).toEqual(['custom-schema', 'retail-schema']);
    expect(summaries[0]).not.toHaveProperty('schema');
  });

  it.each([
    ['DescribeDataset', { datasetArn: `${PREFIX}dataset/movies/NOPE` }],
    [
      'DescribeDataset',
      { datasetArn: `arn:aws:personalize:eu-west-1:${ACCOUNT}:dataset/movies/ITEMS` },
    ],
    ['DescribeDatasetGroup', { datasetGroupArn: `${PREFIX}dataset-group/nowhere` }],
    ['DescribeSchema', { schemaArn: `${PREFIX}schema/nowhere` }],
    ['DeleteDataset', { datasetArn: `${PREFIX}dataset/books/ACTIONS` }],
  ])('%s of an unknown ARN is a ResourceNotFoundException (404)', (operation, input) => {
    const error = expectError(
      () => harness().call(operation, input),
      'ResourceNotFoundException',
      404,
    );
    expect(error.message).toContain(Object.values(input)[0] as string);
  });
});

describe('Personalize create and delete', () => {
  const createDataset = (
    h: Harness,
    overrides: Record<string, unknown> = {},
  ): Record<string, unknown> =>
    h.call('CreateDataset', {
      name: 'music-users',
      schemaArn: `${PREFIX}schema/custom-schema`,
      datasetGroupArn: `${PREFIX}dataset-group/music`,
      datasetType: 'users',
      ...overrides,
    });

  it('creates a dataset group that is ACTIVE at once and first in the list', () => {
    const h = harness();
    h.clock.now = new Date('2026-02-01T00:00:00.500Z');
    expect(h.call('CreateDatasetGroup', { name: 'fresh', domain: 'VIDEO_ON_DEMAND' })).toEqual({
      datasetGroupArn: `${PREFIX}dataset-group/fresh`,
      domain: 'VIDEO_ON_DEMAND',
    });
    const [first] = list(h.call('ListDatasetGroups', { maxResults: 1 })['datasetGroups']);
    expect(first).toEqual({
      name: 'fresh',
      datasetGroupArn: `${PREFIX}dataset-group/fresh`,
      status: 'ACTIVE',
      domain: 'VIDEO_ON_DEMAND',
      creationDateTime: 1769904000.5,
      lastUpdatedDateTime: 1769904000.5,
    });
  });

  it('creates a dataset whose type is matched case-insensitively and stored in canonical casing', () => {
    const h = harness();
    expect(createDataset(h)).toEqual({ datasetArn: `${PREFIX}dataset/music/USERS` });
    const { dataset } = h.call('DescribeDataset', {
      datasetArn: `${PREFIX}dataset/music/USERS`,
    }) as {
      dataset: Record<string, unknown>;
    };
    expect(dataset).toMatchObject({
      name: 'music-users',
      datasetType: 'Users',
      status: 'ACTIVE',
      creationDateTime: NOW.getTime() / 1000,
    });
    expect(
      names(
        h.call('ListDatasets', { datasetGroupArn: `${PREFIX}dataset-group/music` })['datasets'],
      ),
    ).toEqual(['music-users', 'music-items', 'music-interactions']);
  });

  it('refuses a second dataset of the same type in a group with ResourceAlreadyExistsException', () => {
    const h = harness();
    expectError(
      () => createDataset(h, { name: 'other-items', datasetType: 'ITEMS' }),
      'ResourceAlreadyExistsException',
      400,
    );
  });

  it('refuses a dataset name already used in the group with ResourceAlreadyExistsException', () => {
    expectError(
      () => createDataset(harness(), { name: 'music-items' }),
      'ResourceAlreadyExistsException',
      400,
    );
  });

  it('refuses an unknown dataset type with InvalidInputException', () => {
    const error = expectError(
      () => createDataset(harness(), { datasetType: 'Purchases' }),
      'InvalidInputException',
      400,
    );
    expect(error.message).toContain('Purchases');
  });

  it('answers a missing group or schema with ResourceNotFoundException (404)', () => {
    const h = harness();
    expectError(
      () => createDataset(h, { datasetGroupArn: `${PREFIX}dataset-group/ghost` }),
      'ResourceNotFoundException',
      404,
    );
    expectError(
      () => createDataset(h, { schemaArn: `${PREFIX}schema/ghost` }),
      'ResourceNotFoundException',
      404,
    );
  });

  it('refuses a dataset in a group that is not ACTIVE with ResourceInUseException', () => {
    expectError(
      () => createDataset(harness(), { datasetGroupArn: `${PREFIX}dataset-group/pending` }),
      'ResourceInUseException',
      400,
    );
  });

  it('refuses a schema of another domain than the group with InvalidInputException', () => {
    const h = harness();
    expectError(
      () => createDataset(h, { schemaArn: `${PREFIX}schema/retail-schema` }),
      'InvalidInputException',
      400,
    );
    expectError(
      () =>
        createDataset(h, {
          name: 'retail-interactions',
          datasetGroupArn: `${PREFIX}dataset-group/retail`,
          datasetType: 'Interactions',
        }),
      'InvalidInputException',
      400,
    );
    expect(
      createDataset(h, {
        name: 'retail-interactions',
        datasetGroupArn: `${PREFIX}dataset-group/retail`,
        schemaArn: `${PREFIX}schema/retail-schema`,
        datasetType: 'Interactions',
      }),
    ).toEqual({ datasetArn: `${PREFIX}dataset/retail/INTERACTIONS` });
  });

  it('refuses duplicate dataset group and schema names with ResourceAlreadyExistsException', () => {
    const h = harness();
    expectError(
      () => h.call('CreateDatasetGroup', { name: 'movies' }),
      'ResourceAlreadyExistsException',
      400,
    );
    expectError(
      () => h.call('CreateSchema', { name: 'custom-schema', schema: AVRO }),
      'ResourceAlreadyExistsException',
      400,
    );
  });

  it('creates a schema that can be described and used for a dataset', () => {
    const h = harness();
    expect(h.call('CreateSchema', { name: 'new-schema', schema: AVRO })).toEqual({
      schemaArn: `${PREFIX}schema/new-schema`,
    });
    expect(createDataset(h, { schemaArn: `${PREFIX}schema/new-schema` })).toEqual({
      datasetArn: `${PREFIX}dataset/music/USERS`,
    });
  });

  it('deletes an ACTIVE dataset at once, after which it is neither described nor listed', () => {
    const h = harness();
    const datasetArn = `${PREFIX}dataset/books/ITEMS`;
    expect(h.call('DeleteDataset', { datasetArn })).toEqual({});
    expectError(() => h.call('DescribeDataset', { datasetArn }), 'ResourceNotFoundException', 404);
    const all = list<{ datasetArn: string }>(walk(h, 'ListDatasets', 'datasets', 3));
    expect(all.map((d) => d.datasetArn)).not.toContain(datasetArn);
    expect(
      names(
        h.call('ListDatasets', { datasetGroupArn: `${PREFIX}dataset-group/books` })['datasets'],
      ),
    ).toEqual(['books-users', 'books-interactions']);
    expect(
      createDataset(h, {
        name: 'books-items-v2',
        datasetGroupArn: `${PREFIX}dataset-group/books`,
        datasetType: 'Items',
      }),
    ).toEqual({
      datasetArn,
    });
  });

  it('deletes a CREATE FAILED dataset but refuses one still being created with ResourceInUseException', () => {
    const h = harness();
    expect(h.call('DeleteDataset', { datasetArn: `${PREFIX}dataset/retail/USERS` })).toEqual({});
    expectError(
      () => h.call('DeleteDataset', { datasetArn: `${PREFIX}dataset/retail/ITEMS` }),
      'ResourceInUseException',
      400,
    );
  });

  it('answers creation past the dataset group quota with LimitExceededException', () => {
    const h = harness(seedWith(BASE_GROUPS, { personalizeDatasetGroups: BASE_GROUPS.length + 1 }));
    h.call('CreateDatasetGroup', { name: 'last-one' });
    const error = expectError(
      () => h.call('CreateDatasetGroup', { name: 'one-too-many' }),
      'LimitExceededException',
      400,
    );
    expect(error.message).toContain(String(BASE_GROUPS.length + 1));
  });

  it('answers creation past the schema quota with LimitExceededException', () => {
    const h = harness(seedWith(BASE_GROUPS, { personalizeSchemas: 2 }));
    expectError(
      () => h.call('CreateSchema', { name: 'third', schema: AVRO }),
      'LimitExceededException',
      400,
    );
  });
});

describe('Personalize listing order and paging', () => {
  const manyGroups = Array.from({ length: 23 }, (_, i) =>
    group(`group-${String(i).padStart(2, '0')}`, i * 10, (i % 5) + 1),
  );
  // Two groups created at the same instant are ordered by ARN.
  manyGroups.push(group('tie-b', 500, 1), group('tie-a', 500, 1));
  const seed = seedWith(manyGroups);
  const datasetCount = manyGroups.reduce((sum, g) => sum + g.datasets.length, 0);

  it('lists dataset groups newest first, ties broken by ARN', () => {
    const all = names(harness(seed).call('ListDatasetGroups')['datasetGroups']);
    expect(all.slice(0, 4)).toEqual(['tie-a', 'tie-b', 'group-22', 'group-21']);
    expect(all.at(-1)).toBe('group-00');
  });

  it('returns every dataset exactly once, in the same order, for any page size', () => {
    const h = harness(seed);
    const reference = walk(h, 'ListDatasets', 'datasets', 100).map((d) => d['datasetArn']);
    expect(reference).toHaveLength(datasetCount);
    expect(new Set(reference).size).toBe(datasetCount);
    const created = walk(h, 'ListDatasets', 'datasets', 100).map(
      (d) => d['creationDateTime'] as number,
    );
    expect(created).toEqual([...created].sort((a, b) => b - a));
    for (const pageSize of [1, 2, 3, 7, 10, 64, undefined]) {
      expect(walk(h, 'ListDatasets', 'datasets', pageSize).map((d) => d['datasetArn'])).toEqual(
        reference,
      );
    }
  });

  it('pages the datasets of one group', () => {
    const h = harness(seed);
    const datasetGroupArn = `${PREFIX}dataset-group/group-04`;
    const all = walk(h, 'ListDatasets', 'datasets', 2, { datasetGroupArn });
    expect(all.map((d) => d['datasetArn'])).toEqual([
      `${PREFIX}dataset/group-04/ACTION_INTERACTIONS`,
      `${PREFIX}dataset/group-04/ACTIONS`,
      `${PREFIX}dataset/group-04/USERS`,
      `${PREFIX}dataset/group-04/ITEMS`,
      `${PREFIX}dataset/group-04/INTERACTIONS`,
    ]);
  });

  it('lists no datasets for an unknown dataset group', () => {
    expect(
      harness(seed).call('ListDatasets', { datasetGroupArn: `${PREFIX}dataset-group/ghost` }),
    ).toEqual({ datasets: [] });
  });

  it('returns 100 items per page without maxResults, and no nextToken on the last page', () => {
    const big = seedWith(Array.from({ length: 150 }, (_, i) => group(`g${i}`, i, 0)));
    const h = harness(big);
    const first = h.call('ListDatasetGroups');
    expect(list(first['datasetGroups'])).toHaveLength(100);
    expect(typeof first['nextToken']).toBe('string');
    const second = h.call('ListDatasetGroups', { nextToken: first['nextToken'] });
    expect(list(second['datasetGroups'])).toHaveLength(50);
    expect(second).not.toHaveProperty('nextToken');
  });

  it('omits nextToken when a page ends exactly at the last item', () => {
    const h = harness(seed);
    const page = h.call('ListDatasetGroups', { maxResults: manyGroups.length });
    expect(list(page['datasetGroups'])).toHaveLength(manyGroups.length);
    expect(page).not.toHaveProperty('nextToken');
  });

  it('neither skips nor repeats survivors when datasets are deleted between pages', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 0, max: datasetCount - 1 }), { maxLength: 20 }),
        (pageSize, victims) => {
          const h = harness(seed);
          const order = walk(h, 'ListDatasets', 'datasets', 100).map(
            (d) => d['datasetArn'] as string,
          );
          const seen: string[] = [];
          const deleted = new Set<string>();
          let nextToken: unknown;
          let victim = 0;
          do {
            const page = h.call('ListDatasets', {
              maxResults: pageSize,
              ...(nextToken === undefined ? {} : { nextToken }),
            });
            seen.push(...list<{ datasetArn: string }>(page['datasets']).map((d) => d.datasetArn));
            nextToken = page['nextToken'];
            const target = order[victims[victim++] ?? -1];
            if (target !== undefined && !deleted.has(target)) {
              h.call('DeleteDataset', { datasetArn: target });
              deleted.add(target);
            }
          } while (nextToken !== undefined);
          expect(new Set(seen).size).toBe(seen.length);
          const unseenSurvivors = order.filter((arn) => !seen.includes(arn) && !deleted.has(arn));
          expect(unseenSurvivors).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('does not return datasets created after a walk started', () => {
    const h = harness(seed);
    const first = h.call('ListDatasets', { maxResults: 5 });
    h.call('CreateDatasetGroup', { name: 'late' });
    h.call('CreateDataset', {
      name: 'late-items',
      schemaArn: `${PREFIX}schema/custom-schema`,
      datasetGroupArn: `${PREFIX}dataset-group/late`,
      datasetType: 'Items',
    });
    let nextToken = first['nextToken'];
    const rest: string[] = [];
    while (nextToken !== undefined) {
      const page = h.call('ListDatasets', { maxResults: 50, nextToken });
      rest.push(...names(page['datasets']));
      nextToken = page['nextToken'];
    }
    expect(rest).toHaveLength(datasetCount - 5);
    expect(rest).not.toContain('late-items');
  });
});

describe('Personalize next tokens', () => {
  const seed = seedWith(Array.from({ length: 6 }, (_, i) => group(`g${i}`, i * 10, 5)));

  function firstToken(h: Harness, operation: string, input: Record<string, unknown> = {}): string {
    const token = h.call(operation, { ...input, maxResults: 1 })['nextToken'];
    expect(typeof token).toBe('string');
    return token as string;
  }

  it('rejects a token from another listing with InvalidNextTokenException (400)', () => {
    const h = harness(seed);
    const groupsToken = firstToken(h, 'ListDatasetGroups');
    expectError(
      () => h.call('ListDatasets', { nextToken: groupsToken }),
      'InvalidNextTokenException',
      400,
    );
    const g0 = `${PREFIX}dataset-group/g0`;
    const g1 = `${PREFIX}dataset-group/g1`;
    const g0Token = firstToken(h, 'ListDatasets', { datasetGroupArn: g0 });
    expectError(
      () => h.call('ListDatasets', { datasetGroupArn: g1, nextToken: g0Token }),
      'InvalidNextTokenException',
      400,
    );
    expectError(
      () => h.call('ListDatasets', { nextToken: g0Token }),
      'InvalidNextTokenException',
      400,
    );
    expect(
      list(h.call('ListDatasets', { datasetGroupArn: g0, nextToken: g0Token })['datasets']),
    ).toHaveLength(4);
  });

  it('rejects forged and tampered tokens with InvalidNextTokenException (400)', () => {
    const h = harness(seed);
    const token = firstToken(h, 'ListSchemas');
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const forged of ['', 'abc', '{"offset":1}', tampered]) {
      expectError(
        () => h.call('ListSchemas', { nextToken: forged }),
        'InvalidNextTokenException',
        400,
      );
    }
  });

  it('rejects a token issued by another emulator instance', () => {
    const token = firstToken(harness(seed), 'ListDatasetGroups');
    expectError(
      () => harness(seed).call('ListDatasetGroups', { nextToken: token }),
      'InvalidNextTokenException',
      400,
    );
  });

  it('rejects an expired token', () => {
    const h = harness(seed);
    const token = firstToken(h, 'ListDatasetGroups');
    h.clock.now = new Date(NOW.getTime() + TOKEN_TTL_MS + 1000);
    expectError(
      () => h.call('ListDatasetGroups', { nextToken: token }),
      'InvalidNextTokenException',
      400,
    );
  });
});

describe('Personalize seed loading', () => {
  it.each([
    [
      'an unknown schema',
      seedWith([
        {
          ...group('g', 0, 0),
          datasets: [
            { name: 'd', datasetType: 'Items', schemaName: 'ghost', creationDateTime: minutes(1) },
          ],
        },
      ]),
      'unknown schema',
    ],
    [
      'an unknown dataset type',
      seedWith([
        {
          ...group('g', 0, 0),
          datasets: [
            {
              name: 'd',
              datasetType: 'Clicks',
              schemaName: 'custom-schema',
              creationDateTime: minutes(1),
            },
          ],
        },
      ]),
      'unknown datasetType',
    ],
    [
      'two datasets of one type',
      seedWith([
        {
          ...group('g', 0, 1),
          datasets: [
            ...group('g', 0, 1).datasets,
            {
              name: 'again',
              datasetType: 'interactions',
              schemaName: 'custom-schema',
              creationDateTime: minutes(2),
            },
          ],
        },
      ]),
      'more than one Interactions',
    ],
    [
      'a duplicate group name',
      seedWith([group('g', 0, 0), group('g', 5, 0)]),
      'duplicate dataset group',
    ],
    [
      'an invalid date',
      seedWith([{ ...group('g', 0, 0), creationDateTime: 'yesterday' }]),
      'invalid date',
    ],
    ['an invalid name', seedWith([group('bad name', 0, 0)]), "'bad name'"],
  ])('refuses a seed with %s, saying why', (_what, badSeed, reason) => {
    expect(() => harness(badSeed)).toThrow(reason);
  });

  it('loads a seed without a personalize section as empty', () => {
    const h = harness({});
    expect(h.call('ListDatasetGroups')).toEqual({ datasetGroups: [] });
    expect(h.call('ListDatasets')).toEqual({ datasets: [] });
    expect(h.call('ListSchemas')).toEqual({ schemas: [] });
    expect(h.call('CreateDatasetGroup', { name: 'first' })).toEqual({
      datasetGroupArn: 'arn:aws:personalize:us-east-1:123456789012:dataset-group/first',
    });
  });
});

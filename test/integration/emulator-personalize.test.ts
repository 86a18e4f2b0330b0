// Acceptance tests for the emulator's Amazon Personalize (awsJson1_1), driven by the real AWS SDK v3
// client over HTTP. Expectations come from the service model and the AWS documentation.
import {
  CreateDatasetCommand,
  CreateDatasetGroupCommand,
  CreateSchemaCommand,
  DeleteDatasetCommand,
  DescribeDatasetCommand,
  DescribeDatasetGroupCommand,
  InvalidInputException,
  InvalidNextTokenException,
  LimitExceededException,
  ListDatasetGroupsCommand,
  ListDatasetsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  type PersonalizeClient,
} from '@aws-sdk/client-personalize';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { generateSeed, startEmulator } from '../../src/emulator/index.js';
import type {
  RunningEmulator,
  Seed,
  SeedPersonalizeDatasetGroup,
} from '../../src/emulator/index.js';
import { personalizeClient, rejectionOf } from '../helpers/emulator.js';
import {
  datasetArn,
  datasetArns,
  datasetGroupArn,
  datasetGroupArns,
  walkDatasetGroups,
  walkDatasets,
} from '../helpers/personalize.js';
import {
  ACCOUNT_ID,
  PERSONALIZE_ARN,
  avroSchema,
  personalizeArn,
  personalizeGroup,
  personalizeSchemas,
} from '../helpers/gateway-seeds.js';
import { personalizeRequest, signedFetch } from '../helpers/signed-fetch.js';

const DOCUMENTED_STATUSES = [
  'CREATE PENDING',
  'CREATE IN_PROGRESS',
  'ACTIVE',
  'CREATE FAILED',
  'DELETE PENDING',
  'DELETE IN_PROGRESS',
];

const SEEDED_GROUPS: SeedPersonalizeDatasetGroup[] = [
  personalizeGroup('alpha', 5, 0),
  personalizeGroup('beta', 2, 10),
  personalizeGroup('gamma', 1, 20),
  { ...personalizeGroup('empty-group', 0, 30), domain: 'ECOMMERCE' },
  personalizeGroup('blank', 0, 35),
  personalizeGroup('shrinking', 5, 40),
  personalizeGroup('deletable', 2, 50),
];
const GROUP_QUOTA = SEEDED_GROUPS.length + 4;

const seed: Seed = {
  accountId: ACCOUNT_ID,
  region: 'us-east-1',
  quotas: { personalizeDatasetGroups: GROUP_QUOTA },
  personalize: { schemas: personalizeSchemas(), datasetGroups: SEEDED_GROUPS },
};

let emu: RunningEmulator;
let client: PersonalizeClient;
/** Asserts first-attempt behaviour: the SDK retries LimitExceededException as throttling. */
let singleAttempt: PersonalizeClient;

beforeAll(async () => {
  emu = await startEmulator({ seed });
  client = personalizeClient(emu);
  singleAttempt = personalizeClient(emu, { maxAttempts: 1 });
});

afterAll(async () => {
  client.destroy();
  singleAttempt.destroy();
  await emu.close();
});

function seededGroup(name: string): SeedPersonalizeDatasetGroup {
  const group = SEEDED_GROUPS.find((candidate) => candidate.name === name);
  if (!group) throw new Error(`no seeded group ${name}`);
  return group;
}

describe('ListDatasets', () => {
  it('lists the datasets of one dataset group with summary fields and Date timestamps', async () => {
    const alpha = await datasetGroupArn(client, 'alpha');
    const page = await client.send(new ListDatasetsCommand({ datasetGroupArn: alpha }));

    expect(page.$metadata.httpStatusCode).toBe(200);
    expect(page.$metadata.requestId).toEqual(expect.any(String));
    expect(page.nextToken ?? undefined).toBeUndefined();
    const seeded = seededGroup('alpha').datasets;
    expect((page.datasets ?? []).map((dataset) => dataset.name).sort()).toEqual(
      seeded.map((dataset) => dataset.name).sort(),
    );
    for (const dataset of page.datasets ?? []) {
      const expected = seeded.find((candidate) => candidate.name === dataset.name);
      expect(dataset).toMatchObject({
        datasetType: expected?.datasetType,
        status: 'ACTIVE',
        creationDateTime: new Date(expected?.creationDateTime ?? 0),
        lastUpdatedDateTime: new Date(expected?.lastUpdatedDateTime ?? 0),
      });
      expect(dataset.datasetArn).toMatch(PERSONALIZE_ARN);
      expect(dataset.datasetArn?.startsWith(`arn:aws:personalize:us-east-1:${ACCOUNT_ID}:`)).toBe(
        true,
      );
      expect(dataset.creationDateTime).toBeInstanceOf(Date);
    }
  });

  it('lists the datasets of every dataset group when no datasetGroupArn is given, each once', async () => {
    const { items } = await walkDatasets(client, 100);
    const arns = datasetArns(items);

    expect(new Set(arns).size).toBe(arns.length);
    const names = items.map((dataset) => dataset.name);
    for (const group of SEEDED_GROUPS) {
      for (const dataset of group.datasets) expect(names).toContain(dataset.name);
    }
  });

  it('returns an empty list for a dataset group without datasets', async () => {
    const page = await client.send(
      new ListDatasetsCommand({ datasetGroupArn: await datasetGroupArn(client, 'empty-group') }),
    );

    expect(page.datasets ?? []).toEqual([]);
    expect(page.nextToken ?? undefined).toBeUndefined();
  });

  it.each([0, 101])('rejects maxResults %i with InvalidInputException', async (maxResults) => {
    await expect(
      singleAttempt.send(new ListDatasetsCommand({ maxResults })),
    ).rejects.toBeInstanceOf(InvalidInputException);
  });

  it.each([
    ['not an ARN', 'not-an-arn'],
    ['an ARN of another service', `arn:aws:s3:::bucket`],
    ['an ARN over 256 characters', personalizeArn(`dataset-group/${'g'.repeat(250)}`)],
  ])('rejects a datasetGroupArn that is %s with InvalidInputException', async (_label, arn) => {
    await expect(
      singleAttempt.send(new ListDatasetsCommand({ datasetGroupArn: arn })),
    ).rejects.toBeInstanceOf(InvalidInputException);
  });
});

describe('ListDatasets paging', () => {
  it('rejects a next token from another dataset group with InvalidNextTokenException', async () => {
    const first = await client.send(
      new ListDatasetsCommand({
        datasetGroupArn: await datasetGroupArn(client, 'alpha'),
        maxResults: 2,
      }),
    );
    expect(first.nextToken).toEqual(expect.any(String));

    await expect(
      client.send(
        new ListDatasetsCommand({
          datasetGroupArn: await datasetGroupArn(client, 'beta'),
          maxResults: 2,
          nextToken: first.nextToken,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidNextTokenException);
  });

  it('rejects a ListDatasets token on ListDatasetGroups, and an account-wide token on one group', async () => {
    const first = await client.send(new ListDatasetsCommand({ maxResults: 2 }));
    expect(first.nextToken).toEqual(expect.any(String));

    await expect(
      client.send(new ListDatasetGroupsCommand({ maxResults: 2, nextToken: first.nextToken })),
    ).rejects.toBeInstanceOf(InvalidNextTokenException);
    await expect(
      client.send(
        new ListDatasetsCommand({
          datasetGroupArn: await datasetGroupArn(client, 'alpha'),
          maxResults: 2,
          nextToken: first.nextToken,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidNextTokenException);
  });

  it('rejects forged and tampered next tokens with InvalidNextTokenException', async () => {
    const first = await client.send(new ListDatasetsCommand({ maxResults: 3 }));
    const genuine = first.nextToken ?? '';
    expect(genuine).not.toBe('');
    const middle = Math.floor(genuine.length / 2);
    const tampered = `${genuine.slice(0, middle)}${genuine[middle] === 'A' ? 'B' : 'A'}${genuine.slice(middle + 1)}`;

    for (const nextToken of [
      'not-a-token',
      Buffer.from(JSON.stringify({ offset: 3 })).toString('base64'),
      tampered,
    ]) {
      await expect(
        client.send(new ListDatasetsCommand({ maxResults: 3, nextToken })),
        nextToken,
      ).rejects.toBeInstanceOf(InvalidNextTokenException);
    }
  });

  it('neither skips nor repeats datasets when datasets are deleted between pages', async () => {
    const group = await datasetGroupArn(client, 'shrinking');
    const order = datasetArns((await walkDatasets(client, 100, group)).items);
    expect(order).toHaveLength(5);

    const first = await client.send(
      new ListDatasetsCommand({ datasetGroupArn: group, maxResults: 2 }),
    );
    expect(datasetArns(first.datasets ?? [])).toEqual(order.slice(0, 2));
    const alreadySeen = order[0] ?? '';
    const notYetSeen = order[3] ?? '';
    await client.send(new DeleteDatasetCommand({ datasetArn: alreadySeen }));
    await client.send(new DeleteDatasetCommand({ datasetArn: notYetSeen }));

    const rest: string[] = [];
    let nextToken = first.nextToken ?? undefined;
    for (let pages = 0; nextToken && pages < 20; pages += 1) {
      const page = await client.send(
        new ListDatasetsCommand({ datasetGroupArn: group, maxResults: 2, nextToken }),
      );
      // Personalize deletes asynchronously: a deleted dataset may still be listed while DELETE PENDING.
      const listed = (page.datasets ?? []).filter(
        (dataset) => !(dataset.datasetArn === notYetSeen && dataset.status?.startsWith('DELETE')),
      );
      rest.push(...datasetArns(listed));
      nextToken = page.nextToken ?? undefined;
    }

    expect(rest).toEqual(order.slice(2).filter((arn) => arn !== notYetSeen));
  });
});

describe('DescribeDataset', () => {
  it('describes a dataset with every Dataset member the model defines', async () => {
    const alpha = await datasetGroupArn(client, 'alpha');
    const seeded = seededGroup('alpha').datasets[1];
    if (!seeded) throw new Error('missing fixture');
    const arn = await datasetArn(client, alpha, seeded.name);

    const { dataset, $metadata } = await client.send(
      new DescribeDatasetCommand({ datasetArn: arn }),
    );

    expect($metadata.requestId).toEqual(expect.any(String));
    expect(dataset).toMatchObject({
      name: seeded.name,
      datasetArn: arn,
      datasetGroupArn: alpha,
      datasetType: seeded.datasetType,
      schemaArn: personalizeArn(`schema/${seeded.schemaName}`),
      status: 'ACTIVE',
      creationDateTime: new Date(seeded.creationDateTime),
      lastUpdatedDateTime: new Date(seeded.lastUpdatedDateTime ?? seeded.creationDateTime),
    });
  });

  it('answers ResourceNotFoundException for an unknown dataset ARN, without retries', async () => {
    emu.requests.clear();

    await expect(
      client.send(new DescribeDatasetCommand({ datasetArn: personalizeArn('dataset/alpha/NOPE') })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect(emu.requests.count({ service: 'personalize', operation: 'DescribeDataset' })).toBe(1);
  });

  it('answers InvalidInputException for a malformed dataset ARN', async () => {
    await expect(
      client.send(new DescribeDatasetCommand({ datasetArn: 'dataset/alpha' })),
    ).rejects.toBeInstanceOf(InvalidInputException);
  });
});

describe('ListDatasetGroups and DescribeDatasetGroup', () => {
  it('lists the seeded dataset groups with their ARNs, statuses and Date timestamps', async () => {
    const { items } = await walkDatasetGroups(client, 100);

    for (const seeded of SEEDED_GROUPS) {
      const listed = items.find((group) => group.name === seeded.name);
      expect(listed, seeded.name).toMatchObject({
        datasetGroupArn: personalizeArn(`dataset-group/${seeded.name}`),
        status: 'ACTIVE',
        creationDateTime: new Date(seeded.creationDateTime),
        lastUpdatedDateTime: new Date(seeded.lastUpdatedDateTime ?? seeded.creationDateTime),
      });
    }
    expect(items.find((group) => group.name === 'empty-group')?.domain).toBe('ECOMMERCE');
  });

  it.each([0, 101])('rejects maxResults %i with InvalidInputException', async (maxResults) => {
    const error = await rejectionOf(
      singleAttempt.send(new ListDatasetGroupsCommand({ maxResults })),
    );
    expect(error).toMatchObject({ name: 'InvalidInputException' });
  });

  it('rejects a forged next token with InvalidNextTokenException', async () => {
    await expect(
      client.send(new ListDatasetGroupsCommand({ nextToken: 'definitely-not-a-token' })),
    ).rejects.toBeInstanceOf(InvalidNextTokenException);
  });

  it('describes a dataset group', async () => {
    const arn = await datasetGroupArn(client, 'beta');
    const seeded = seededGroup('beta');

    const { datasetGroup } = await client.send(
      new DescribeDatasetGroupCommand({ datasetGroupArn: arn }),
    );

    expect(datasetGroup).toMatchObject({
      name: 'beta',
      datasetGroupArn: arn,
      status: 'ACTIVE',
      creationDateTime: new Date(seeded.creationDateTime),
      lastUpdatedDateTime: new Date(seeded.lastUpdatedDateTime ?? seeded.creationDateTime),
    });
  });

  it('answers ResourceNotFoundException for an unknown dataset group and InvalidInputException for a bad ARN', async () => {
    await expect(
      client.send(
        new DescribeDatasetGroupCommand({ datasetGroupArn: personalizeArn('dataset-group/nope') }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      client.send(new DescribeDatasetGroupCommand({ datasetGroupArn: 'dataset-group/nope' })),
    ).rejects.toBeInstanceOf(InvalidInputException);
  });
});

describe('CreateDatasetGroup', () => {
  it('creates a dataset group that DescribeDatasetGroup and ListDatasetGroups then show', async () => {
    const created = await client.send(
      new CreateDatasetGroupCommand({ name: 'created-group', domain: 'ECOMMERCE' }),
    );

    expect(created.datasetGroupArn).toBe(personalizeArn('dataset-group/created-group'));
    expect(created.domain).toBe('ECOMMERCE');
    const { datasetGroup } = await client.send(
      new DescribeDatasetGroupCommand({ datasetGroupArn: created.datasetGroupArn }),
    );
    expect(datasetGroup).toMatchObject({
      name: 'created-group',
      datasetGroupArn: created.datasetGroupArn,
    });
    expect(DOCUMENTED_STATUSES).toContain(datasetGroup?.status);
    expect(datasetGroup?.creationDateTime).toBeInstanceOf(Date);
    const { items } = await walkDatasetGroups(client, 100);
    expect(datasetGroupArns(items)).toContain(created.datasetGroupArn);
  });

  it('rejects a second dataset group with the same name with ResourceAlreadyExistsException', async () => {
    await expect(
      client.send(new CreateDatasetGroupCommand({ name: 'alpha' })),
    ).rejects.toBeInstanceOf(ResourceAlreadyExistsException);
  });

  it.each([
    ['starting with a dash', '-leading-dash'],
    ['containing a space', 'has space'],
    ['over 63 characters', 'n'.repeat(64)],
  ])('rejects a name %s with InvalidInputException', async (_label, name) => {
    await expect(
      singleAttempt.send(new CreateDatasetGroupCommand({ name })),
    ).rejects.toBeInstanceOf(InvalidInputException);
  });

  it('refuses dataset groups beyond the account quota with LimitExceededException', async () => {
    let refused: unknown;
    for (let i = 0; i <= GROUP_QUOTA && refused === undefined; i += 1) {
      refused = await singleAttempt
        .send(new CreateDatasetGroupCommand({ name: `quota-${i}` }))
        .then(
          () => undefined,
          (error: unknown) => error,
        );
    }

    expect(refused).toBeInstanceOf(LimitExceededException);
    const { items } = await walkDatasetGroups(client, 100);
    expect(items).toHaveLength(GROUP_QUOTA);
  });
});

describe('CreateSchema', () => {
  it('creates a schema and returns its ARN', async () => {
    const { schemaArn, $metadata } = await client.send(
      new CreateSchemaCommand({ name: 'created-schema', schema: avroSchema('Interactions') }),
    );

    expect($metadata.requestId).toEqual(expect.any(String));
    expect(schemaArn).toBe(personalizeArn('schema/created-schema'));
  });

  it('rejects a duplicate schema name with ResourceAlreadyExistsException', async () => {
    await expect(
      client.send(new CreateSchemaCommand({ name: 'schema-items', schema: avroSchema('Items') })),
    ).rejects.toBeInstanceOf(ResourceAlreadyExistsException);
  });

  it.each([
    ['that is not JSON', 'not json {'],
    [
      'over 20000 characters',
      JSON.stringify({ type: 'record', name: 'R', doc: 'd'.repeat(20_000), fields: [] }),
    ],
  ])('rejects a schema %s with InvalidInputException', async (_label, schema) => {
    await expect(
      singleAttempt.send(new CreateSchemaCommand({ name: 'bad-schema', schema })),
    ).rejects.toBeInstanceOf(InvalidInputException);
  });
});

describe('CreateDataset', () => {
  const schemaItems = personalizeArn('schema/schema-items');

  it('creates a dataset in a dataset group, which DescribeDataset and ListDatasets then show', async () => {
    const gamma = await datasetGroupArn(client, 'gamma');

    const { datasetArn: created } = await client.send(
      new CreateDatasetCommand({
        name: 'gamma-new-items',
        datasetType: 'Items',
        schemaArn: schemaItems,
        datasetGroupArn: gamma,
      }),
    );

    expect(created).toMatch(PERSONALIZE_ARN);
    const { dataset } = await client.send(new DescribeDatasetCommand({ datasetArn: created }));
    expect(dataset).toMatchObject({
      name: 'gamma-new-items',
      datasetArn: created,
      datasetGroupArn: gamma,
      schemaArn: schemaItems,
    });
    expect(dataset?.datasetType?.toLowerCase()).toBe('items');
    expect(DOCUMENTED_STATUSES).toContain(dataset?.status);
    expect(dataset?.creationDateTime).toBeInstanceOf(Date);
    const listed = await client.send(new ListDatasetsCommand({ datasetGroupArn: gamma }));
    expect(datasetArns(listed.datasets ?? [])).toContain(created);
  });

  it('rejects creating the same dataset twice with ResourceAlreadyExistsException', async () => {
    const beta = await datasetGroupArn(client, 'beta');
    const input = {
      name: 'beta-users',
      datasetType: 'Users',
      schemaArn: personalizeArn('schema/schema-users'),
      datasetGroupArn: beta,
    };
    await client.send(new CreateDatasetCommand(input));

    await expect(client.send(new CreateDatasetCommand(input))).rejects.toBeInstanceOf(
      ResourceAlreadyExistsException,
    );
  });

  it('accepts a dataset type in any letter case, as documented', async () => {
    const blank = await datasetGroupArn(client, 'blank');

    const { datasetArn: created } = await client.send(
      new CreateDatasetCommand({
        name: 'lowercase-type',
        datasetType: 'interactions',
        schemaArn: personalizeArn('schema/schema-interactions'),
        datasetGroupArn: blank,
      }),
    );

    const { dataset } = await client.send(new DescribeDatasetCommand({ datasetArn: created }));
    expect(dataset?.datasetType?.toLowerCase()).toBe('interactions');
  });

  it.each([
    ['an unknown dataset type', { datasetType: 'Bogus' }],
    ['a dataset type outside the pattern', { datasetType: 'Not-A-Type!' }],
    ['a bad name', { name: '_starts-with-underscore' }],
    ['a malformed schema ARN', { schemaArn: 'schema/schema-items' }],
  ])('rejects %s with InvalidInputException', async (_label, override) => {
    const gamma = await datasetGroupArn(client, 'gamma');
    const input = {
      name: 'invalid-dataset',
      datasetType: 'Users',
      schemaArn: personalizeArn('schema/schema-users'),
      datasetGroupArn: gamma,
      ...override,
    };

    await expect(singleAttempt.send(new CreateDatasetCommand(input))).rejects.toBeInstanceOf(
      InvalidInputException,
    );
  });

  it('answers ResourceNotFoundException for an unknown dataset group or schema', async () => {
    const gamma = await datasetGroupArn(client, 'gamma');
    const base = {
      name: 'orphan',
      datasetType: 'Users',
      schemaArn: personalizeArn('schema/schema-users'),
      datasetGroupArn: gamma,
    };

    await expect(
      client.send(
        new CreateDatasetCommand({
          ...base,
          datasetGroupArn: personalizeArn('dataset-group/nope'),
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      client.send(new CreateDatasetCommand({ ...base, schemaArn: personalizeArn('schema/nope') })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('DeleteDataset', () => {
  it('deletes a dataset: afterwards it is gone or reported as being deleted', async () => {
    const group = await datasetGroupArn(client, 'deletable');
    const arn = await datasetArn(client, group, 'deletable-items');

    const deleted = await client.send(new DeleteDatasetCommand({ datasetArn: arn }));

    expect(deleted.$metadata.httpStatusCode).toBe(200);
    const after = await client.send(new DescribeDatasetCommand({ datasetArn: arn })).then(
      (response) => response.dataset?.status ?? 'no dataset',
      (error: unknown) => error,
    );
    if (typeof after === 'string') {
      expect(after).toMatch(/^DELETE (PENDING|IN_PROGRESS)$/);
    } else {
      expect(after).toBeInstanceOf(ResourceNotFoundException);
    }
    const listed = await client.send(new ListDatasetsCommand({ datasetGroupArn: group }));
    const stillActive = (listed.datasets ?? []).filter(
      (dataset) => !dataset.status?.startsWith('DELETE'),
    );
    expect(datasetArns(stillActive)).not.toContain(arn);
  });

  it('answers ResourceNotFoundException for an unknown dataset and InvalidInputException for a bad ARN', async () => {
    await expect(
      client.send(
        new DeleteDatasetCommand({ datasetArn: personalizeArn('dataset/deletable/NOPE') }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      client.send(new DeleteDatasetCommand({ datasetArn: 'nope' })),
    ).rejects.toBeInstanceOf(InvalidInputException);
  });
});

describe('paging a large account through the SDK paginators', () => {
  let large: RunningEmulator;
  let largeClient: PersonalizeClient;
  let expectedDatasetCount = 0;
  let expectedGroupCount = 0;

  beforeAll(async () => {
    const generated = generateSeed({
      personalizeDatasetGroups: 60,
      personalizeDatasetsPerGroup: 5,
    });
    expectedGroupCount = generated.personalize?.datasetGroups.length ?? 0;
    expectedDatasetCount =
      generated.personalize?.datasetGroups.reduce((sum, group) => sum + group.datasets.length, 0) ??
      0;
    large = await startEmulator({ seed: generated });
    largeClient = personalizeClient(large);
  });

  afterAll(async () => {
    largeClient.destroy();
    await large.close();
  });

  it('has a few hundred datasets to page through', () => {
    expect(expectedDatasetCount).toBeGreaterThanOrEqual(200);
  });

  it('returns every dataset exactly once, in the same order, for page sizes 1, 2, 3, 7 and 100', async () => {
    const reference = await walkDatasets(largeClient, 100);
    const order = datasetArns(reference.items);
    expect(order).toHaveLength(expectedDatasetCount);
    expect(new Set(order).size).toBe(order.length);

    for (const pageSize of [1, 2, 3, 7]) {
      const walk = await walkDatasets(largeClient, pageSize);
      expect(datasetArns(walk.items), `page size ${pageSize}`).toEqual(order);
      expect(Math.max(...walk.pageSizes)).toBeLessThanOrEqual(pageSize);
      for (const token of walk.tokens) {
        expect(token.length).toBeLessThanOrEqual(1500);
        expect(token).toMatch(/^[\x20-\x7e]+$/);
      }
    }
  });

  it('returns the same listing for any page size from 1 to 100 (property)', async () => {
    const order = datasetArns((await walkDatasets(largeClient, 100)).items);

    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 4, max: 100 }), async (pageSize) => {
        const walk = await walkDatasets(largeClient, pageSize);
        expect(datasetArns(walk.items)).toEqual(order);
      }),
      { numRuns: 8 },
    );
  });

  it('pages one dataset group with a datasetGroupArn filter, listing only that group', async () => {
    const groups = await walkDatasetGroups(largeClient, 100);
    const group = groups.items[Math.floor(groups.items.length / 2)];
    const groupArn = group?.datasetGroupArn ?? '';

    const all = await walkDatasets(largeClient, 100, groupArn);
    for (const pageSize of [1, 2, 3]) {
      const walk = await walkDatasets(largeClient, pageSize, groupArn);
      expect(datasetArns(walk.items)).toEqual(datasetArns(all.items));
    }
    for (const dataset of all.items) {
      const { dataset: described } = await largeClient.send(
        new DescribeDatasetCommand({ datasetArn: dataset.datasetArn }),
      );
      expect(described?.datasetGroupArn).toBe(groupArn);
    }
  });

  it('returns every dataset group exactly once, in the same order, for page sizes 1, 2, 3, 7 and 100', async () => {
    const order = datasetGroupArns((await walkDatasetGroups(largeClient, 100)).items);
    expect(order).toHaveLength(expectedGroupCount);
    expect(new Set(order).size).toBe(order.length);

    for (const pageSize of [1, 2, 3, 7]) {
      const walk = await walkDatasetGroups(largeClient, pageSize);
      expect(datasetGroupArns(walk.items), `page size ${pageSize}`).toEqual(order);
      expect(Math.max(...walk.pageSizes)).toBeLessThanOrEqual(pageSize);
    }
  });
});

describe('on the wire', () => {
  it('answers with application/x-amz-json-1.1, a request id and timestamps in epoch seconds', async () => {
    const response = await signedFetch(
      emu.url,
      personalizeRequest('ListDatasetGroups', {}, emu.credentials),
    );

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-amz-json-1\.1/);
    expect(response.headers.get('x-amzn-requestid')).toEqual(expect.any(String));
    const groups = response.body['datasetGroups'] as { name: string; creationDateTime: unknown }[];
    const alpha = groups.find((group) => group.name === 'alpha');
    expect(alpha?.creationDateTime).toBe(Date.parse(seededGroup('alpha').creationDateTime) / 1000);
  });

  it('names an error by its bare shape name in __type (the only place botocore reads), with a message', async () => {
    const response = await signedFetch(
      emu.url,
      personalizeRequest('DescribeDataset', { datasetArn: 'not-an-arn' }, emu.credentials),
    );

    expect(response.status).toBe(400);
    expect(response.body['__type']).toBe('InvalidInputException');
    expect(response.headers.get('x-amzn-errortype') ?? 'InvalidInputException').toBe(
      'InvalidInputException',
    );
    expect(response.body['message']).toEqual(expect.any(String));
    expect(Object.keys(response.body).map((key) => key.toLowerCase())).not.toContain('code');
  });
});

describe('next tokens', () => {
  it('expire after tokenTtlMs and are then rejected with InvalidNextTokenException', async () => {
    let clockShiftMs = 0;
    const ttlEmu = await startEmulator({
      seed,
      tokenTtlMs: 60_000,
      now: () => new Date(Date.now() + clockShiftMs),
    });
    const ttlClient = personalizeClient(ttlEmu);
    try {
      const first = await ttlClient.send(new ListDatasetsCommand({ maxResults: 2 }));
      const fresh = await ttlClient.send(
        new ListDatasetsCommand({ maxResults: 2, nextToken: first.nextToken }),
      );
      expect(fresh.datasets).toHaveLength(2);

      clockShiftMs = 2 * 60_000; // past the TTL, still within the SigV4 clock-skew window
      await expect(
        ttlClient.send(new ListDatasetsCommand({ maxResults: 2, nextToken: first.nextToken })),
      ).rejects.toBeInstanceOf(InvalidNextTokenException);
    } finally {
      ttlClient.destroy();
      await ttlEmu.close();
    }
  });
});

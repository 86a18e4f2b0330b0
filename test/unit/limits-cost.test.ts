// The cost model (schema/complexity.ts) as the gateway estimates it before execution
// (src/limits/cost.ts): first/last multiply what is under a connection exactly once, nested
// connections and nodes(ids:) multiply, and every documented example fits the default limit.
import { readdirSync, readFileSync } from 'node:fs';

import { Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';

import { DEFAULTS } from '../../src/config/index.js';
import { estimateCost } from '../../src/limits/cost.js';
import { schema } from '../../schema/index.js';
import { globalId } from '../helpers/typed-graphql.js';

const CONTEXT = {
  paging: {
    defaultPageSize: DEFAULTS.defaultPageSize,
    maxPageSize: DEFAULTS.maxPageSize,
    maxWalkPages: DEFAULTS.maxWalkPages,
  },
  maxNodeIds: DEFAULTS.maxNodeIds,
};

function costOf(
  source: string | DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string,
): number | undefined {
  return estimateCost({
    schema,
    document: typeof source === 'string' ? parse(source) : source,
    contextValue: CONTEXT,
    variableValues: variables,
    operationName,
  });
}

const DATASET_ID = globalId(
  'PersonalizeDataset',
  'arn:aws:personalize:us-east-1:123456789012:dataset/retail-storefront/INTERACTIONS',
);

describe('connection cost', () => {
  it('is the upstream call (10) plus the selection once per edge asked for', () => {
    // 10 + 20 × (nodes 1 + name 1)
    expect(costOf('{ personalizeDatasets(first: 20) { nodes { name } } }')).toBe(50);
    expect(costOf('{ personalizeDatasets(last: 20) { nodes { name } } }')).toBe(50);
  });

  it('counts edges and nodes once each, not again as lists of 10', () => {
    // 10 + 20 × (edges 1 + cursor 1 + node 1 + name 1)
    expect(costOf('{ personalizeDatasets(first: 20) { edges { cursor node { name } } } }')).toBe(
      90,
    );
  });

  it('uses the default page size without first/last, and at most the maximum page size', () => {
    const defaultSize = DEFAULTS.defaultPageSize;
    expect(costOf('{ personalizeDatasets { nodes { name } } }')).toBe(10 + defaultSize * 2);
    expect(costOf('{ personalizeDatasets(first: 100000) { nodes { name } } }')).toBe(
      10 + DEFAULTS.maxPageSize * 2,
    );
  });

  it('multiplies nested connections', () => {
    // 10 + 10 × (nodes 1 + datasets (10 + 5 × (nodes 1 + name 1)))
    expect(
      costOf(
        '{ personalizeDatasetGroups(first: 10) { nodes { datasets(first: 5) { nodes { name } } } } }',
      ),
    ).toBe(10 + 10 * (1 + 10 + 5 * 2));
  });

  it('charges totalCount as an upstream call, and pageInfo, per edge too (a conservative estimate)', () => {
    // 10 + 5 × (totalCount 10 + pageInfo 1 + hasNextPage 1)
    expect(
      costOf('{ personalizeDatasets(first: 5) { totalCount pageInfo { hasNextPage } } }'),
    ).toBe(70);
  });
});

describe('node cost', () => {
  it('node(id:) is one upstream call plus its selection', () => {
    expect(costOf(`{ node(id: "${DATASET_ID}") { id } }`)).toBe(11);
  });

  it('nodes(ids:) is one upstream call and one selection per id', () => {
    const ids = JSON.stringify([DATASET_ID, DATASET_ID, DATASET_ID]);
    expect(costOf(`{ nodes(ids: ${ids}) { id } }`)).toBe(3 * 10 + 3 * 1);
  });
});

describe('estimateCost', () => {
  it('estimates the operation that will run, by name', () => {
    const document = parse(`
      query Small { personalizeDatasets(first: 1) { nodes { name } } }
      query Large { personalizeDatasets(first: 50) { nodes { name } } }
    `);
    expect(costOf(document, {}, 'Small')).toBe(12);
    expect(costOf(document, {}, 'Large')).toBe(110);
    expect(costOf(document, {}, 'Missing')).toBeUndefined();
  });

  it('follows fragments and variables', () => {
    const query =
      'query ($n: Int) { personalizeDatasets(first: $n) { ...Page } } fragment Page on PersonalizeDatasetConnection { nodes { name } }';
    expect(costOf(query, { n: 30 })).toBe(70);
  });

  it('leaves variables of the wrong type and malformed ids to execution', () => {
    const query = 'query ($n: Int) { personalizeDatasets(first: $n) { nodes { name } } }';
    expect(costOf(query, { n: 'many' })).toBeUndefined();
    expect(costOf('{ nodes(ids: ["not-an-id"]) { id } }')).toBeUndefined();
  });
});

describe('examples/', () => {
  const examplesDir = new URL('../../examples/', import.meta.url);
  const operations = readdirSync(examplesDir)
    .filter((file) => file.endsWith('.graphql'))
    .flatMap((file) => {
      const document = parse(readFileSync(new URL(file, examplesDir), 'utf8'));
      return document.definitions
        .filter(
          (definition): definition is OperationDefinitionNode =>
            definition.kind === Kind.OPERATION_DEFINITION,
        )
        .map((operation) => ({ name: operation.name?.value ?? file, document, operation }));
    });
  const requiredVariables: Record<string, unknown> = {
    identityPoolId: 'us-east-1:0b6e2c1a-4f3d-4c8e-9a71-2d5e8f0c3b94',
    identityId: 'us-east-1:7d2a9c4e-1b8f-4e6a-93c5-0f7b2d8e4a19',
    id: DATASET_ID,
    ids: [DATASET_ID, DATASET_ID],
  };

  it.each(operations)(
    '$name fits the default cost limit with its default variables',
    ({ document, operation }) => {
      const cost = costOf(document, requiredVariables, operation.name?.value);
      expect(cost).toBeGreaterThan(0);
      expect(cost).toBeLessThanOrEqual(DEFAULTS.maxCost);
    },
  );
});

describe('__typename', () => {
  it('costs nothing: routers and client caches add it to every selection', () => {
    const plain = `{ personalizeDatasetGroups(first: 20) { nodes { name datasets(first: 5) { nodes { name } } } } }`;
    const typed = `{ __typename personalizeDatasetGroups(first: 20) { __typename nodes { __typename name datasets(first: 5) { __typename nodes { __typename name } } } } }`;
    expect(costOf(plain)).toBeGreaterThan(0);
    expect(costOf(typed)).toBe(costOf(plain));
  });
});

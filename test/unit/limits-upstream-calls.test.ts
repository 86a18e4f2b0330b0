import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';

import { schema, subgraphSchema } from '../../schema/index.js';
import { estimateUpstreamCalls } from '../../src/limits/upstream-calls.js';

const context = {
  paging: { defaultPageSize: 20, maxPageSize: 100, maxWalkPages: 50 },
  pageSizes: { cognitoSync: 20, personalize: 100 },
  maxNodeIds: 100,
};

function estimate(
  query: string,
  variables: Record<string, unknown> = {},
  target = schema,
): number | undefined {
  return estimateUpstreamCalls({
    schema: target,
    document: parse(query),
    variableValues: variables,
    contextValue: context,
  });
}

describe('estimateUpstreamCalls', () => {
  it('counts the upstream pages a connection needs for the edges asked', () => {
    expect(estimate('{ personalizeDatasets(first: 100) { nodes { name } } }')).toBe(1);
    expect(
      estimate(
        `{ cognitoDatasets(identityPoolId: "p", identityId: "i", first: 100) { nodes { datasetName } } }`,
      ),
    ).toBe(5);
    // No first/last: the default page size.
    expect(estimate('{ personalizeDatasets { nodes { name } } }')).toBe(1);
  });

  it('multiplies a nested connection by the edges around it, and totalCount once per connection', () => {
    expect(
      estimate(
        '{ personalizeDatasetGroups(first: 10) { totalCount nodes { datasets(first: 5) { totalCount nodes { name } } } } }',
      ),
    ).toBe(1 + 1 + 10 + 10);
    // Through edges { node } as through nodes, and through fragments.
    expect(
      estimate(
        '{ personalizeDatasetGroups(first: 10) { edges { node { ...G } } } } fragment G on PersonalizeDatasetGroup { datasets(first: 5) { nodes { name } } }',
      ),
    ).toBe(11);
  });

  it('counts each distinct id once across node and nodes fields', () => {
    const ids = ['a', 'b', 'c'];
    expect(
      estimate(
        'query($ids: [ID!]!) { x: nodes(ids: $ids) { id } y: nodes(ids: $ids) { id } z: node(id: "a") { id } w: node(id: "d") { id } }',
        {
          ids,
        },
      ),
    ).toBe(4);
  });

  it('multiplies what is selected under nodes by its ids', () => {
    expect(
      estimate(
        'query($ids: [ID!]!) { nodes(ids: $ids) { ... on PersonalizeDatasetGroup { datasets(first: 3) { nodes { name } } } } }',
        { ids: ['a', 'b'] },
      ),
    ).toBe(2 + 2);
  });

  it('leaves out what @skip and @include leave out', () => {
    expect(
      estimate(
        'query($no: Boolean!) { a: personalizeDatasets { nodes { name } } b: personalizeDatasets @include(if: $no) { nodes { name } } c: personalizeDatasets @skip(if: true) { nodes { name } } }',
        { no: false },
      ),
    ).toBe(1);
  });

  it('counts one call per distinct _entities representation', () => {
    const representations = [
      { __typename: 'PersonalizeDataset', datasetArn: 'x' },
      { __typename: 'PersonalizeDataset', datasetArn: 'y' },
      { __typename: 'PersonalizeDataset', datasetArn: 'x' },
    ];
    expect(
      estimate(
        'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
        { r: representations },
        subgraphSchema(),
      ),
    ).toBe(2);
  });

  it('counts the Cognito datasets of one identity as one call (they share its ListDatasets)', () => {
    const pool = 'us-east-1:0b6e2c1a-4f3d-4c8e-9a71-2d5e8f0c3b94';
    const identity = (n: number) =>
      `us-east-1:${String(n).padStart(8, '0')}-1111-4222-8333-444455556666`;
    const id = (who: number, name: string) =>
      Buffer.from(`CognitoDataset:${pool}|${identity(who)}|${name}`).toString('base64');
    const byKey = (who: number, name: string) => ({
      __typename: 'CognitoDataset',
      identityPoolId: pool,
      identityId: identity(who),
      datasetName: name,
    });
    const representations = [
      ...['a', 'b', 'c'].map((name) => byKey(1, name)),
      ...['a', 'b'].map((name) => ({ __typename: 'CognitoDataset', id: id(2, name) })),
      { __typename: 'PersonalizeDataset', datasetArn: 'x' },
    ];
    expect(
      estimate(
        'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
        { r: representations },
        subgraphSchema(),
      ),
    ).toBe(3);
    const ids = [id(1, 'a'), id(1, 'b'), id(2, 'a'), id(1, 'a')];
    expect(estimate('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids })).toBe(2);
  });

  it('gives up (undefined) when the operation is not there, leaving the error to execution', () => {
    expect(
      estimateUpstreamCalls({
        schema,
        document: parse('query A { __typename }'),
        operationName: 'B',
        contextValue: context,
      }),
    ).toBeUndefined();
  });
});

// Every operation kept in examples/ (shown in the README, preloaded in GraphiQL) runs against the
// demo seed without errors and returns data, so the documentation cannot rot.
import { readdirSync, readFileSync } from 'node:fs';

import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startStack, type Stack } from '../helpers/stack.js';
import { globalId } from '../helpers/typed-graphql.js';

const EXAMPLES_DIR = new URL('../../examples/', import.meta.url);

// The demo identity GraphiQL opens with, and a demo dataset group (src/emulator/seed/demo.json).
const DEMO_VARIABLES: Record<string, unknown> = {
  identityPoolId: 'us-east-1:0b6e2c1a-4f3d-4c8e-9a71-2d5e8f0c3b94',
  identityId: 'us-east-1:7d2a9c4e-1b8f-4e6a-93c5-0f7b2d8e4a19',
  datasetGroupArn: 'arn:aws:personalize:us-east-1:123456789012:dataset-group/retail-storefront',
  first: 3,
  last: 3,
  // Global ids: base64 of "<TypeName>:<raw id>" (a demo group, a demo dataset, a demo Cognito dataset).
  id: globalId(
    'PersonalizeDatasetGroup',
    'arn:aws:personalize:us-east-1:123456789012:dataset-group/retail-storefront',
  ),
  ids: [
    globalId(
      'PersonalizeDataset',
      'arn:aws:personalize:us-east-1:123456789012:dataset/retail-storefront/INTERACTIONS',
    ),
    globalId(
      'CognitoDataset',
      'us-east-1:0b6e2c1a-4f3d-4c8e-9a71-2d5e8f0c3b94|us-east-1:7d2a9c4e-1b8f-4e6a-93c5-0f7b2d8e4a19|save-slot-01',
    ),
  ],
};

const operations = readdirSync(EXAMPLES_DIR)
  .filter((file) => file.endsWith('.graphql'))
  .flatMap((file) =>
    parse(readFileSync(new URL(file, EXAMPLES_DIR), 'utf8'))
      .definitions.filter(
        (definition): definition is OperationDefinitionNode =>
          definition.kind === Kind.OPERATION_DEFINITION,
      )
      .map((operation) => ({ file, name: operation.name?.value ?? '(anonymous)', operation })),
  );

/** Only the variables the operation declares, from the demo values. */
function variablesFor(operation: OperationDefinitionNode): Record<string, unknown> {
  return Object.fromEntries(
    (operation.variableDefinitions ?? [])
      .map((definition) => definition.variable.name.value)
      .filter((name) => name in DEMO_VARIABLES)
      .map((name) => [name, DEMO_VARIABLES[name]]),
  );
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

describe('examples/', () => {
  it('holds the operations the README documents', () => {
    expect(operations.map((o) => o.name)).toEqual(
      expect.arrayContaining([
        'BothDatasets',
        'CognitoDatasets',
        'PersonalizeDatasets',
        'NodeById',
        'NodesByIds',
        'DatasetGroups',
        'DatasetsWithTheirGroup',
      ]),
    );
  });

  it.each(operations)('$file $name runs against the demo data without errors', async (example) => {
    const response = await stack.graphql<Record<string, unknown>>(
      print(example.operation),
      variablesFor(example.operation),
    );

    expect(response.body.errors).toBeUndefined();
    const fields = Object.values(response.body.data ?? {});
    expect(fields.length).toBeGreaterThan(0);
    for (const field of fields) expect(field).not.toBeNull();
  });
});

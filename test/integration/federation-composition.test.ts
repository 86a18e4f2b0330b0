// Acceptance: the committed subgraph SDLs (schema/subgraph.graphql, and
// schema/subgraph-without-node.graphql for GATEWAY_SUBGRAPH_NODE_FIELDS=false) are what the server
// serves as `_service { sdl }`, and both Apollo's composition library and The Guild's compose them
// with other subgraphs into a supergraph whose entities carry our keys; beside a Relay subgraph
// that owns Query.node / Query.nodes, only the variant without them composes.
import { readFile } from 'node:fs/promises';

import { composeServices } from '@apollo/composition';
import { composeServices as composeWithGuild } from '@theguild/federation-composition';
import { Kind, parse, print, type ConstDirectiveNode, type DocumentNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ACCOUNTS_SUBGRAPH_SDL } from '../helpers/accounts-subgraph.js';
import { startStack, type Stack } from '../helpers/stack.js';

const SUBGRAPH_SDL_URL = new URL('../../schema/subgraph.graphql', import.meta.url);
const WITHOUT_NODE_SDL_URL = new URL('../../schema/subgraph-without-node.graphql', import.meta.url);

const SERVICE_SDL_QUERY = '{ _service { sdl } }';

// Another Relay subgraph: its own PageInfo (shareable, as ours is) and a type of its own.
const CATALOG_SUBGRAPH_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@shareable"])

  type Query {
    products(first: Int, after: String): ProductConnection!
  }

  type Product {
    sku: String!
  }

  type ProductConnection {
    nodes: [Product!]!
    pageInfo: PageInfo!
  }

  type PageInfo @shareable {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }
`;

// A subgraph that, like ours, answers Query.node for its own global ids.
const OTHER_RELAY_SUBGRAPH_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  interface Node {
    id: ID!
  }

  type Query {
    node(id: ID!): Node
  }

  type User implements Node @key(fields: "id") {
    id: ID!
  }
`;

// The most common Relay subgraph: it owns Query.node and Query.nodes for its own global ids.
const NODE_OWNING_SUBGRAPH_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  interface Node {
    id: ID!
  }

  type Query {
    node(id: ID!): Node
    nodes(ids: [ID!]!): [Node]!
  }

  type User implements Node @key(fields: "id") {
    id: ID!
    name: String!
  }
`;

// One that defines only Query.nodes.
const NODES_ONLY_SUBGRAPH_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  interface Node {
    id: ID!
  }

  type Query {
    nodes(ids: [ID!]!): [Node]!
  }

  type User implements Node @key(fields: "id") {
    id: ID!
  }
`;

// The entity-interface pattern: Node itself is an entity, resolved by its owner.
const ENTITY_INTERFACE_SUBGRAPH_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  interface Node @key(fields: "id") {
    id: ID!
  }

  type Query {
    node(id: ID!): Node
    nodes(ids: [ID!]!): [Node]!
  }

  type User implements Node @key(fields: "id") {
    id: ID!
  }
`;

// The same, with our Node types declared as `id`-keyed stubs, as Apollo's composer requires.
const ENTITY_INTERFACE_WITH_STUBS_SDL = /* GraphQL */ `
  ${ENTITY_INTERFACE_SUBGRAPH_SDL}

  type CognitoDataset implements Node @key(fields: "id") {
    id: ID!
  }

  type PersonalizeDataset implements Node @key(fields: "id") {
    id: ID!
  }

  type PersonalizeDatasetGroup implements Node @key(fields: "id") {
    id: ID!
  }
`;

let committedSdl: string;
let withoutNodeSdl: string;

beforeAll(async () => {
  committedSdl = await readFile(SUBGRAPH_SDL_URL, 'utf8');
  withoutNodeSdl = await readFile(WITHOUT_NODE_SDL_URL, 'utf8');
});

type Subgraph = readonly [name: string, sdl: string];

function services(subgraphs: readonly Subgraph[]) {
  return subgraphs.map(([name, sdl]) => ({
    name,
    url: `http://${name}.invalid/graphql`,
    typeDefs: parse(sdl),
  }));
}

function compose(...subgraphs: readonly Subgraph[]) {
  return composeServices(services(subgraphs));
}

/** The error codes of composing with each composer ([] when it composes). */
function codesWithBoth(...subgraphs: readonly Subgraph[]) {
  const codes = (errors: readonly { extensions: Record<string, unknown> }[] | undefined) =>
    (errors ?? []).map((error) => String(error.extensions['code']));
  return {
    apollo: codes(composeServices(services(subgraphs)).errors),
    guild: codes(composeWithGuild(services(subgraphs)).errors),
  };
}

function composeWithDatasets(...others: readonly (readonly [name: string, sdl: string])[]) {
  return compose(['datasets', committedSdl], ...others);
}

function directiveArgument(directive: ConstDirectiveNode, name: string): string | undefined {
  const argument = directive.arguments?.find((a) => a.name.value === name);
  return argument === undefined ? undefined : print(argument.value);
}

/** The `@key`s the supergraph records for `typename` in subgraph `graph` (e.g. "DATASETS"). */
function supergraphKeys(supergraph: DocumentNode, typename: string, graph: string): string[] {
  const type = supergraph.definitions.find(
    (d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === typename,
  );
  if (type?.kind !== Kind.OBJECT_TYPE_DEFINITION) throw new Error(`no type ${typename}`);
  return (type.directives ?? [])
    .filter((d) => d.name.value === 'join__type' && directiveArgument(d, 'graph') === graph)
    .flatMap((d) => {
      const key = directiveArgument(d, 'key');
      return key === undefined ? [] : [JSON.parse(key) as string];
    });
}

describe('the committed subgraph SDL', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_SUBGRAPH: 'true' } });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('is exactly what the server answers to `_service { sdl }` with GATEWAY_SUBGRAPH=true', async () => {
    const response = await stack.graphql<{ _service: { sdl: string } }>(SERVICE_SDL_QUERY);
    expect(response.body.errors).toBeUndefined();
    expect(`${response.body.data?._service.sdl ?? ''}\n`).toBe(committedSdl);
  });

  it('links Federation v2 and declares every entity key', () => {
    expect(committedSdl).toMatch(
      /^extend schema\s+@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/,
    );
    for (const key of [
      '@key(fields: "id")',
      '@key(fields: "identityPoolId identityId datasetName")',
      '@key(fields: "datasetArn")',
      '@key(fields: "datasetGroupArn")',
    ]) {
      expect(committedSdl).toContain(key);
    }
  });
});

describe('a server without GATEWAY_SUBGRAPH', () => {
  it('serves the plain schema, without the federation fields', async () => {
    const stack = await startStack();
    try {
      const response = await stack.graphql(SERVICE_SDL_QUERY);
      expect(response.body.errors?.[0]?.message).toMatch(/Cannot query field "_service"/);
    } finally {
      await stack.close();
    }
  });
});

describe('composition with Apollo composition', () => {
  it('composes our subgraph with an accounts subgraph that references datasets by key', () => {
    const result = composeWithDatasets(['accounts', ACCOUNTS_SUBGRAPH_SDL]);
    expect(result.errors).toBeUndefined();
    if (result.supergraphSdl === undefined) throw new Error('no supergraph');
    const supergraph = parse(result.supergraphSdl);
    expect(supergraphKeys(supergraph, 'CognitoDataset', 'DATASETS')).toEqual([
      'id',
      'identityPoolId identityId datasetName',
    ]);
    expect(supergraphKeys(supergraph, 'PersonalizeDataset', 'DATASETS')).toEqual([
      'id',
      'datasetArn',
    ]);
    expect(supergraphKeys(supergraph, 'PersonalizeDatasetGroup', 'DATASETS')).toEqual([
      'id',
      'datasetGroupArn',
    ]);
    expect(supergraphKeys(supergraph, 'PersonalizeDataset', 'ACCOUNTS')).toEqual(['datasetArn']);
  });

  it('composes next to another Relay subgraph, both defining the shareable PageInfo', () => {
    const result = composeWithDatasets(
      ['accounts', ACCOUNTS_SUBGRAPH_SDL],
      ['catalog', CATALOG_SUBGRAPH_SDL],
    );
    expect(result.errors).toBeUndefined();
  });

  it('needs our PageInfo to be shareable for that (without @shareable it does not compose)', () => {
    const withoutShareable = committedSdl.replace(
      /type PageInfo\s+@shareable\s*\{/,
      'type PageInfo {',
    );
    expect(withoutShareable).not.toBe(committedSdl);
    const result = compose(['datasets', withoutShareable], ['catalog', CATALOG_SUBGRAPH_SDL]);
    expect(result.errors?.map((e) => e.extensions['code'])).toContain('INVALID_FIELD_SHARING');
  });

  it('fails SATISFIABILITY_ERROR with both composers when another PageInfo has a field ours lacks', () => {
    const withExtraField = (directive: string) =>
      CATALOG_SUBGRAPH_SDL.replace(
        'import: ["@shareable"]',
        'import: ["@shareable", "@inaccessible"]',
      ).replace('endCursor: String\n', `endCursor: String\n    totalPages: Int ${directive}\n`);
    expect(withExtraField('')).toContain('totalPages');
    expect(codesWithBoth(['datasets', committedSdl], ['catalog', withExtraField('')])).toEqual({
      apollo: ['SATISFIABILITY_ERROR'],
      guild: ['SATISFIABILITY_ERROR'],
    });
    // The documented way out: keep the extra field off the shared type's API.
    expect(
      codesWithBoth(['datasets', committedSdl], ['catalog', withExtraField('@inaccessible')]),
    ).toEqual({ apollo: [], guild: [] });
  });

  it('keeps Query.node ours alone: a second subgraph answering Query.node does not compose', () => {
    // The documented trade-off (docs/federation.md): our ids are ours to decode, so Query.node
    // is not @shareable; a supergraph with another Relay subgraph needs one owner for it.
    const result = composeWithDatasets(['users', OTHER_RELAY_SUBGRAPH_SDL]);
    expect(result.errors?.map((e) => e.extensions['code'])).toEqual(['INVALID_FIELD_SHARING']);
    expect(result.errors?.[0]?.message).toMatch(/"Query\.node"/);
  });
});

describe('GATEWAY_SUBGRAPH_NODE_FIELDS=false', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: { GATEWAY_SUBGRAPH: 'true', GATEWAY_SUBGRAPH_NODE_FIELDS: 'false' },
    });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('serves exactly the committed variant SDL as `_service { sdl }`', async () => {
    const response = await stack.graphql<{ _service: { sdl: string } }>(SERVICE_SDL_QUERY);
    expect(response.body.errors).toBeUndefined();
    expect(`${response.body.data?._service.sdl ?? ''}\n`).toBe(withoutNodeSdl);
  });

  it('is the default SDL without Query.node and Query.nodes, and nothing else changed', () => {
    const fieldsOf = (sdl: string) => {
      const query = parse(sdl).definitions.find(
        (d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Query',
      );
      if (query?.kind !== Kind.OBJECT_TYPE_DEFINITION) throw new Error('no Query');
      return (query.fields ?? []).map((field) => field.name.value);
    };
    expect(fieldsOf(committedSdl)).toContain('node');
    expect(fieldsOf(withoutNodeSdl)).toEqual(
      fieldsOf(committedSdl).filter((name) => name !== 'node' && name !== 'nodes'),
    );
    const withoutQuery = (sdl: string) =>
      parse(sdl).definitions.filter(
        (d) => !(d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Query'),
      );
    expect(withoutQuery(withoutNodeSdl).map((d) => print(d))).toEqual(
      withoutQuery(committedSdl).map((d) => print(d)),
    );
  });

  it('refuses `node` as an unknown field and still answers `_entities`', async () => {
    const node = await stack.graphql('{ node(id: "x") { id } }');
    expect(node.body.errors?.[0]?.message).toMatch(/Cannot query field "node" on type "Query"/);
    const entities = await stack.graphql<{ _entities: unknown[] }>(
      'query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
      { r: [] },
    );
    expect(entities.body.errors).toBeUndefined();
    expect(entities.body.data?._entities).toEqual([]);
  });
});

describe('composition beside a Relay subgraph that owns Query.node / Query.nodes', () => {
  it('fails with the default SDL with both composers (INVALID_FIELD_SHARING)', () => {
    const codes = codesWithBoth(['datasets', committedSdl], ['users', NODE_OWNING_SUBGRAPH_SDL]);
    expect(codes).toEqual({
      apollo: ['INVALID_FIELD_SHARING', 'INVALID_FIELD_SHARING'],
      guild: ['INVALID_FIELD_SHARING', 'INVALID_FIELD_SHARING'],
    });
  });

  it.each([
    ['node and nodes', NODE_OWNING_SUBGRAPH_SDL],
    ['only nodes', NODES_ONLY_SUBGRAPH_SDL],
  ])('succeeds with the setting off, with both composers (a subgraph owning %s)', (_, sdl) => {
    const subgraphs: Subgraph[] = [
      ['datasets', withoutNodeSdl],
      ['users', sdl],
      ['accounts', ACCOUNTS_SUBGRAPH_SDL],
      ['catalog', CATALOG_SUBGRAPH_SDL],
    ];
    expect(codesWithBoth(...subgraphs)).toEqual({ apollo: [], guild: [] });
    const result = composeWithGuild(services(subgraphs));
    if (result.supergraphSdl === undefined) throw new Error('no supergraph');
    // Our entities keep their keys, so the node-owning graph still reaches them by `id`.
    expect(supergraphKeys(parse(result.supergraphSdl), 'CognitoDataset', 'DATASETS')).toEqual([
      'id',
      'identityPoolId identityId datasetName',
    ]);
  });

  it('entity interface `interface Node @key(fields: "id")`: the Guild composer only, unless the owner declares our types', () => {
    expect(
      codesWithBoth(['datasets', withoutNodeSdl], ['users', ENTITY_INTERFACE_SUBGRAPH_SDL]),
    ).toEqual({ apollo: ['INTERFACE_KEY_MISSING_IMPLEMENTATION_TYPE'], guild: [] });
    expect(
      codesWithBoth(['datasets', withoutNodeSdl], ['users', ENTITY_INTERFACE_WITH_STUBS_SDL]),
    ).toEqual({ apollo: [], guild: [] });
  });
});

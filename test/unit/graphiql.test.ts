import { createRequire } from 'node:module';

import { encodeGlobalID } from '@pothos/plugin-relay';
import { Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';

import type { AuthSettings } from '../../src/config/index.js';
import type { Seed, SeedCognitoDataset } from '../../src/emulator/index.js';
import { demoIdentity, demoTokenRequest, demoVariables } from '../../src/graphiql/demo.js';
import { EXAMPLES } from '../../src/graphiql/examples.generated.js';
import { jsonInHtml } from '../../src/graphiql/page.js';
import { exampleTabs } from '../../src/graphiql/tabs.js';

const PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_EmuPool01';

function dataset(name: string): SeedCognitoDataset {
  return { name, creationDate: '2025-01-01T00:00:00.000Z', records: [] };
}

const SEED: Seed = {
  cognitoSync: {
    identityPools: [
      {
        identityPoolId: 'us-east-1:pool-a',
        identities: [
          { identityId: 'us-east-1:one', datasets: [dataset('x')] },
          {
            identityId: 'us-east-1:busy',
            logins: { [PROVIDER]: 'alice' },
            datasets: [dataset('first'), dataset('second'), dataset('third')],
          },
        ],
      },
      {
        identityPoolId: 'us-east-1:pool-b',
        identities: [
          { identityId: 'us-east-1:equal', datasets: ['a', 'b', 'c'].map((n) => dataset(n)) },
        ],
      },
    ],
  },
};

describe('exampleTabs', () => {
  const tabs = exampleTabs(EXAMPLES, { variables: {}, headers: {} });

  it('has one tab per operation of every example file, in file order', () => {
    const operations = EXAMPLES.flatMap(({ document }) =>
      parse(document).definitions.flatMap((definition) =>
        definition.kind === Kind.OPERATION_DEFINITION ? [definition.name?.value] : [],
      ),
    );
    expect(tabs.map(({ operationName }) => operationName)).toEqual(operations);
    expect(tabs.map(({ operationName }) => operationName)).toContain('NodesByIds');
  });

  it('gives each tab its own operation only, with the comment written above it', () => {
    const [byId, byIds] = tabs.filter(({ file }) => file === 'node.graphql');
    expect(byId?.query).toMatch(/^# Refetch any object by its global id/);
    expect(byIds?.query).toMatch(/^# Several objects at once/);
    for (const tab of tabs) {
      const operations = parse(tab.query).definitions.filter(
        (definition) => definition.kind === Kind.OPERATION_DEFINITION,
      );
      expect(operations, tab.operationName).toHaveLength(1);
    }
  });

  it('carries the file’s fragments into each of its operations', () => {
    const [tab, other] = exampleTabs(
      [
        {
          file: 'f.graphql',
          document:
            '# first\nquery A { ...F }\n\n# the fragment\nfragment F on Query { a }\n\nquery B { ...F }\n',
        },
      ],
      { variables: {}, headers: {} },
    );
    expect(tab?.query).toBe(
      '# first\nquery A { ...F }\n\n# the fragment\nfragment F on Query { a }\n',
    );
    expect(other?.query).toBe('query B { ...F }\n\n# the fragment\nfragment F on Query { a }\n');
  });

  it('fills the variables it knows, a placeholder for required ones it does not, and leaves optional ones out', () => {
    const [tab] = exampleTabs(
      [
        {
          file: 'v.graphql',
          document:
            'query V($known: String!, $unknown: ID!, $list: [ID!]!, $optional: Int, $defaulted: Int! = 3, $extra: String) { a }',
        },
      ],
      { variables: { known: 'k', extra: null, unused: 1 }, headers: { Authorization: 'Bearer t' } },
    );
    expect(JSON.parse(tab?.variables ?? '')).toEqual({
      known: 'k',
      unknown: '<unknown>',
      list: ['<list>'],
      extra: null,
    });
    expect(JSON.parse(tab?.headers ?? '')).toEqual({ Authorization: 'Bearer t' });
  });
});

describe('demo values', () => {
  it('picks the identity with the most datasets, the first of equals, with its login', () => {
    expect(demoIdentity(SEED, PROVIDER)).toEqual({
      identityPoolId: 'us-east-1:pool-a',
      identityId: 'us-east-1:busy',
      datasetNames: ['first', 'second', 'third'],
      subject: 'alice',
    });
    expect(demoIdentity({}, PROVIDER)).toBeUndefined();
  });

  it('gives node examples the global ids of its datasets, as the relay plugin encodes them', () => {
    const variables = demoVariables(demoIdentity(SEED, PROVIDER));
    const id = (name: string): string =>
      encodeGlobalID('CognitoDataset', `us-east-1:pool-a|us-east-1:busy|${name}`);
    expect(variables).toEqual({
      identityPoolId: 'us-east-1:pool-a',
      identityId: 'us-east-1:busy',
      id: id('first'),
      ids: [id('first'), id('second')],
    });
    expect(demoVariables(undefined)).toEqual({});
  });

  it('asks for a token of the identity’s login, with its identity and the Personalize scope in gateway mode', () => {
    const identity = demoIdentity(SEED, PROVIDER);
    const identityMode = { mode: 'identity', jwt: undefined } as unknown as AuthSettings;
    expect(demoTokenRequest(identityMode, identity)).toEqual({ subject: 'alice' });
    const gatewayMode = {
      mode: 'gateway',
      jwt: {
        identityClaim: 'identity_ids',
        scopeClaim: 'scope',
        personalizeScope: 'personalize:read',
      },
    } as unknown as AuthSettings;
    expect(demoTokenRequest(gatewayMode, identity)).toEqual({
      subject: 'alice',
      claims: { identity_ids: ['us-east-1:busy'], scope: 'personalize:read' },
    });
  });
});

describe('the GraphiQL bundle', () => {
  it('is the release of @graphql-yoga/render-graphiql that matches the installed graphql-yoga', () => {
    const require = createRequire(import.meta.url);
    const version = (name: string): unknown =>
      (require(`${name}/package.json`) as { version?: unknown }).version;
    expect(version('@graphql-yoga/render-graphiql')).toBe(version('graphql-yoga'));
  });
});

describe('jsonInHtml', () => {
  it('cannot close the script element it sits in, and parses back to the same value', () => {
    const value = { query: '</script><script>alert(1)</script><!-- & \u2028' };
    const text = jsonInHtml(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

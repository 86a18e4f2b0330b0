import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql's package.json has both "main" (CJS) and "module" (ESM). Vite would give our sources
  // the ESM build while graphql-yoga, loaded by Node, gets the CJS one: two GraphQLError classes,
  // so yoga's `instanceof GraphQLError` fails and masks every GatewayError. One copy for all:
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    // The SDK warns once per process that its 2027 releases will need Node 22; the lockfile pins
    // releases that support Node 20, so the warning is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

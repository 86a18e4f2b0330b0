// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'coverage/',
      'dist/',
      'test/__generated__/',
      'examples/__generated__/',
      'examples/clients/relay/__generated__/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      // Resolves `./x.js` specifiers to `./x.ts`, so the boundary and cycle rules see real files.
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      // The direction of data flow: server → schema → resolvers → AWS clients. The emulator
      // stands in for AWS and shares no code with the gateway; nothing imports test/. The zones
      // are globs over whole folders, so a new folder is covered the day it is made;
      // test/unit/lint-boundaries.test.ts proves each rule refuses what it should.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './resolvers', from: ['./schema', './src', './test'] },
            { target: './schema', from: ['./src', './test'] },
            // The emulator: nothing from the gateway, wherever in src/ it lives.
            {
              target: './src/emulator',
              from: [
                './schema/**',
                './resolvers/**',
                './test/**',
                './src/*.ts',
                './src/!(emulator)/**',
              ],
            },
            // The gateway: the emulator only through its public entry point.
            {
              target: ['./src/*.ts', './src/!(emulator)/**'],
              from: ['./src/emulator/!(index.ts)', './src/emulator/*/**'],
            },
            {
              target: ['./schema', './resolvers', './src', './scripts', './bench'],
              from: './test',
            },
            // Client recipes are copied into frontends: they talk to the gateway over HTTP only.
            { target: './examples', from: ['./src', './schema', './resolvers', './test'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);

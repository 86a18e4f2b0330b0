// The soak test is slow (a minute) and not part of `npm test`:
// npx vitest run --config test/soak/vitest.config.ts
import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/soak/**/*.test.ts'],
    testTimeout: 180_000,
  },
});

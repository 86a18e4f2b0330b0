// The defaults that do not depend on the mode, by config field, for code and tests that size
// things after them (e.g. the cost model's tests). Derived from the table, never written twice.
import {
  AUTH,
  AWS,
  BROWSER,
  CONNECTIONS,
  DEVELOPMENT,
  IDENTITY,
  JWT,
  LIMITS,
  LISTEN,
  LOGGING,
  MIN_CURSOR_SECRET_LENGTH,
  OBSERVABILITY,
  PAGINATION,
  RESILIENCE,
  SCHEMA_SHAPE,
  UPSTREAM,
} from './settings/index.js';
import { fixedDefaultsOf } from './table.js';

export const DEFAULTS = {
  ...fixedDefaultsOf(LISTEN),
  ...fixedDefaultsOf(AWS),
  ...fixedDefaultsOf(AUTH),
  ...fixedDefaultsOf(IDENTITY),
  ...fixedDefaultsOf(JWT),
  ...fixedDefaultsOf(PAGINATION),
  ...fixedDefaultsOf(SCHEMA_SHAPE),
  ...fixedDefaultsOf(UPSTREAM),
  ...fixedDefaultsOf(RESILIENCE),
  ...fixedDefaultsOf(LIMITS),
  ...fixedDefaultsOf(OBSERVABILITY),
  ...fixedDefaultsOf(CONNECTIONS),
  ...fixedDefaultsOf(BROWSER),
  ...fixedDefaultsOf(LOGGING),
  ...fixedDefaultsOf(DEVELOPMENT),
  minCursorSecretLength: MIN_CURSOR_SECRET_LENGTH,
} as const;

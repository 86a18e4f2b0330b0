// Every setting, in the order --help and the README list them.
import type { Family, Setting } from '../table.js';
import { AWS, IDENTITY_ENDPOINT, MODE, SDK_ONLY_SETTINGS, UPSTREAM } from './aws.js';
import { AUTH, IDENTITY, JWT } from './auth.js';
import { CONFIG_FILE, CURSOR } from './gateway.js';
import { LIMITS, PAGINATION, SCHEMA_SHAPE } from './limits.js';
import { LOGGING, OBSERVABILITY } from './observability.js';
import { RESILIENCE } from './resilience.js';
import { CACHE, RATE_LIMITS, REDIS } from './shared-state.js';
import { BROWSER, CONNECTIONS, DEVELOPMENT, LISTEN } from './server.js';

export { AWS, IDENTITY_ENDPOINT, MODE, SDK_ONLY_SETTINGS, UPSTREAM } from './aws.js';
export { AUTH, IDENTITY, JWT, JWT_ALGORITHMS } from './auth.js';
export { CONFIG_FILE, CURSOR, MIN_CURSOR_SECRET_LENGTH } from './gateway.js';
export { LIMITS, PAGINATION, SCHEMA_SHAPE } from './limits.js';
export { LOGGING, OBSERVABILITY } from './observability.js';
export { RESILIENCE } from './resilience.js';
export { CACHE, RATE_LIMITED_SERVICES, RATE_LIMITS, REDIS } from './shared-state.js';
export { BROWSER, CONNECTIONS, DEVELOPMENT, LISTEN } from './server.js';
export { DEMO_REGION } from './aws.js';

/** The families in documentation order (related settings together, as operators look for them). */
export const FAMILIES: readonly Family[] = [
  LISTEN,
  MODE,
  AWS,
  CURSOR,
  CONFIG_FILE,
  AUTH,
  IDENTITY,
  IDENTITY_ENDPOINT,
  JWT,
  PAGINATION,
  SCHEMA_SHAPE,
  UPSTREAM,
  RESILIENCE,
  CACHE,
  REDIS,
  RATE_LIMITS,
  LIMITS,
  OBSERVABILITY,
  CONNECTIONS,
  BROWSER,
  LOGGING,
  DEVELOPMENT,
];

export const ALL_SETTINGS: readonly Setting<unknown>[] = FAMILIES.flatMap((family) =>
  Object.values(family),
);

/** The names a GATEWAY_CONFIG_FILE may hold, and that are never refused as unknown. */
export const SETTING_NAMES: ReadonlySet<string> = new Set([
  ...ALL_SETTINGS.map((setting) => setting.env),
  ...SDK_ONLY_SETTINGS,
]);

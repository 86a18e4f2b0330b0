// The gateway's settings: read once from the environment (and an optional JSON file), validated,
// frozen. Each setting is one entry of the table in settings/*.ts, from which the loader, the
// defaults, the config's types and the documentation (--help, the README table) are derived.
export { DEFAULTS } from './defaults.js';
export { renderSettings, SCHEMA_SETTING_NAMES, SETTINGS, type SettingDoc } from './docs.js';
export { loadConfig } from './load.js';
export { withLocalUpstream, type LocalIdentityProvider } from './local.js';
export { ConfigError } from './problems.js';
// The table itself, for code that names a setting in its own messages.
export {
  AWS as AWS_SETTINGS,
  JWT as JWT_SETTINGS,
  JWT_ALGORITHMS,
  LIMITS as LIMITS_SETTINGS,
} from './settings/index.js';
export type * from './types.js';

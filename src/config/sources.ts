// Where setting values come from: the environment and an optional GATEWAY_CONFIG_FILE, as
// trimmed strings, with every name checked against the settings so a misspelt one is refused.
import { readFileSync } from 'node:fs';

import { closest, distance } from 'fastest-levenshtein';

import type { Problems } from './problems.js';
import { CONFIG_FILE, SETTING_NAMES } from './settings/index.js';

export type Env = Readonly<Record<string, string | undefined>>;
export type Present = Readonly<Record<string, string>>;

/** How far a misspelt name may be from a setting for the setting to be suggested. */
const MAX_SUGGESTION_DISTANCE = 4;

/** Blank values count as unset, so `FOO=` in a .env file means "use the default". */
export function presentValues(env: Env): Record<string, string> {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const trimmed = value?.trim();
    if (trimmed !== undefined && trimmed !== '') present[name] = trimmed;
  }
  return present;
}

function unknownSetting(name: string, where: string): string {
  const nearest = closest(name, [...SETTING_NAMES]);
  const hint =
    distance(name, nearest) <= MAX_SUGGESTION_DISTANCE
      ? `did you mean ${nearest}?`
      : 'see --help for the settings';
  return `${name}${where}: not a setting; ${hint}`;
}

/**
 * Every GATEWAY_* variable must be a setting: a misspelt one (GATEWAY_INTROSPECTON) would
 * otherwise be ignored in silence and leave its setting at the default.
 */
export function checkNames(env: Present, problems: Problems): void {
  for (const name of Object.keys(env)) {
    if (name.startsWith('GATEWAY_') && !SETTING_NAMES.has(name)) {
      problems.add(name, unknownSetting(name, ''));
    }
  }
}

/** The environment's values over those of its GATEWAY_CONFIG_FILE, if it names one. */
export function withConfigFile(fromEnv: Present, problems: Problems): Present {
  const path = fromEnv[CONFIG_FILE.path.env];
  return path === undefined ? fromEnv : { ...readConfigFile(path, problems), ...fromEnv };
}

/** The settings of a GATEWAY_CONFIG_FILE, as strings like environment variables. */
function readConfigFile(path: string, problems: Problems): Record<string, string> {
  const fileSetting = CONFIG_FILE.path.env;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.add(
      fileSetting,
      `${fileSetting}: cannot read ${path} as JSON (${error instanceof Error ? error.message : String(error)})`,
    );
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.add(fileSetting, `${fileSetting}: ${path} must hold a JSON object`);
    return {};
  }
  const settings: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (!SETTING_NAMES.has(name) || name === fileSetting) {
      problems.add(name, unknownSetting(name, ` (in ${path})`));
    } else if (
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      if (String(value).trim() !== '') settings[name] = String(value).trim();
    } else {
      problems.add(name, `${name} (in ${path}): must be a string, a number or a boolean`);
    }
  }
  return settings;
}

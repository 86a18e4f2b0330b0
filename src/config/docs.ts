// The settings' documentation, printed from the table: `--help` (text) and the README (Markdown,
// kept in sync by scripts/sync-readme.ts), so the documentation cannot drift from the code.
import { ALL_SETTINGS } from './settings/index.js';

export interface SettingDoc {
  readonly name: string;
  readonly default: string;
  readonly description: string;
}

export const SETTINGS: readonly SettingDoc[] = ALL_SETTINGS.filter(({ listed }) => listed).map(
  (setting) => ({
    name: setting.env,
    default: setting.default.text,
    description: setting.description,
  }),
);

/** The names the loader reads. */
export const SCHEMA_SETTING_NAMES: readonly string[] = ALL_SETTINGS.map(({ env }) => env);

/** The settings as a plain-text table (for --help) or a Markdown table (for the README). */
export function renderSettings(format: 'text' | 'markdown' = 'text'): string {
  if (format === 'markdown') {
    const rows = SETTINGS.map((s) => `| \`${s.name}\` | ${s.default} | ${s.description} |`);
    return ['| Setting | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
  }
  const width = Math.max(...SETTINGS.map((s) => s.name.length)) + 2;
  return SETTINGS.map(
    (s) => `${s.name.padEnd(width)}${s.description}\n${' '.repeat(width)}default: ${s.default}`,
  ).join('\n');
}

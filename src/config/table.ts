// What one setting is: the environment variable that sets it, the zod schema its text must pass,
// its default (a value, or one per gateway mode) with the text the docs show for it, and its
// description. Settings come in families (settings/*.ts), objects keyed by the config field each
// setting fills, so the env schema, the defaults, the README table, the loader and the config's
// types are all derived from one entry per setting.
import { z } from 'zod';

export type GatewayMode = 'demo' | 'aws';

/** What a default may depend on. */
export interface DefaultContext {
  readonly mode: GatewayMode;
}

/** A setting's value when it is unset, and what --help and the README say of it. */
export interface Default<T> {
  readonly text: string;
  readonly value: (context: DefaultContext) => T;
  /** The same value in every mode (what DEFAULTS lists); absent when it depends on the mode. */
  readonly fixed?: { readonly value: T };
}

export interface Setting<T> {
  /** The environment variable (and GATEWAY_CONFIG_FILE key). Spelt here and nowhere else. */
  readonly env: string;
  /** Parses the variable's trimmed, non-blank text. */
  readonly schema: z.ZodType<T>;
  readonly default: Default<T>;
  readonly description: string;
  /** Never echoed in error messages (they go to stderr and logs). */
  readonly secret: boolean;
  /** Listed in --help and the README (false: read, but documented in another setting's text). */
  readonly listed: boolean;
  /** Outside demo mode, required when GATEWAY_AUTH_MODE is this mode. */
  readonly requiredIn: 'identity' | 'gateway' | undefined;
}

/** A default that is the same in every mode (what DEFAULTS lists). */
export type FixedDefault<T> = Default<T> & { readonly fixed: { readonly value: T } };

type DefaultValue<DD> = DD extends Default<infer V> ? V : never;

export interface SettingInput<T, DD> {
  readonly env: string;
  readonly schema: z.ZodType<T>;
  readonly default: DD;
  readonly description: string;
  readonly secret?: boolean;
  readonly listed?: boolean;
  readonly requiredIn?: 'identity' | 'gateway';
}

export function setting<T, DD extends Default<unknown>>(
  input: SettingInput<T, DD>,
): Setting<T | DefaultValue<DD>> & { readonly default: DD } {
  return {
    env: input.env,
    schema: input.schema,
    // DD is a Default of DefaultValue<DD>, which TypeScript cannot see through the conditional.
    default: input.default as DD & Default<DefaultValue<DD>>,
    description: input.description,
    secret: input.secret ?? false,
    listed: input.listed ?? true,
    requiredIn: input.requiredIn,
  };
}

/** Settings keyed by the config field each one fills. */
export type Family = Readonly<Record<string, Setting<unknown>>>;

type FixedKeys<F extends Family> = {
  [K in keyof F]: F[K] extends { readonly default: FixedDefault<unknown> } ? K : never;
}[keyof F];

/** The fields of a family whose default is the same in every mode, with that default. */
export type FixedDefaultsOf<F extends Family> = {
  readonly [K in FixedKeys<F>]: F[K] extends { readonly default: FixedDefault<infer T> }
    ? T
    : never;
};

export function fixedDefaultsOf<F extends Family>(family: F): FixedDefaultsOf<F> {
  const defaults: Record<string, unknown> = {};
  for (const [field, { default: fallback }] of Object.entries(family)) {
    if (fallback.fixed !== undefined) defaults[field] = fallback.fixed.value;
  }
  return defaults as FixedDefaultsOf<F>;
}

type Frozen<T> = T extends readonly (infer Item)[] ? readonly Item[] : T;

/** The values a family's settings load as (its part of GatewayConfig). */
export type ValuesOf<F extends Family> = {
  readonly [K in keyof F]: F[K] extends Setting<infer T> ? Frozen<T> : never;
};

/** The same default in every mode; `text` when String(value) is not what the docs should say. */
export function fixed<T>(value: T, text: string = String(value)): FixedDefault<T> {
  return { text, value: () => value, fixed: { value } };
}

/** One default in demo mode and another on real AWS. */
export function byMode<T extends string | number | boolean>(
  demo: T,
  aws: T,
  text = `${String(demo)} in demo mode, ${String(aws)} otherwise`,
): Default<T> {
  return { text, value: ({ mode }) => (mode === 'demo' ? demo : aws) };
}

/** A default the loader (or another setting) decides, described by `text`. */
export function decided<T>(text: string, value: (context: DefaultContext) => T): Default<T> {
  return { text, value };
}

/** No value: the setting is optional, or required where `text` says so. */
export function unset(text: string): Default<undefined> {
  return decided(text, () => undefined);
}

// Schemas shared by the families.
export const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);
export const nonNegativeInt = (max: number) => z.coerce.number().int().min(0).max(max);
export const milliseconds = z.coerce.number().int().min(1).max(600_000);
export const endpointUrl = z.url({ protocol: /^https?$/ });
export const flag = z.stringbool();

/** Comma-separated items, blanks dropped; each item must pass `item`. */
export function commaList<T>(item: z.ZodType<T, string>, options: { readonly min: number }) {
  return z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
    )
    .pipe(z.array(item).min(options.min, 'must list at least one value'));
}

// How a configuration is refused: every problem of it at once, each naming its setting.
export class ConfigError extends Error {
  constructor(
    readonly settings: readonly string[],
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/**
 * Every problem of one configuration, reported together: fixing one setting must not merely
 * reveal the next.
 */
export class Problems {
  readonly #settings: string[] = [];
  readonly #texts: string[] = [];

  add(setting: string, text: string): void {
    this.#settings.push(setting);
    this.#texts.push(text);
  }

  throwIfAny(): void {
    if (this.#texts.length === 0) return;
    throw new ConfigError(
      [...new Set(this.#settings)],
      `Invalid configuration:\n  ${this.#texts.join('\n  ')}`,
    );
  }
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

// Loads the seed document the emulator's in-memory state starts from (an object, a JSON file, or
// the shipped demo seed) and validates it against seed/schema.ts.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import demoSeed from './demo.json' with { type: 'json' };
import { seedSchema, type Seed } from './schema.js';

/** A seed that failed to load; the message names the source and the offending path. */
export class SeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedError';
  }
}

/** Validates a seed document; `source` names it in errors. */
export function parseSeed(value: unknown, source = 'seed'): Seed {
  const result = seedSchema.safeParse(value);
  if (!result.success) {
    throw new SeedError(`Invalid seed (${source}):\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** Loads a seed from an object, a JSON file path, or (by default) the shipped demo seed. */
export async function loadSeed(source?: Seed | string): Promise<Seed> {
  // Imported, not read from the source tree: a built emulator (dist/) has no src/ beside it.
  if (source === undefined) return parseSeed(demoSeed, 'the demo seed');
  if (typeof source !== 'string') return parseSeed(source);
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    throw new SeedError(`Cannot read seed file ${source}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SeedError(`Seed file ${source} is not valid JSON: ${(error as Error).message}`);
  }
  return parseSeed(json, source);
}

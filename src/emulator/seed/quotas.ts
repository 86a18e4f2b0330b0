import type { Quotas, Seed } from './schema.js';

/** The documented AWS defaults. */
export const DEFAULT_QUOTAS: Quotas = {
  cognitoDatasetsPerIdentity: 20,
  // "a dataset can hold up to 1MB of key-value pairs" (Cognito Sync model, Dataset).
  cognitoBytesPerDataset: 1024 * 1024,
  personalizeDatasetGroups: 500,
  personalizeSchemas: 500,
};

/** The seed's quota overrides on top of the defaults. */
export function resolveQuotas(seed: Seed): Quotas {
  return { ...DEFAULT_QUOTAS, ...seed.quotas };
}

// The gateway's own secrets and where else its settings may come from.
import { randomBytes } from 'node:crypto';

import { z } from 'zod';

import { commaList, decided, setting, unset } from '../table.js';

export const MIN_CURSOR_SECRET_LENGTH = 32;

const tooShort = `must be at least ${MIN_CURSOR_SECRET_LENGTH} characters`;

export const CURSOR = {
  secret: setting({
    env: 'GATEWAY_CURSOR_SECRET',
    schema: z.string().min(MIN_CURSOR_SECRET_LENGTH, tooShort),
    // Outside demo mode the loader requires it: replicas must share one.
    default: decided('random per process in demo mode; required otherwise', () =>
      randomBytes(32).toString('base64url'),
    ),
    description: `Key that encrypts and authenticates pagination cursors (at least ${MIN_CURSOR_SECRET_LENGTH} characters). Share it between replicas.`,
    secret: true,
  }),
  previousSecrets: setting({
    env: 'GATEWAY_CURSOR_PREVIOUS_SECRETS',
    schema: commaList(z.string(), { min: 0 }).refine(
      (secrets: readonly string[]) =>
        secrets.every((secret) => secret.length >= MIN_CURSOR_SECRET_LENGTH),
      `each secret ${tooShort}`,
    ),
    default: decided('(none)', (): readonly string[] => []),
    description:
      'Comma-separated cursor secrets accepted besides GATEWAY_CURSOR_SECRET but never used to seal: during a rotation, the new secret before it is issued, then the old one (docs/operations.md).',
    secret: true,
  }),
};

export const CONFIG_FILE = {
  path: setting({
    env: 'GATEWAY_CONFIG_FILE',
    schema: z.string(),
    default: unset('(none)'),
    description:
      'A JSON file of settings (`{"GATEWAY_AUTH_MODE": "gateway", ...}`, names as in this table); environment variables override it.',
  }),
};

// Reading a cursor's payload, and the errors a refused cursor gets: BAD_USER_INPUT with a hint to
// start again from the first page, and CURSOR_KEY_UNKNOWN for a secret this replica lacks.
import { GatewayError } from './errors.js';

/** `extensions.reason` of a cursor sealed under a secret the replica does not have. */
export const CURSOR_KEY_UNKNOWN = 'CURSOR_KEY_UNKNOWN';

const RESTART_HINT =
  'Use a cursor returned by this same field and arguments, or omit it to start from the first page.';

export function invalid(reason: string): GatewayError {
  return new GatewayError('BAD_USER_INPUT', `${reason} ${RESTART_HINT}`);
}

export const ALTERED =
  'The cursor does not belong to this listing: it was altered, or it was issued for other arguments, another caller or another field.';

export function unknownKey(): GatewayError {
  return new GatewayError(
    'BAD_USER_INPUT',
    'This cursor was issued by a gateway replica with another cursor secret (or under a secret since retired): the replicas must share GATEWAY_CURSOR_SECRET (see docs/operations.md). Start paging again from the first page by omitting the cursor.',
    { extensions: { reason: CURSOR_KEY_UNKNOWN } },
  );
}

export function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function parseJson(payload: Buffer): readonly unknown[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  return Array.isArray(parsed) ? parsed : undefined;
}

// Acceptance: gateway replicas behind a load balancer, a client paging through them in turn. Replicas
// sharing the cursor secret page as one gateway; replicas with different secrets refuse each other's
// cursors with an error that says so (not one that reads like tampering) and that operators see in
// the metrics and logs; and the rotation procedure of docs/operations.md keeps every paging session
// whole at every step of a rolling deploy, while the naive one-step rotation does not.
import { afterEach, describe, expect, it } from 'vitest';

import { UNKNOWN_CURSOR_KEY_MESSAGE } from '../../src/observability/cursor-keys.js';
import {
  cognitoListingSeed,
  gwCognitoId,
  mergeSeeds,
  personalizeListingSeed,
} from '../helpers/gateway-seeds.js';
import {
  cognitoListing,
  personalizeListing,
  type GraphqlClient,
  type Listing,
} from '../helpers/gateway-walk.js';
import {
  pagingSession,
  startReplicaSet,
  type Replica,
  type ReplicaSet,
  type SessionOutcome,
} from '../helpers/replicas.js';

const POOL = gwCognitoId(0xe1);
const IDENTITY = gwCognitoId(0xe101);
const ITEMS = 8;
const SEED = mergeSeeds(
  cognitoListingSeed(POOL, [{ identityId: IDENTITY, datasetCount: ITEMS }]),
  personalizeListingSeed(ITEMS),
);
// Pages of 2, upstream and for the client: 4 pages a session, so every session crosses from one
// replica to the other three times, and its cursors carry upstream tokens.
const PAGE_SIZE = 2;
const SESSIONS = 50;
/** Pages a session reads before a replica is rolled, of the 4 it needs. */
const PAGES_BEFORE_ROLL = 2;

const SECRET_A = 'cursor-secret-A-before-the-rotation-0123456789abcdef';
const SECRET_B = 'cursor-secret-B-after-the-rotation-fedcba9876543210';

/** The settings of one replica: the secret it issues with, and those it still accepts. */
function secrets(current: string, previous: readonly string[] = []): Record<string, string> {
  return {
    GATEWAY_PERSONALIZE_PAGE_SIZE: String(PAGE_SIZE),
    GATEWAY_COGNITO_PAGE_SIZE: String(PAGE_SIZE),
    GATEWAY_CURSOR_SECRET: current,
    ...(previous.length === 0 ? {} : { GATEWAY_CURSOR_PREVIOUS_SECRETS: previous.join(',') }),
  };
}

// The replica settings a rotation from A to B goes through (docs/operations.md).
const ISSUE_A = secrets(SECRET_A);
const ISSUE_A_ACCEPT_B = secrets(SECRET_A, [SECRET_B]);
const ISSUE_B_ACCEPT_A = secrets(SECRET_B, [SECRET_A]);
const ISSUE_B = secrets(SECRET_B);

let set: ReplicaSet | undefined;

afterEach(async () => {
  await set?.close();
  set = undefined;
});

async function replicas(envs: readonly Record<string, string>[]): Promise<ReplicaSet> {
  set = await startReplicaSet(SEED, envs);
  return set;
}

type Expected = Readonly<Record<'cognito' | 'personalize', readonly string[]>>;

function listingOf(client: GraphqlClient, cognito: boolean): Listing<unknown> {
  return cognito ? cognitoListing(client, POOL, IDENTITY) : personalizeListing(client);
}

/** Both listings in full, each read in one page from the first replica. */
async function fullListings(replicaSet: ReplicaSet): Promise<Expected> {
  const read = async (cognito: boolean) => {
    const outcome = await pagingSession(
      listingOf(replicaSet.alternating(0), cognito),
      'forward',
      100,
    ).finish();
    expect(outcome.error).toBeUndefined();
    expect(outcome.keys).toHaveLength(ITEMS);
    return outcome.keys;
  };
  return { cognito: await read(true), personalize: await read(false) };
}

interface Batch {
  /** Sessions that read their whole listing exactly once: nothing missing, nothing repeated. */
  readonly complete: number;
  readonly failures: readonly SessionOutcome[];
}

/**
 * Runs 50 paging sessions at once. Session s starts on replica s mod 2 and alternates from there,
 * and the batch covers both connections and both directions. With `roll`, every session first
 * reads PAGES_BEFORE_ROLL pages, then `roll` replaces a replica, then the sessions read on.
 */
async function batch(
  replicaSet: ReplicaSet,
  expected: Expected,
  roll?: () => Promise<void>,
): Promise<Batch> {
  const sessions = Array.from({ length: SESSIONS }, (_, s) => {
    const cognito = Math.floor(s / 4) % 2 === 1;
    const direction = Math.floor(s / 2) % 2 === 0 ? 'forward' : 'backward';
    return {
      expected: cognito ? expected.cognito : expected.personalize,
      run: pagingSession(listingOf(replicaSet.alternating(s % 2), cognito), direction, PAGE_SIZE),
    };
  });
  if (roll !== undefined) {
    for (let page = 0; page < PAGES_BEFORE_ROLL; page += 1) {
      await Promise.all(sessions.map(({ run }) => run.step()));
    }
    await roll();
  }
  const outcomes = await Promise.all(sessions.map(({ run }) => run.finish()));
  const whole = (outcome: SessionOutcome, s: number) =>
    outcome.finished &&
    outcome.error === undefined &&
    JSON.stringify(outcome.keys) === JSON.stringify(sessions[s]?.expected);
  return {
    complete: outcomes.filter(whole).length,
    failures: outcomes.filter((outcome, s) => !whole(outcome, s)),
  };
}

/** What a client must see when a replica does not have the secret that sealed its cursor. */
function expectUnknownKeyErrors(failures: readonly SessionOutcome[]): void {
  for (const failure of failures) {
    const error = failure.error;
    expect(error?.extensions?.code, JSON.stringify(error)).toBe('BAD_USER_INPUT');
    expect(error?.extensions?.['reason']).toBe('CURSOR_KEY_UNKNOWN');
    expect(['after', 'before']).toContain(error?.extensions?.['argumentName']);
    expect(error?.message).toMatch(/issued by a gateway replica with another cursor secret/);
    expect(error?.message).toMatch(/GATEWAY_CURSOR_SECRET/);
    expect(error?.message).toMatch(/Start paging again from the first page/);
    expect(error?.message).not.toMatch(/altered/);
  }
}

/** The value of one sample on a replica's /metrics page (0 when absent). */
async function sample(replica: Replica | undefined, series: RegExp): Promise<number> {
  const text = (await replica?.metrics()) ?? '';
  return text
    .split('\n')
    .filter((line) => series.test(line))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

describe('two replicas behind a load balancer', () => {
  it('sharing the cursor secret: all 50 sessions paging across them read every item once', async () => {
    const replicaSet = await replicas([ISSUE_A, ISSUE_A]);
    const result = await batch(replicaSet, await fullListings(replicaSet));
    expect(result.complete).toBe(SESSIONS);
  });

  it('with different cursor secrets: every session fails, and the error says a replica has another secret', async () => {
    const replicaSet = await replicas([ISSUE_A, ISSUE_B]);
    const result = await batch(replicaSet, await fullListings(replicaSet));
    expect(result.complete).toBe(0);
    expect(result.failures).toHaveLength(SESSIONS);
    expectUnknownKeyErrors(result.failures);
  });

  it('with different cursor secrets: each replica counts the cursors it refused, and logs them rate-limited', async () => {
    const replicaSet = await replicas([ISSUE_A, ISSUE_B]);
    await batch(replicaSet, await fullListings(replicaSet));
    const [first, second] = replicaSet.replicas;
    const unknown = /^gateway_cursor_unknown_key_total\{/;
    const refused = [await sample(first, unknown), await sample(second, unknown)];
    // Each session fails once, on one of the two replicas.
    expect(refused[0]).toBeGreaterThan(0);
    expect(refused[1]).toBeGreaterThan(0);
    expect((refused[0] ?? 0) + (refused[1] ?? 0)).toBe(SESSIONS);
    for (const [slot, replica] of replicaSet.replicas.entries()) {
      const warnings = replica.warnings.filter((line) => line.msg === UNKNOWN_CURSOR_KEY_MESSAGE);
      expect(warnings.length).toBeGreaterThanOrEqual(1);
      expect(warnings.length).toBeLessThan(refused[slot] ?? 0);
      // A line names both sides' key ids, so operators can tell which replica holds which secret.
      const other = replicaSet.replicas[1 - slot];
      const otherIssuing = /gateway_cursor_keys\{key_id="([0-9a-f]{8})",use="issue"\}/.exec(
        (await other?.metrics()) ?? '',
      )?.[1];
      expect(otherIssuing).toBeDefined();
      expect(warnings[0]?.['cursorKeyId']).toBe(otherIssuing);
      expect(warnings[0]?.['issuingKeyId']).not.toBe(otherIssuing);
    }
  });

  it('publish the key ids they issue and accept, so operators can check a rotation step', async () => {
    const replicaSet = await replicas([ISSUE_B_ACCEPT_A, ISSUE_B_ACCEPT_A, ISSUE_A]);
    const keysOf = async (replica: Replica) => {
      const lines = (await replica.metrics()).split('\n');
      const ids = (use: string) =>
        lines
          .map(
            (line) =>
              new RegExp(`^gateway_cursor_keys\\{key_id="(\\w+)",use="${use}"\\} 1$`).exec(
                line,
              )?.[1],
          )
          .filter((id) => id !== undefined);
      return { issue: ids('issue'), accept: ids('accept') };
    };
    const [b1, b2, a] = await Promise.all(replicaSet.replicas.map(keysOf));
    const [idA] = a?.issue ?? [];
    const [idB] = b1?.issue ?? [];
    expect(a).toEqual({ issue: [idA], accept: [idA] });
    expect(idB).toMatch(/^[0-9a-f]{8}$/);
    expect(idB).not.toBe(idA);
    expect(b1).toEqual({ issue: [idB], accept: [idB, idA] });
    expect(b2).toEqual(b1);
  });
});

interface Step {
  readonly name: string;
  /** The replicas' settings before the step. */
  readonly from: readonly Record<string, string>[];
  /** The replica rolled and its new settings. */
  readonly slot: number;
  readonly to: Record<string, string>;
}

// docs/operations.md, "Rotating the cursor secret": every replica learns to accept B before any
// issues it; every replica issues B before any forgets A.
const ROTATION: readonly Step[] = [
  {
    name: 'phase 1 (accept B), first replica',
    from: [ISSUE_A, ISSUE_A],
    slot: 0,
    to: ISSUE_A_ACCEPT_B,
  },
  {
    name: 'phase 1 (accept B), second replica',
    from: [ISSUE_A_ACCEPT_B, ISSUE_A],
    slot: 1,
    to: ISSUE_A_ACCEPT_B,
  },
  {
    name: 'phase 2 (issue B), first replica',
    from: [ISSUE_A_ACCEPT_B, ISSUE_A_ACCEPT_B],
    slot: 0,
    to: ISSUE_B_ACCEPT_A,
  },
  {
    name: 'phase 2 (issue B), second replica',
    from: [ISSUE_B_ACCEPT_A, ISSUE_A_ACCEPT_B],
    slot: 1,
    to: ISSUE_B_ACCEPT_A,
  },
  {
    name: 'phase 3 (retire A), first replica',
    from: [ISSUE_B_ACCEPT_A, ISSUE_B_ACCEPT_A],
    slot: 0,
    to: ISSUE_B,
  },
  {
    name: 'phase 3 (retire A), second replica',
    from: [ISSUE_B, ISSUE_B_ACCEPT_A],
    slot: 1,
    to: ISSUE_B,
  },
];

describe('rotating the cursor secret from A to B on two replicas, one replica at a time', () => {
  it.each(ROTATION)(
    '$name: 50 sessions before, 50 across and 50 after the roll all read every item once',
    async ({ from, slot, to }) => {
      const replicaSet = await replicas(from);
      const expected = await fullListings(replicaSet);
      const before = await batch(replicaSet, expected);
      const across = await batch(replicaSet, expected, () => replicaSet.roll(slot, to));
      const after = await batch(replicaSet, expected);
      expect([before.complete, across.complete, after.complete]).toEqual([
        SESSIONS,
        SESSIONS,
        SESSIONS,
      ]);
    },
  );

  it('in one step (issue B, accept A) breaks paging while the replicas are mixed, with the clear error', async () => {
    const replicaSet = await replicas([ISSUE_A, ISSUE_A]);
    const expected = await fullListings(replicaSet);
    const across = await batch(replicaSet, expected, () => replicaSet.roll(0, ISSUE_B_ACCEPT_A));
    const mixed = await batch(replicaSet, expected);
    expect(across.complete).toBeLessThan(SESSIONS);
    expect(mixed.complete).toBe(0);
    expectUnknownKeyErrors([...across.failures, ...mixed.failures]);
  });
});

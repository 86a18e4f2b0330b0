import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  INPUT_SUMMARY_BUDGET,
  REDACTED,
  createRequestLog,
  summarizeInput,
} from '../../src/emulator/request-log.js';
import type { RequestLogEntry } from '../../src/emulator/index.js';

function entry(input: Record<string, unknown>): RequestLogEntry {
  return {
    id: 'id',
    service: 'cognito-sync',
    operation: 'UpdateRecords',
    accessKeyId: 'test',
    clientRequestId: undefined,
    input,
    status: 200,
    errorCode: undefined,
    fault: undefined,
    startedAt: 0,
    durationMs: 1,
    aborted: false,
    served: true,
  };
}

/** The summary's size on the wire: what a test or the bench would print of it. */
function sizeOf(value: unknown): number {
  return JSON.stringify(value).length;
}

describe('the input a request log entry keeps', () => {
  it('is the input itself when it holds only member names and small scalars', () => {
    const input = { IdentityPoolId: 'us-east-1:abc', MaxResults: '5', maxResults: 5, flag: true };
    expect(summarizeInput(input)).toEqual(input);
  });

  it('drops the values of record patches but keeps their other members', () => {
    const input = {
      IdentityId: 'us-east-1:abc',
      RecordPatches: [{ Op: 'replace', Key: 'k', Value: 'v'.repeat(1_000_000), SyncCount: 0 }],
    };
    expect(summarizeInput(input)).toEqual({
      IdentityId: 'us-east-1:abc',
      RecordPatches: [{ Op: 'replace', Key: 'k', SyncCount: 0 }],
    });
  });

  it('keeps the providers of a Logins map but never their tokens', () => {
    const input = {
      IdentityPoolId: 'us-east-1:abc',
      Logins: { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_EmuPool01': 'eyJ.secret.token' },
    };
    expect(summarizeInput(input)).toEqual({
      IdentityPoolId: 'us-east-1:abc',
      Logins: { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_EmuPool01': REDACTED },
    });
    expect(summarizeInput({ Logins: 'eyJ.secret.token' })).toEqual({ Logins: REDACTED });
  });

  it('cuts a long string to 256 characters and says how long it was', () => {
    const summary = summarizeInput({ schema: 's'.repeat(20_000) });
    expect(summary['schema']).toBe(`${'s'.repeat(256)}... (20000 chars)`);
  });

  it('keeps a member named __proto__ as a member', () => {
    const summary = summarizeInput(JSON.parse('{"__proto__":{"a":1}}') as Record<string, unknown>);
    expect(Object.hasOwn(summary, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(summary)).toBe(Object.prototype);
  });

  it('stays small for a million empty strings, long numbers, or a deeply nested input', () => {
    expect(
      sizeOf(
        summarizeInput({ list: Array.from({ length: 1_000_000 }, () => -1.234567890123456e-300) }),
      ),
    ).toBeLessThan(4 * INPUT_SUMMARY_BUDGET);
    expect(
      sizeOf(summarizeInput({ list: Array.from({ length: 1_000_000 }, () => '') })),
    ).toBeLessThan(4 * INPUT_SUMMARY_BUDGET);
    let nested: Record<string, unknown> = { leaf: 1 };
    for (let depth = 0; depth < 10_000; depth += 1) nested = { nested };
    expect(sizeOf(summarizeInput(nested))).toBeLessThan(200);
  });

  it('is bounded whatever the input', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (input) => {
        expect(sizeOf(summarizeInput(input))).toBeLessThanOrEqual(8 * INPUT_SUMMARY_BUDGET);
      }),
    );
  });

  it('is what the log hands out, never the input received', () => {
    const log = createRequestLog();
    const huge = 'v'.repeat(2_000_000);
    log.record(entry({ RecordPatches: [{ Op: 'replace', Key: 'k', Value: huge, SyncCount: 0 }] }));

    const [kept] = log.entries();
    expect(sizeOf(kept?.input)).toBeLessThan(100);
  });
});

describe('the calls in flight', () => {
  it('lists a call from begin until it ends, as it is at the time of asking', () => {
    const log = createRequestLog();
    const call = {
      service: 'personalize' as const,
      operation: 'Unknown',
      clientRequestId: 'req-1',
      startedAt: 5,
    };
    const end = log.begin(call);
    expect(log.inFlight()).toEqual([call]);
    call.operation = 'ListDatasets';
    expect(log.inFlight({ operation: 'ListDatasets' })).toEqual([call]);
    expect(log.inFlight({ service: 'cognito-sync' })).toEqual([]);
    // Clearing the log forgets answered calls, not the ones still being served.
    log.clear();
    expect(log.inFlight()).toHaveLength(1);
    end();
    expect(log.inFlight()).toEqual([]);
    expect(log.entries()).toEqual([]);
  });
});

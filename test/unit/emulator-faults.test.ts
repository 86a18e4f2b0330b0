import { describe, expect, it } from 'vitest';
import { createFaultInjector, parseFaultRules } from '../../src/emulator/faults.js';
import { readTokenPage, takePage } from '../../src/emulator/paging.js';
import { mulberry32 } from '../../src/emulator/random.js';
import { createTokenCodec } from '../../src/emulator/tokens.js';
import { ServiceError } from '../../src/emulator/index.js';

function outcomes(
  injector: ReturnType<typeof createFaultInjector>,
  calls: number,
): (string | undefined)[] {
  return Array.from(
    { length: calls },
    () => injector.decide('personalize', 'ListDatasets').outcome,
  );
}

describe('fault injection', () => {
  it('injects nothing without rules', () => {
    expect(createFaultInjector().decide('cognito-sync', 'ListDatasets')).toEqual({
      latencyMs: 0,
      outcome: undefined,
      emptyPage: false,
    });
  });

  it('makes the same decisions for the same seed and rules', () => {
    const rules = [{ throttleRate: 0.3, errorRate: 0.2 }];
    expect(outcomes(createFaultInjector(rules, 42), 200)).toEqual(
      outcomes(createFaultInjector(rules, 42), 200),
    );
  });

  it('makes different decisions for a different seed', () => {
    const rules = [{ throttleRate: 0.5 }];
    expect(outcomes(createFaultInjector(rules, 1), 100)).not.toEqual(
      outcomes(createFaultInjector(rules, 2), 100),
    );
  });

  it('throttles and fails at close to the configured rates', () => {
    const all = outcomes(createFaultInjector([{ throttleRate: 0.25, errorRate: 0.1 }], 7), 10_000);
    const throttled = all.filter((outcome) => outcome === 'throttle').length / all.length;
    const failed = all.filter((outcome) => outcome === 'error').length / all.length;
    expect(throttled).toBeGreaterThan(0.22);
    expect(throttled).toBeLessThan(0.28);
    expect(failed).toBeGreaterThan(0.08);
    expect(failed).toBeLessThan(0.12);
  });

  it('always throttles at rate 1 and never at rate 0', () => {
    expect(new Set(outcomes(createFaultInjector([{ throttleRate: 1 }]), 50))).toEqual(
      new Set(['throttle']),
    );
    expect(new Set(outcomes(createFaultInjector([{ throttleRate: 0, latencyMs: 5 }]), 50))).toEqual(
      new Set([undefined]),
    );
  });

  it('applies the first rule that matches the service and operation', () => {
    const injector = createFaultInjector([
      { service: 'personalize', operation: 'ListDatasets', latencyMs: 10 },
      { service: 'personalize', errorRate: 1 },
      { latencyMs: 30 },
    ]);
    expect(injector.decide('personalize', 'ListDatasets')).toEqual({
      latencyMs: 10,
      outcome: undefined,
      emptyPage: false,
    });
    expect(injector.decide('personalize', 'DescribeDataset')).toEqual({
      latencyMs: 0,
      outcome: 'error',
      emptyPage: false,
    });
    expect(injector.decide('cognito-sync', 'ListDatasets')).toEqual({
      latencyMs: 30,
      outcome: undefined,
      emptyPage: false,
    });
  });

  it('changes behaviour when rules are replaced or cleared at run time', () => {
    const injector = createFaultInjector();
    injector.set([{ service: 'cognito-sync', throttleRate: 1 }]);
    expect(injector.decide('cognito-sync', 'ListRecords').outcome).toBe('throttle');
    injector.clear();
    expect(injector.decide('cognito-sync', 'ListRecords').outcome).toBeUndefined();
  });

  it('rejects rules with impossible rates, unknown services or unknown fields, naming the problem', () => {
    expect(() => parseFaultRules([{ throttleRate: 1.5 }])).toThrow(/throttleRate/);
    expect(() => parseFaultRules([{ throttleRate: 0.6, errorRate: 0.6 }])).toThrow(
      /must not exceed 1/,
    );
    expect(() => parseFaultRules([{ service: 's3' }])).toThrow(/service/);
    expect(() => parseFaultRules([{ latency: 5 }])).toThrow(/latency/);
    expect(() => parseFaultRules([{ latencyMs: -1 }])).toThrow(/latencyMs/);
    expect(() => parseFaultRules([{ emptyPageRate: 1.01 }])).toThrow(/emptyPageRate/);
    expect(() => {
      createFaultInjector().set([{ errorRate: -0.1 }]);
    }).toThrow(/errorRate/);
  });
});

describe('empty-page faults', () => {
  function emptyPages(injector: ReturnType<typeof createFaultInjector>, calls: number): boolean[] {
    return Array.from(
      { length: calls },
      () => injector.decide('cognito-sync', 'ListDatasets').emptyPage,
    );
  }

  it('fire at the configured rate, the same calls for the same seed', () => {
    const rules = [{ emptyPageRate: 0.3 }];
    const all = emptyPages(createFaultInjector(rules, 9), 10_000);
    expect(all).toEqual(emptyPages(createFaultInjector(rules, 9), 10_000));
    expect(all.filter(Boolean).length / all.length).toBeCloseTo(0.3, 1);
    expect(emptyPages(createFaultInjector([{ emptyPageRate: 0 }]), 50)).not.toContain(true);
    expect(emptyPages(createFaultInjector([{ emptyPageRate: 1 }]), 50)).not.toContain(false);
  });

  it('never fire on a call that is throttled or failed instead', () => {
    const injector = createFaultInjector([{ throttleRate: 0.5, emptyPageRate: 1 }], 3);
    const decisions = Array.from({ length: 200 }, () =>
      injector.decide('personalize', 'ListDatasets'),
    );
    expect(decisions.filter((d) => d.outcome === undefined).every((d) => d.emptyPage)).toBe(true);
    expect(decisions.filter((d) => d.outcome !== undefined).some((d) => d.emptyPage)).toBe(false);
  });

  it('leave the throttling sequence of a rule unchanged when its rate is 0', () => {
    const plain = outcomes(createFaultInjector([{ throttleRate: 0.4 }], 5), 100);
    expect(
      outcomes(createFaultInjector([{ throttleRate: 0.4, emptyPageRate: 0 }], 5), 100),
    ).toEqual(plain);
  });
});

describe('a list page with an empty-page fault', () => {
  const tokens = createTokenCodec({ ttlMs: 60_000, now: () => new Date(0) });
  const invalid = (): ServiceError => new ServiceError('InvalidNextTokenException', 400, 'bad');

  function read(
    listing: readonly string[],
    token: string | undefined,
    empty: boolean,
  ): ReturnType<typeof readTokenPage<string>> {
    let applied = 0;
    const page = readTokenPage(
      tokens,
      'letters',
      token,
      (start) => takePage(listing, (item) => item, start, 2),
      invalid,
      empty ? { applied: () => (applied += 1) } : undefined,
    );
    // The fault is logged exactly when it emptied a page that would have held items.
    expect(applied).toBe(empty && page.items.length === 0 && page.nextToken !== undefined ? 1 : 0);
    return page;
  }

  const letters = ['a', 'b', 'c', 'd', 'e'];

  it('holds no items and a token that resumes where the call started', () => {
    const first = read(letters, undefined, true);
    expect(first.items).toEqual([]);
    const resumed = read(letters, first.nextToken, false);
    expect(resumed.items).toEqual(['a', 'b']);
    const again = read(letters, resumed.nextToken, true);
    expect(again.items).toEqual([]);
    expect(read(letters, again.nextToken, false).items).toEqual(['c', 'd']);
  });

  it('still leads to the last page, which ends the walk', () => {
    const last = read(letters, read(letters, undefined, false).nextToken, false).nextToken;
    const emptied = read(letters, last, true);
    expect(emptied.items).toEqual([]);
    expect(read(letters, emptied.nextToken, false)).toEqual({ items: ['e'], nextToken: undefined });
  });

  it('is not injected where no items remain: an empty listing answers no token', () => {
    expect(read([], undefined, true)).toEqual({ items: [], nextToken: undefined });
  });
});

describe('the fault generator', () => {
  it('yields repeatable numbers in [0, 1)', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    for (let i = 0; i < 1000; i += 1) {
      const value = a();
      expect(value).toBe(b());
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});

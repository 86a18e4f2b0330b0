import { describe, expect, it } from 'vitest';
import { createFaultInjector, parseFaultRules } from '../../src/emulator/faults.js';
import { mulberry32 } from '../../src/emulator/random.js';

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
    });
    expect(injector.decide('personalize', 'DescribeDataset')).toEqual({
      latencyMs: 0,
      outcome: 'error',
    });
    expect(injector.decide('cognito-sync', 'ListDatasets')).toEqual({
      latencyMs: 30,
      outcome: undefined,
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
    expect(() => {
      createFaultInjector().set([{ errorRate: -0.1 }]);
    }).toThrow(/errorRate/);
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

// The estimates remembered per document, operation name and variables (src/limits/estimate-cache.ts):
// a repeated operation is estimated once, anything that can change the estimate is estimated again.
import { buildSchema, parse, type ExecutionArgs } from 'graphql';
import { describe, expect, it } from 'vitest';

import { memoizedEstimate } from '../../src/limits/estimate-cache.js';

const schema = buildSchema('type Query { a(n: Int): Int }');
const DOCUMENT = parse('query One($n: Int) { a(n: $n) } query Two { a }');

function counting(answer: (args: ExecutionArgs) => number | undefined) {
  const seen: ExecutionArgs[] = [];
  const estimate = memoizedEstimate((args) => {
    seen.push(args);
    return answer(args);
  });
  return { estimate, seen };
}

const argsOf = (overrides: Partial<ExecutionArgs> = {}): ExecutionArgs => ({
  schema,
  document: DOCUMENT,
  operationName: 'One',
  variableValues: { n: 1 },
  ...overrides,
});

describe('memoizedEstimate', () => {
  it('estimates a repeated operation once, answering the first estimate', () => {
    const { estimate, seen } = counting((args) => Number(args.variableValues?.['n']) * 10);
    expect(estimate(argsOf())).toBe(10);
    expect(estimate(argsOf({ variableValues: { n: 1 } }))).toBe(10);
    expect(seen).toHaveLength(1);
  });

  it('estimates again for other variables, another operation or another document', () => {
    const { estimate, seen } = counting((args) => Number(args.variableValues?.['n'] ?? 0));
    expect(estimate(argsOf())).toBe(1);
    expect(estimate(argsOf({ variableValues: { n: 2 } }))).toBe(2);
    expect(estimate(argsOf({ operationName: 'Two', variableValues: {} }))).toBe(0);
    // The same text parsed again is another document: it is not assumed to be the same one.
    expect(estimate(argsOf({ document: parse('query One($n: Int) { a(n: $n) }') }))).toBe(1);
    expect(seen).toHaveLength(4);
  });

  it('writes the variables of one execution once, for every estimate of it', () => {
    let written = 0;
    const variables = {
      n: 1,
      toJSON() {
        written += 1;
        return { n: 1 };
      },
    };
    const args = argsOf({ variableValues: variables });
    const cost = counting(() => 3);
    const calls = counting(() => 4);
    expect(cost.estimate(args)).toBe(3);
    expect(calls.estimate(args)).toBe(4);
    expect(written).toBe(1);
    // Another execution of the same operation is keyed again, and finds both estimates.
    expect(cost.estimate(argsOf({ variableValues: variables }))).toBe(3);
    expect(written).toBe(2);
    expect(cost.seen).toHaveLength(1);
  });

  it('remembers that an operation cannot be estimated', () => {
    const { estimate, seen } = counting(() => undefined);
    expect(estimate(argsOf())).toBeUndefined();
    expect(estimate(argsOf())).toBeUndefined();
    expect(seen).toHaveLength(1);
  });

  it('does not remember operations with very large variables', () => {
    const { estimate, seen } = counting(() => 5);
    const large = { n: 1, pad: 'x'.repeat(10_000) };
    expect(estimate(argsOf({ variableValues: large }))).toBe(5);
    expect(estimate(argsOf({ variableValues: large }))).toBe(5);
    expect(seen).toHaveLength(2);
  });

  it('estimates variables too deeply nested to write as JSON, without remembering them', () => {
    const { estimate, seen } = counting(() => 7);
    let deep: Record<string, unknown> = { a: 1 };
    for (let i = 0; i < 100_000; i += 1) deep = { a: deep };
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(estimate(argsOf({ variableValues: deep }))).toBe(7);
    expect(estimate(argsOf({ variableValues: deep }))).toBe(7);
    expect(seen).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';

import { parseRateLimitRules } from '../../src/upstream-rate-limit.js';

const SERVICES = ['cognito-sync', 'personalize', 'cognito-identity'];

describe('GATEWAY_UPSTREAM_RATE_LIMITS', () => {
  it('reads service and service:Operation budgets', () => {
    expect(
      parseRateLimitRules(
        ' personalize=10, cognito-sync=20,personalize:ListDatasets=2.5 ',
        SERVICES,
      ),
    ).toEqual([
      { service: 'personalize', operation: undefined, callsPerSecond: 10 },
      { service: 'cognito-sync', operation: undefined, callsPerSecond: 20 },
      { service: 'personalize', operation: 'ListDatasets', callsPerSecond: 2.5 },
    ]);
    expect(parseRateLimitRules('', SERVICES)).toEqual([]);
  });

  it.each([
    ['personalize', /is not service/],
    ['personalize=0', /is not service/],
    ['personalize=-1', /is not service/],
    ['personalize=ten', /is not service/],
    ['s3=10', /names no upstream service/],
  ])('refuses %s', (text, message) => {
    expect(() => parseRateLimitRules(text, SERVICES)).toThrow(message);
  });
});

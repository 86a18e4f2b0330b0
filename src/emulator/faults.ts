// Fault injection: added latency, throttling, 5xx errors and empty pages, decided by a seeded
// generator so a run with the same rules, seed and request order injects the same faults.
import { z } from 'zod';
import type { FaultRule, ServiceName } from './contract.js';
import { mulberry32 } from './random.js';

export const faultRuleSchema = z
  .strictObject({
    service: z.enum(['cognito-sync', 'personalize', 'cognito-identity']).optional(),
    operation: z.string().min(1).optional(),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    throttleRate: z.number().min(0).max(1).optional(),
    errorRate: z.number().min(0).max(1).optional(),
    emptyPageRate: z.number().min(0).max(1).optional(),
  })
  .refine((rule) => (rule.throttleRate ?? 0) + (rule.errorRate ?? 0) <= 1, {
    message: 'throttleRate + errorRate must not exceed 1',
  });

export const faultRulesSchema = z.array(faultRuleSchema);

/** Validates rules from an untrusted source (CLI, admin); throws an error naming the bad rule. */
export function parseFaultRules(value: unknown): FaultRule[] {
  const result = faultRulesSchema.safeParse(value);
  if (!result.success) {
    throw new Error(`Invalid fault rules: ${z.prettifyError(result.error)}`);
  }
  return result.data.map(stripUndefined);
}

export type FaultOutcome = 'throttle' | 'error';

export interface FaultDecision {
  readonly latencyMs: number;
  readonly outcome: FaultOutcome | undefined;
  /** The call, if it lists, answers an empty page with a token (see FaultRule.emptyPageRate). */
  readonly emptyPage: boolean;
}

export interface FaultInjector {
  decide(service: ServiceName, operation: string): FaultDecision;
  set(rules: readonly FaultRule[]): void;
  clear(): void;
  rules(): readonly FaultRule[];
}

const NO_FAULT: FaultDecision = { latencyMs: 0, outcome: undefined, emptyPage: false };

export function createFaultInjector(initial: readonly FaultRule[] = [], seed = 1): FaultInjector {
  const random = mulberry32(seed);
  let rules = parseFaultRules(initial);
  return {
    decide(service, operation) {
      const rule = rules.find(
        (candidate) =>
          (candidate.service === undefined || candidate.service === service) &&
          (candidate.operation === undefined || candidate.operation === operation),
      );
      if (rule === undefined) return NO_FAULT;
      const throttleRate = rule.throttleRate ?? 0;
      const errorRate = rule.errorRate ?? 0;
      let outcome: FaultOutcome | undefined;
      // One draw per matching call: throttled with probability throttleRate, failed with
      // probability errorRate, exactly as configured.
      if (throttleRate + errorRate > 0) {
        const draw = random();
        if (draw < throttleRate) outcome = 'throttle';
        else if (draw < throttleRate + errorRate) outcome = 'error';
      }
      // A second draw, only for calls that are answered and only when the rule asks for empty
      // pages, so adding the rate leaves the throttle and error sequence of other rules unchanged.
      const emptyPageRate = rule.emptyPageRate ?? 0;
      const emptyPage = outcome === undefined && emptyPageRate > 0 && random() < emptyPageRate;
      return { latencyMs: rule.latencyMs ?? 0, outcome, emptyPage };
    },
    set(next) {
      rules = parseFaultRules(next);
    },
    clear() {
      rules = [];
    },
    rules() {
      return rules;
    },
  };
}

function stripUndefined(rule: z.infer<typeof faultRuleSchema>): FaultRule {
  return Object.fromEntries(Object.entries(rule).filter(([, value]) => value !== undefined));
}

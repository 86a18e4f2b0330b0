// Every request the emulator answered, for tests and the bench to count upstream calls.
// Counts are exact however long the emulator runs; only the newest `retain` entries are kept
// in full, so a long benchmark does not grow memory without bound.
import type { RequestLog, RequestLogEntry, RequestLogFilter, ServiceName } from './types.js';

export interface OperationSummary {
  readonly service: ServiceName | 'unknown';
  readonly operation: string;
  readonly count: number;
  readonly served: number;
  readonly aborted: number;
  readonly faults: Readonly<Record<string, number>>;
  readonly errors: Readonly<Record<string, number>>;
}

export interface RequestLogSummary {
  readonly count: number;
  readonly served: number;
  readonly operations: readonly OperationSummary[];
}

export interface RecordingRequestLog extends RequestLog {
  record(entry: RequestLogEntry): void;
  summary(): RequestLogSummary;
}

interface Counter {
  service: ServiceName | 'unknown';
  operation: string;
  count: number;
  served: number;
  aborted: number;
  faults: Record<string, number>;
  errors: Record<string, number>;
}

export const DEFAULT_RETAINED_ENTRIES = 10_000;

export function createRequestLog(retain = DEFAULT_RETAINED_ENTRIES): RecordingRequestLog {
  let kept: RequestLogEntry[] = [];
  const counters = new Map<string, Counter>();

  const matches = (filter: RequestLogFilter, service: string, operation: string): boolean =>
    (filter.service === undefined || filter.service === service) &&
    (filter.operation === undefined || filter.operation === operation);

  return {
    record(entry) {
      kept.push(entry);
      if (kept.length > retain * 2) kept = kept.slice(-retain);
      const id = `${entry.service} ${entry.operation}`;
      let counter = counters.get(id);
      if (counter === undefined) {
        counter = {
          service: entry.service,
          operation: entry.operation,
          count: 0,
          served: 0,
          aborted: 0,
          faults: {},
          errors: {},
        };
        counters.set(id, counter);
      }
      counter.count += 1;
      if (entry.served) counter.served += 1;
      if (entry.aborted) counter.aborted += 1;
      if (entry.fault !== undefined)
        counter.faults[entry.fault] = (counter.faults[entry.fault] ?? 0) + 1;
      if (entry.errorCode !== undefined) {
        counter.errors[entry.errorCode] = (counter.errors[entry.errorCode] ?? 0) + 1;
      }
    },
    entries(filter = {}) {
      const recent = kept.length > retain ? kept.slice(-retain) : kept;
      return recent.filter(
        (entry) =>
          matches(filter, entry.service, entry.operation) &&
          (filter.servedOnly !== true || entry.served),
      );
    },
    count(filter = {}) {
      let total = 0;
      for (const counter of counters.values()) {
        if (matches(filter, counter.service, counter.operation)) {
          total += filter.servedOnly === true ? counter.served : counter.count;
        }
      }
      return total;
    },
    clear() {
      kept = [];
      counters.clear();
    },
    summary() {
      const operations = [...counters.values()].map((counter) => ({
        ...counter,
        faults: { ...counter.faults },
        errors: { ...counter.errors },
      }));
      return {
        count: operations.reduce((sum, op) => sum + op.count, 0),
        served: operations.reduce((sum, op) => sum + op.served, 0),
        operations,
      };
    },
  };
}

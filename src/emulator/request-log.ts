// Every request the emulator answered, for tests and the bench to count upstream calls.
// Counts are exact however long the emulator runs, but memory stays bounded: only the newest
// `retain` entries are kept (up to twice as many between two trims), and each keeps a summary of
// its input of at most about INPUT_SUMMARY_BUDGET characters, never the input itself (an
// UpdateRecords body alone may be 2 MB).
import type {
  InFlightCall,
  RequestLog,
  RequestLogEntry,
  RequestLogFilter,
  ServiceName,
} from './contract.js';

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
  /**
   * Counts a call as in flight until the returned function is called. `call` is read at every
   * `inFlight()`, so its operation may be filled in once decoded.
   */
  begin(call: InFlightCall): () => void;
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

/** Characters (of strings, names and scalars as text) an input summary keeps in all. */
export const INPUT_SUMMARY_BUDGET = 2048;
/** Longer strings are cut to this many characters, with a note of their full length. */
const MAX_STRING = 256;
/** Lists and structures nested deeper than this are replaced by a note. */
const MAX_DEPTH = 4;

/** What a login token becomes in a log entry: the tokens are credentials. */
export const REDACTED = '[redacted]';

/**
 * What a log entry keeps of an input: member names, small scalars, strings cut to MAX_STRING, no
 * record values (RecordPatches members named Value are dropped) and no login tokens (the values of
 * a Logins map are REDACTED), within INPUT_SUMMARY_BUDGET.
 */
export function summarizeInput(
  input: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  const budget = { left: INPUT_SUMMARY_BUDGET };
  return summarizeMembers(input, budget, 1, false);
}

interface Budget {
  left: number;
}

function summarize(value: unknown, budget: Budget, depth: number, inPatches: boolean): unknown {
  if (typeof value === 'string') return cut(value, budget);
  if (typeof value !== 'object' || value === null) {
    budget.left -= String(value).length;
    return value;
  }
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[list]' : '[structure]';
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value as readonly unknown[]) {
      if (budget.left <= 0) {
        items.push(`... ${value.length - items.length} more`);
        break;
      }
      budget.left -= 1;
      items.push(summarize(item, budget, depth + 1, inPatches));
    }
    return items;
  }
  return summarizeMembers(value as Readonly<Record<string, unknown>>, budget, depth + 1, inPatches);
}

function summarizeMembers(
  members: Readonly<Record<string, unknown>>,
  budget: Budget,
  depth: number,
  inPatches: boolean,
): Record<string, unknown> {
  const entries: [string, unknown][] = [];
  for (const [name, value] of Object.entries(members)) {
    if (inPatches && name === 'Value') continue;
    if (budget.left <= 0) {
      entries.push(['...', 'more members']);
      break;
    }
    const key = cut(name, budget);
    const kept = name === 'Logins' ? redactLogins(value) : value;
    entries.push([key, summarize(kept, budget, depth, inPatches || name === 'RecordPatches')]);
  }
  // fromEntries defines own properties, so a member named __proto__ stays a plain member.
  return Object.fromEntries(entries);
}

function redactLogins(logins: unknown): unknown {
  if (typeof logins !== 'object' || logins === null) return REDACTED;
  if (Array.isArray(logins)) return logins.map(() => REDACTED);
  return Object.fromEntries(Object.keys(logins).map((provider) => [provider, REDACTED]));
}

function cut(text: string, budget: Budget): string {
  const kept =
    text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}... (${text.length} chars)` : text;
  budget.left -= Math.max(kept.length, 1);
  return kept;
}

export function createRequestLog(retain = DEFAULT_RETAINED_ENTRIES): RecordingRequestLog {
  let kept: RequestLogEntry[] = [];
  const counters = new Map<string, Counter>();
  const inFlight = new Set<InFlightCall>();

  const matches = (filter: RequestLogFilter, service: string, operation: string): boolean =>
    (filter.service === undefined || filter.service === service) &&
    (filter.operation === undefined || filter.operation === operation);

  return {
    begin(call) {
      inFlight.add(call);
      return () => {
        inFlight.delete(call);
      };
    },
    inFlight(filter = {}) {
      return [...inFlight]
        .filter((call) => matches(filter, call.service, call.operation))
        .map((call) => ({
          service: call.service,
          operation: call.operation,
          clientRequestId: call.clientRequestId,
          startedAt: call.startedAt,
        }));
    },
    record(entry) {
      kept.push({ ...entry, input: summarizeInput(entry.input) });
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

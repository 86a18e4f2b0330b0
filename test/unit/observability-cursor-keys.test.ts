// How operators notice cursor secrets that disagree: the rate limiter behind the warning (on an
// injected clock), and the watch that counts, logs and publishes cursor key ids.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

import {
  UNKNOWN_CURSOR_KEY_LOG_INTERVAL_MS,
  UNKNOWN_CURSOR_KEY_MESSAGE,
  createCursorKeyWatch,
} from '../../src/observability/cursor-keys.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { rateLimited } from '../../src/observability/rate-limit.js';

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('rateLimited', () => {
  it('emits the first event at once, then at most once per interval, saying how many it left out', () => {
    const time = clock();
    const emitted: [string, number][] = [];
    const event = rateLimited<string>({ intervalMs: 1000, now: time.now }, (e, suppressed) =>
      emitted.push([e, suppressed]),
    );
    event('a');
    event('b');
    event('c');
    time.advance(999);
    event('d');
    expect(emitted).toEqual([['a', 0]]);
    time.advance(1);
    event('e');
    event('f');
    time.advance(5000);
    event('g');
    expect(emitted).toEqual([
      ['a', 0],
      ['e', 3],
      ['g', 1],
    ]);
  });
});

const OWN = { issuing: 'aaaaaaaa', accepted: ['aaaaaaaa', 'bbbbbbbb'] };

function watched() {
  const time = clock();
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const metrics = createMetrics();
  const watch = createCursorKeyWatch({ logger, metrics: metrics.cursorKeys, now: time.now });
  return { time, lines, metrics, watch };
}

describe('the cursor key watch', () => {
  it('counts every cursor under an unknown key, by key id, and warns once a minute', async () => {
    const { time, lines, metrics, watch } = watched();
    for (let i = 0; i < 120; i += 1) {
      watch.unknownKey({ keyId: i % 2 === 0 ? 'cccccccc' : 'dddddddd', own: OWN });
      time.advance(1000);
    }
    const text = await metrics.registry.metrics();
    expect(text).toContain('gateway_cursor_unknown_key_total{key_id="cccccccc"} 60');
    expect(text).toContain('gateway_cursor_unknown_key_total{key_id="dddddddd"} 60');
    // 120 events one second apart: lines at 0 s and 60 s, the second saying 59 were left out.
    expect(lines.map((line) => [line['msg'], line['suppressed']])).toEqual([
      [UNKNOWN_CURSOR_KEY_MESSAGE, 0],
      [UNKNOWN_CURSOR_KEY_MESSAGE, UNKNOWN_CURSOR_KEY_LOG_INTERVAL_MS / 1000 - 1],
    ]);
    expect(lines[0]).toMatchObject({
      level: 40,
      cursorKeyId: 'cccccccc',
      issuingKeyId: 'aaaaaaaa',
      acceptedKeyIds: ['aaaaaaaa', 'bbbbbbbb'],
    });
  });

  it('publishes the key ids the replica issues and accepts', async () => {
    const { metrics, watch } = watched();
    watch.describe(OWN);
    const text = await metrics.registry.metrics();
    expect(text).toContain('gateway_cursor_keys{key_id="aaaaaaaa",use="issue"} 1');
    expect(text).toContain('gateway_cursor_keys{key_id="aaaaaaaa",use="accept"} 1');
    expect(text).toContain('gateway_cursor_keys{key_id="bbbbbbbb",use="accept"} 1');
    expect(text).not.toContain('gateway_cursor_keys{key_id="bbbbbbbb",use="issue"}');
  });

  it('still warns when metrics are off', () => {
    const lines: unknown[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const watch = createCursorKeyWatch({ logger, metrics: undefined });
    watch.describe(OWN);
    watch.unknownKey({ keyId: 'cccccccc', own: OWN });
    expect(lines).toHaveLength(1);
  });
});

// bench/profile-groups.ts: a V8 CPU profile's self time, grouped as the README's profile tables
// and bench/profile-pair.ts read it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { groupTimes } from '../../bench/profile-groups.js';

const dir = mkdtempSync(join(tmpdir(), 'profile-groups-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function profile(frames: readonly { functionName: string; url: string; us: number }[]): string {
  const file = join(dir, `${String(Math.random()).slice(2)}.cpuprofile`);
  const nodes = frames.map((frame, i) => ({
    id: i + 1,
    callFrame: { functionName: frame.functionName, url: frame.url },
  }));
  // One sample per frame, each lasting that frame's time.
  writeFileSync(
    file,
    JSON.stringify({
      nodes,
      samples: nodes.map((node) => node.id),
      timeDeltas: frames.map((frame) => frame.us),
    }),
  );
  return file;
}

describe('groupTimes', () => {
  it('groups self time by package and project folder, without idle time or module loading', () => {
    const { busy, startupUs } = groupTimes(
      profile([
        {
          functionName: 'send',
          url: 'file:///app/node_modules/@smithy/core/dist/index.js',
          us: 40,
        },
        { functionName: 'parse', url: 'file:///app/node_modules/@aws-sdk/core/index.js', us: 2 },
        { functionName: 'run', url: 'file:///app/node_modules/graphql-yoga/esm/server.js', us: 7 },
        { functionName: 'paginate', url: 'file:///app/dist/resolvers/paginate.js', us: 5 },
        { functionName: 'seal', url: 'file:///app/dist/resolvers/cursor.js', us: 3 },
        { functionName: 'context', url: 'file:///app/dist/src/context.js', us: 4 },
        { functionName: '(garbage collector)', url: '', us: 6 },
        { functionName: '(idle)', url: '', us: 1000 },
        { functionName: 'compileFunction', url: '', us: 300 },
        { functionName: 'load', url: 'node:internal/modules/esm/loader', us: 200 },
      ]),
    );
    expect(Object.fromEntries(busy)).toEqual({
      'AWS SDK (@smithy, @aws-sdk)': 42,
      'yoga request pipeline (graphql-yoga, @whatwg-node, @envelop)': 7,
      'gateway: resolvers/': 5,
      'gateway: cursors (resolvers/cursor*, window-cursors)': 3,
      'gateway: src/': 4,
      '(garbage collector)': 6,
    });
    expect(startupUs).toBe(500);
  });
});

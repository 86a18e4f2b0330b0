// A short, bounded soak: scripts/soak.ts (`npm run soak`) in its own process, so the heap it
// measures holds the gateway and the emulator only, not the test runner.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function runSoak(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'scripts/soak.ts'], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      resolve({ code, output });
    });
  });
}

it('keeps the heap within 16 MB of its post-warm-up size over 30 s of mixed load, without a failed operation', async () => {
  const { code, output } = await runSoak({
    SOAK_SECONDS: '30',
    SOAK_WARMUP_SECONDS: '10',
    SOAK_ROUND_SECONDS: '3',
    SOAK_MAX_HEAP_GROWTH_MB: '16',
  });

  expect(code, output).toBe(0);
  expect(output).toMatch(/failed: 0\b/);
  expect(output).toMatch(/heap growth over the last \d+ s: -?\d+\.\d MB/);
  expect(output).toContain('soak: passed');
});

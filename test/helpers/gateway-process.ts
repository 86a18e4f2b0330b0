// Gateway replicas as separate processes (`node --import tsx src/main.ts`), the way a fleet runs
// them: nothing shared but what goes over the network (the emulator, Redis).
import type { RunningEmulator } from '../../src/emulator/index.js';
import { cleanEnvironment, freePort, startShell, type Shell } from './readme.js';

export interface GatewayProcess {
  readonly url: string;
  readonly shell: Shell;
  stop(): Promise<void>;
}

// The same on every replica: a cursor minted by one is read by another.
const FLEET_CURSOR_SECRET = 'replica-process-test-cursor-secret-0123456789abcdef';

/** The settings of a replica against `emulator` (real-AWS mode, the emulator as the endpoint). */
export function replicaEnv(emulator: RunningEmulator): Record<string, string> {
  return {
    GATEWAY_DEMO: 'false',
    AWS_ENDPOINT_URL: emulator.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
    GATEWAY_CURSOR_SECRET: FLEET_CURSOR_SECRET,
    GATEWAY_AUTH_MODE: 'none',
    GATEWAY_SHUTDOWN_DRAIN_MS: '0',
    HOST: '127.0.0.1',
  };
}

export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort();
  const shell = startShell('exec node --import tsx src/main.ts', {
    ...cleanEnvironment(),
    ...env,
    PORT: String(port),
    // Info level until it listens: the line with the URL is how the test knows it is up.
    LOG_LEVEL: 'info',
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  await shell.waitFor(`127.0.0.1:${port}/graphql`);
  return { url, shell, stop: () => shell.kill() };
}

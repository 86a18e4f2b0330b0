// The deployment recipes in deploy/ can't be applied here (no cluster, no container daemon), so
// what can be checked is: Kubernetes objects valid against the API's schemas, every setting they
// give a real gateway setting that loads, and the shutdown timeouts lined up with each other.
import { readFileSync } from 'node:fs';

import { Deployment } from 'kubernetes-models/apps/v1';
import { ConfigMap, Service, ServiceAccount } from 'kubernetes-models/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

import { loadConfig } from '../../src/config/index.js';

const read = (path: string): string =>
  readFileSync(new URL(`../../deploy/${path}`, import.meta.url), 'utf8');

const SECRET = 'deploy-manifest-test-cursor-secret-0123456789';

describe('deploy/kubernetes/gateway.yaml', () => {
  const objects = parseAllDocuments(read('kubernetes/gateway.yaml')).map(
    (document) => document.toJSON() as { kind: string } & Record<string, unknown>,
  );
  const byKind = (kind: string) => objects.find((object) => object.kind === kind);
  const settings = (): Record<string, string> =>
    new ConfigMap(byKind('ConfigMap') as never).data ?? {};
  const MODELS = { ConfigMap, Deployment, Service, ServiceAccount, PodDisruptionBudget } as const;

  it('holds valid Kubernetes objects', () => {
    expect(objects.map((object) => object.kind).sort()).toEqual(Object.keys(MODELS).sort());
    for (const object of objects) {
      const Model = MODELS[object.kind as keyof typeof MODELS];
      expect(() => {
        new Model(object as never).validate();
      }, object.kind).not.toThrow();
    }
  });

  it('gives the gateway settings that load, the cursor secret from a Secret', () => {
    const config = loadConfig({ ...settings(), GATEWAY_CURSOR_SECRET: SECRET });
    expect(config.mode).toBe('aws');
    const deployment = new Deployment(byKind('Deployment') as never);
    const container = deployment.spec?.template.spec?.containers[0];
    expect(container?.env).toEqual([
      {
        name: 'GATEWAY_CURSOR_SECRET',
        valueFrom: { secretKeyRef: { name: 'dataset-gateway', key: 'cursor-secret' } },
      },
    ]);
  });

  it('probes /ready and /health and lets the shutdown finish inside the pod grace period', () => {
    const { resilience, upstream } = loadConfig({ ...settings(), GATEWAY_CURSOR_SECRET: SECRET });
    const spec = new Deployment(byKind('Deployment') as never).spec?.template.spec;
    const container = spec?.containers[0];
    expect(container?.readinessProbe?.httpGet?.path).toBe('/ready');
    expect(container?.livenessProbe?.httpGet?.path).toBe('/health');
    const preStop = container?.lifecycle?.preStop?.exec?.command ?? [];
    expect(preStop.slice(0, 1)).toEqual(['sleep']);
    const preStopMs = Number(preStop[1]) * 1000;
    // The ladder: one attempt < the request deadline <= the grace; preStop + drain + grace <
    // the pod's termination grace period.
    expect(upstream.timeoutMs).toBeLessThan(resilience.requestTimeoutMs);
    expect(resilience.requestTimeoutMs).toBeLessThanOrEqual(resilience.shutdownGraceMs);
    expect(preStopMs + resilience.shutdownDrainMs + resilience.shutdownGraceMs).toBeLessThan(
      (spec?.terminationGracePeriodSeconds ?? 30) * 1000,
    );
  });
});

describe('deploy/compose.yaml', () => {
  const compose = parse(read('compose.yaml')) as {
    services: Record<
      string,
      {
        environment?: Record<string, string>;
        deploy?: { replicas?: number };
        stop_grace_period?: string;
        depends_on?: string[];
        build?: string;
      }
    >;
  };
  const gateway = compose.services['gateway'];

  it('runs several gateway replicas with settings that load', () => {
    expect(gateway?.deploy?.replicas).toBeGreaterThan(1);
    const environment = Object.fromEntries(
      Object.entries(gateway?.environment ?? {}).map(([name, value]) => [
        name,
        // ${VAR:?message} is filled in by Compose from the operator's environment.
        value.startsWith('${') ? SECRET : value,
      ]),
    );
    expect(loadConfig(environment).mode).toBe('aws');
  });

  it('shares one Redis between the replicas: the cache and the fleet-wide rate limit', () => {
    const environment = { ...gateway?.environment, GATEWAY_CURSOR_SECRET: SECRET };
    const config = loadConfig(environment);
    expect(config.cache.mode).toBe('redis');
    expect(new URL(config.redis.url ?? '').hostname).toBe('redis');
    expect(Object.keys(compose.services)).toContain('redis');
    expect(gateway?.depends_on).toContain('redis');
    expect(config.upstream.upstreamRateLimits.length).toBeGreaterThan(0);
  });

  it('gives a replica time to drain and finish before Docker kills it', () => {
    const environment = gateway?.environment ?? {};
    const { resilience } = loadConfig({ ...environment, GATEWAY_CURSOR_SECRET: SECRET });
    const stopGraceS = Number(/^(\d+)s$/.exec(gateway?.stop_grace_period ?? '')?.[1]);
    expect(resilience.shutdownDrainMs + resilience.shutdownGraceMs).toBeLessThan(stopGraceS * 1000);
  });
});

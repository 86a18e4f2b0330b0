// The settings of the AWS side: demo or real AWS, region and endpoints, and how the gateway calls
// the services (page sizes, concurrency, retries, time limits).
import { z } from 'zod';

import { endpointUrl, fixed, flag, milliseconds, positiveInt, setting, unset } from '../table.js';

/** The region of the built-in emulator's demo data. */
export const DEMO_REGION = 'us-east-1';

/**
 * Variables the gateway does not read itself but the AWS SDK does: their presence, like that of
 * the AWS settings below, means "use real AWS" when GATEWAY_DEMO is unset.
 */
export const SDK_ONLY_SETTINGS: readonly string[] = ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID'];

export const MODE = {
  demo: setting({
    env: 'GATEWAY_DEMO',
    schema: flag,
    default: unset('auto'),
    description:
      'true: run against the built-in AWS emulator with demo data. false: use real AWS. Unset: demo mode when no AWS setting (AWS_REGION, AWS_DEFAULT_REGION, AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL*) is present. Set false explicitly where credentials come only from instance metadata.',
  }),
};

// An AWS region name (us-east-1, us-gov-west-1, ap-southeast-4): a typo would otherwise become an
// endpoint host that does not resolve, reported only as an unreachable upstream on every call.
const awsRegion = z
  .string()
  .regex(
    /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/,
    'must be an AWS region name such as us-east-1 or eu-central-1',
  );

/** Where the services are; the loader folds these into `aws.region` and `aws.endpoints`. */
export const AWS = {
  region: setting({
    env: 'AWS_REGION',
    schema: awsRegion,
    default: unset('AWS_DEFAULT_REGION, then the shared config profile'),
    description: 'AWS region of both services.',
  }),
  defaultRegion: setting({
    env: 'AWS_DEFAULT_REGION',
    schema: awsRegion,
    default: unset('(none)'),
    description: "The AWS CLI's name for AWS_REGION.",
    listed: false,
  }),
  endpoint: setting({
    env: 'AWS_ENDPOINT_URL',
    schema: endpointUrl,
    default: unset('the AWS endpoint'),
    description: 'Endpoint override for both services (e.g. a local emulator).',
  }),
  cognitoSync: setting({
    env: 'AWS_ENDPOINT_URL_COGNITO_SYNC',
    schema: endpointUrl,
    default: unset('AWS_ENDPOINT_URL'),
    description: 'Endpoint override for Cognito Sync.',
  }),
  personalize: setting({
    env: 'AWS_ENDPOINT_URL_PERSONALIZE',
    schema: endpointUrl,
    default: unset('AWS_ENDPOINT_URL'),
    description: 'Endpoint override for Personalize.',
  }),
};

/** Listed with the identity-mode settings, the only mode that calls Cognito Identity. */
export const IDENTITY_ENDPOINT = {
  cognitoIdentity: setting({
    env: 'AWS_ENDPOINT_URL_COGNITO_IDENTITY',
    schema: endpointUrl,
    default: unset('AWS_ENDPOINT_URL'),
    description: 'Endpoint override for Cognito Identity.',
  }),
};

export const UPSTREAM = {
  // The API maxima: Personalize caps maxResults at 100; Cognito Sync documents no maximum, and
  // 20 is the per-identity dataset quota, so one call returns a whole identity.
  cognitoSyncPageSize: setting({
    env: 'GATEWAY_COGNITO_PAGE_SIZE',
    schema: positiveInt(1_000),
    default: fixed(20),
    description: 'MaxResults sent to Cognito Sync ListDatasets.',
  }),
  personalizePageSize: setting({
    env: 'GATEWAY_PERSONALIZE_PAGE_SIZE',
    schema: positiveInt(100),
    default: fixed(100),
    description: 'maxResults sent to Personalize ListDatasets and ListDatasetGroups (1-100).',
  }),
  concurrency: setting({
    env: 'GATEWAY_UPSTREAM_CONCURRENCY',
    schema: positiveInt(256),
    default: fixed(8),
    description: 'Most upstream calls one GraphQL request runs at once.',
  }),
  maxAttempts: setting({
    env: 'GATEWAY_UPSTREAM_MAX_ATTEMPTS',
    schema: positiveInt(20),
    // Measured under 30% random throttling (npm run bench:throttling, docs/availability.md).
    default: fixed(7),
    description: 'AWS SDK attempts per upstream call, the first included.',
  }),
  retryMode: setting({
    env: 'GATEWAY_UPSTREAM_RETRY_MODE',
    schema: z.enum(['standard', 'adaptive']),
    default: fixed('standard' as const),
    description:
      "AWS SDK retry mode: standard (jittered backoff from 250 ms, doubling up to 4 s, within a retry budget per service) or adaptive (the SDK's own backoff plus client-side rate limiting that slows every call after throttling: for an account quota that stays exceeded).",
  }),
  // The timeout ladder (README › Deploy): attempt < request deadline <= grace < a router's
  // subgraph timeout (commonly 30 s) and Kubernetes' 30 s termination grace.
  timeoutMs: setting({
    env: 'GATEWAY_UPSTREAM_TIMEOUT_MS',
    schema: milliseconds,
    default: fixed(5_000),
    description: 'Time limit of one upstream attempt, in milliseconds.',
  }),
  connectTimeoutMs: setting({
    env: 'GATEWAY_UPSTREAM_CONNECT_TIMEOUT_MS',
    schema: milliseconds,
    default: fixed(3_000),
    description: 'Time limit for opening a connection to AWS, in milliseconds.',
  }),
};

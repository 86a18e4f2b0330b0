// Shared setup of the gateway-mode JWT unit tests: the demo pool and identities, and the claim
// settings (which claims name identities and scopes, and which scopes grant what).
export const POOL = 'us-east-1:0b6e2c1a-4f3d-4c8e-9a71-2d5e8f0c3b94';
export const ALICE = 'us-east-1:7d2a9c4e-1b8f-4e6a-93c5-0f7b2d8e4a19';
export const BOB = 'us-east-1:1f4e8a2b-6c3d-4b9e-a7f0-5d2c8e1b9a36';

export const SETTINGS = {
  identityClaim: 'identity_ids',
  scopeClaim: 'scope',
  adminScope: 'datasets:admin',
  personalizeScope: 'personalize:read',
} as const;

import { describe, expect, it } from 'vitest';
import { parseCredentialsFlag } from '../../src/emulator/credentials.js';

const IDENTITY = 'us-east-1:1111bbbb-0000-4000-8000-000000000001';
const POOL = 'us-east-1:2222cccc-0000-4000-8000-000000000002';

describe('the --credentials flag', () => {
  it('reads developer credentials as ACCESS_KEY_ID:SECRET', () => {
    expect(parseCredentialsFlag('AKID:secret')).toEqual({
      accessKeyId: 'AKID',
      secretAccessKey: 'secret',
    });
  });

  it('reads an identity id with its own colon after the secret', () => {
    expect(parseCredentialsFlag(`AKID:secret:${IDENTITY}`)).toEqual({
      accessKeyId: 'AKID',
      secretAccessKey: 'secret',
      identityId: IDENTITY,
    });
  });

  it('reads the identity pool after @, which no Cognito id contains', () => {
    expect(parseCredentialsFlag(`AKID:secret:${IDENTITY}@${POOL}`)).toEqual({
      accessKeyId: 'AKID',
      secretAccessKey: 'secret',
      identityId: IDENTITY,
      identityPoolId: POOL,
    });
  });

  it.each(['AKID', 'AKID:', ':secret', `AKID:secret:@${POOL}`, `AKID:secret:${IDENTITY}@`])(
    'refuses "%s", naming the expected form',
    (text) => {
      expect(() => parseCredentialsFlag(text)).toThrow(
        'ACCESS_KEY_ID:SECRET[:IDENTITY_ID[@IDENTITY_POOL_ID]]',
      );
    },
  );
});

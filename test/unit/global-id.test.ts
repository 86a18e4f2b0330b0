import { encodeGlobalID } from '@pothos/plugin-relay';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { GatewayError } from '../../resolvers/errors.js';
import { cognitoDatasetRawId, parseCognitoDatasetRawId } from '../../resolvers/cognito-sync.js';
import { decodeGlobalId, encodeGlobalId, MAX_GLOBAL_ID_LENGTH } from '../../resolvers/global-id.js';
import { parsePersonalizeRawId } from '../../resolvers/personalize/common.js';
import { datasetGroupArnFromDatasetArn } from '../../resolvers/personalize/datasets.js';
import { rejection as badInput } from '../helpers/errors.js';

/** The BAD_USER_INPUT error `run` throws for an id it cannot read. */
function rejection(run: () => unknown): GatewayError {
  const error = badInput(run);
  expect(error.message).toMatch(/^Invalid global id: /);
  return error;
}

const typename = fc.stringMatching(/^[A-Z_a-z]\w{0,30}$/);
const rawId = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 });
const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));
const cognitoId = fc
  .tuple(fc.constantFrom('us-east-1', 'eu-west-2', 'ap-south-1'), hex(8), hex(4), hex(12))
  .map(([region, a, b, c]) => `${region}:${a}-${b}-${c}`);
const datasetName = fc.stringMatching(/^[\w.:-]{1,128}$/);

describe('global ids', () => {
  it('spell ids exactly as the relay plugin does', () => {
    fc.assert(
      fc.property(typename, rawId, (type, id) => {
        expect(encodeGlobalId(type, id)).toBe(encodeGlobalID(type, id));
      }),
    );
  });

  it('give back the type name and raw id they encode, colons included', () => {
    fc.assert(
      fc.property(typename, rawId, (type, id) => {
        const encoded = encodeGlobalId(type, id);
        fc.pre(encoded.length <= MAX_GLOBAL_ID_LENGTH);
        expect(decodeGlobalId(encoded)).toEqual({ typename: type, id });
      }),
    );
  });

  it('reject every other spelling of the same bytes (only canonical base64)', () => {
    const id = encodeGlobalId('A', '~~~');
    expect(id).toMatch(/[+/]/);
    rejection(() => decodeGlobalId(id.replaceAll('+', '-').replaceAll('/', '_')));
    rejection(() => decodeGlobalId(encodeGlobalId('A', 'ab').replace(/=+$/, '')));
    rejection(() => decodeGlobalId(` ${id}`));
    rejection(() => decodeGlobalId(`${id}\n`));
  });

  it.each([
    ['an empty string', ''],
    ['text that is not base64', 'hello world'],
    ['no type name', Buffer.from(':abc').toString('base64')],
    ['no separator', Buffer.from('CognitoDataset').toString('base64')],
    ['an empty raw id', Buffer.from('CognitoDataset:').toString('base64')],
    ['a type name that is not a GraphQL name', Buffer.from('9Type:abc').toString('base64')],
    ['bytes that are not UTF-8', Buffer.from([0x41, 0x3a, 0xff, 0xfe]).toString('base64')],
    ['more characters than allowed', 'QUJD'.repeat(MAX_GLOBAL_ID_LENGTH)],
  ])('reject %s as BAD_USER_INPUT', (_what, id) => {
    rejection(() => decodeGlobalId(id));
  });

  it('never fail with anything but BAD_USER_INPUT, whatever a client sends', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (input) => {
        try {
          decodeGlobalId(input);
        } catch (error) {
          expect(error).toBeInstanceOf(GatewayError);
          expect((error as GatewayError).code).toBe('BAD_USER_INPUT');
        }
      }),
    );
  });
});

describe('CognitoDataset raw ids', () => {
  it('round-trip every key Cognito Sync accepts', () => {
    fc.assert(
      fc.property(cognitoId, cognitoId, datasetName, (identityPoolId, identityId, name) => {
        const key = { identityPoolId, identityId, datasetName: name };
        expect(parseCognitoDatasetRawId(cognitoDatasetRawId(key))).toEqual(key);
      }),
    );
  });

  it.each([
    ['two parts', 'us-east-1:ab|us-east-1:cd'],
    ['four parts', 'us-east-1:ab|us-east-1:cd|x|y'],
    ['a pool that is not a Cognito id', 'pool|us-east-1:cd|x'],
    ['an identity that is not a Cognito id', 'us-east-1:ab|us-east-1:xyz|x'],
    ['an empty dataset name', 'us-east-1:ab|us-east-1:cd|'],
    ['a dataset name with a space', 'us-east-1:ab|us-east-1:cd|my set'],
    ['a dataset name of 129 characters', `us-east-1:ab|us-east-1:cd|${'n'.repeat(129)}`],
  ])('reject %s', (_what, raw) => {
    rejection(() => parseCognitoDatasetRawId(raw));
  });
});

describe('Personalize raw ids', () => {
  it('accept the ARNs the API accepts', () => {
    const arn = 'arn:aws:personalize:us-east-1:123456789012:dataset-group/shop';
    expect(parsePersonalizeRawId('PersonalizeDatasetGroup', arn)).toBe(arn);
    expect(parsePersonalizeRawId('PersonalizeDataset', `${arn}x`)).toBe(`${arn}x`);
  });

  it.each([
    ['not an ARN', 'shop'],
    ['another service', 'arn:aws:s3:::bucket/key'],
    ['longer than 256 characters', `arn:aws:personalize:us-east-1:1:dataset/${'g'.repeat(256)}`],
  ])('reject %s', (_what, raw) => {
    rejection(() => parsePersonalizeRawId('PersonalizeDataset', raw));
  });
});

describe('the dataset group a dataset ARN names', () => {
  it.each([
    [
      'arn:aws:personalize:us-east-1:123456789012:dataset/shop/INTERACTIONS',
      'arn:aws:personalize:us-east-1:123456789012:dataset-group/shop',
    ],
    [
      'arn:aws-cn:personalize:cn-north-1:123456789012:dataset/my_group-2/ACTION_INTERACTIONS',
      'arn:aws-cn:personalize:cn-north-1:123456789012:dataset-group/my_group-2',
    ],
  ])('reads %s as %s', (datasetArn, groupArn) => {
    expect(datasetGroupArnFromDatasetArn(datasetArn)).toBe(groupArn);
  });

  it.each([
    'arn:aws:personalize:us-east-1:123456789012:dataset/no-type',
    'arn:aws:personalize:us-east-1:123456789012:dataset/a/b/c',
    'arn:aws:personalize:us-east-1:123456789012:dataset-group/shop',
    'arn:aws:personalize:us-east-1:123456789012:schema/s',
    'arn:aws:s3:::dataset/shop/ITEMS',
  ])('is unknown (null) for %s, which does not follow the documented format', (datasetArn) => {
    expect(datasetGroupArnFromDatasetArn(datasetArn)).toBeNull();
  });
});

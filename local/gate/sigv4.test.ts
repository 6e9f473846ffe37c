/**
 * SigV4 for POST policies, against AWS's published example ("Example:
 * Browser-Based Upload using HTTP POST (Using AWS Signature Version 4)" in
 * the Amazon S3 API reference) and against @aws-sdk/s3-presigned-post.
 */

import { createHash } from 'node:crypto';

import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { S3Client } from '@aws-sdk/client-s3';
import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
  vi,
} from 'vitest';

import { encodeObjectPath, signRequest } from './request-signing';
import { deriveSigningKey, parseCredential, signPolicy } from './sigv4';
import {
  formParts,
  isStored,
  postForm,
  startTestStack,
  type FormPart,
  type TestStack,
} from './test-support';
import { S3Error } from './s3-error';

/** AWS's example credentials, from its documentation. */
const exampleAccessKeyId = 'AKIAIOSFODNN7EXAMPLE';
const exampleSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const exampleBucket = 'sigv4examplebucket';

/**
 * The example's base64 policy: 648 bytes of JSON with CRLF line endings,
 * expiring 2015-12-30T12:00:00.000Z.
 */
const examplePolicy =
  'eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9';
const exampleSigningKey =
  'cbcef1ebeaefc82cce6530b9f0a9ae598846065f5c5bae0674bd5ebc4ba52d28';
const exampleSignature =
  '8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e';

describe('deriveSigningKey and signPolicy', () => {
  it('reproduce the AWS example', () => {
    const policyBytes = Buffer.from(examplePolicy, 'base64');

    const signingKey = deriveSigningKey(exampleSecret, '20151229', 'us-east-1');

    expect(policyBytes.length).toBe(648);
    expect(createHash('sha256').update(policyBytes).digest('hex')).toBe(
      'bdbc873103bd66b82f3a98478e5938ca1c7d8204563309232bdd4b1bbdcf74fb',
    );
    expect(signingKey.toString('hex')).toBe(exampleSigningKey);
    expect(signPolicy(examplePolicy, signingKey)).toBe(exampleSignature);
  });

  it('reproduce a botocore-shaped policy', () => {
    // Python's json.dumps output, with its ", " and ": " separators.
    const policy =
      '{"expiration": "2015-12-29T01:00:00Z", "conditions": [{"bucket": "sigv4examplebucket"}, {"key": "user/user1/photo.jpg"}, {"x-amz-algorithm": "AWS4-HMAC-SHA256"}, {"x-amz-credential": "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request"}, {"x-amz-date": "20151229T000000Z"}]}';
    const base64 = Buffer.from(policy).toString('base64');

    const signature = signPolicy(
      base64,
      deriveSigningKey(exampleSecret, '20151229', 'us-east-1'),
    );

    expect(policy.length).toBe(279);
    expect(signature).toBe(
      '3364624b39010d9b06f5d9b8c9a18a6e478d261c048159c92f2fd6fa885f14e6',
    );
  });
});

describe('signRequest', () => {
  it('reproduces the AWS GET Object example', () => {
    // AWS's header-signing example from "Examples: Signature Calculations
    // in AWS Signature Version 4" (GET Object with a Range header), as
    // reproduced in the cloudyr/aws.signature tests.
    const emptyBodyHash =
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

    const headers = signRequest(
      {
        method: 'GET',
        host: 'examplebucket.s3.amazonaws.com',
        path: '/test.txt',
        headers: { Range: 'bytes=0-9' },
        payloadHash: emptyBodyHash,
      },
      { accessKeyId: exampleAccessKeyId, secretAccessKey: exampleSecret },
      'us-east-1',
      new Date('2013-05-24T00:00:00Z'),
    );

    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    expect(headers['x-amz-date']).toBe('20130524T000000Z');
  });

  it('encodes keys as S3 signs them', () => {
    expect(encodeObjectPath('b', 'a b/c+d(1)~.txt')).toBe(
      '/b/a%20b/c%2Bd%281%29~.txt',
    );
  });
});

describe('signPolicy against @aws-sdk/s3-presigned-post', () => {
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    forcePathStyle: true,
    credentials: {
      accessKeyId: exampleAccessKeyId,
      secretAccessKey: exampleSecret,
    },
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  afterAll(() => {
    client.destroy();
  });

  it('matches the SDK policy and signature', async () => {
    vi.useFakeTimers({
      now: Date.parse('2015-12-29T00:00:00Z'),
      toFake: ['Date'],
    });

    const { fields } = await createPresignedPost(client, {
      Bucket: exampleBucket,
      Key: 'user/user1/${filename}',
      Conditions: [['content-length-range', 1, 10485760]],
    });

    const policy = Buffer.from(fields.Policy!, 'base64').toString('utf8');
    expect(policy).toBe(
      '{"expiration":"2015-12-29T01:00:00Z","conditions":[["content-length-range",1,10485760],{"bucket":"sigv4examplebucket"},{"X-Amz-Algorithm":"AWS4-HMAC-SHA256"},{"X-Amz-Credential":"AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request"},{"X-Amz-Date":"20151229T000000Z"},["starts-with","$key","user/user1/"]]}',
    );
    expect(fields['X-Amz-Signature']).toBe(
      '05a8f351de5bae737a7fd7526dd68a00434291fe7ad545c4e5599222da85285b',
    );
    const signingKey = deriveSigningKey(exampleSecret, '20151229', 'us-east-1');
    expect(signPolicy(fields.Policy!, signingKey)).toBe(
      fields['X-Amz-Signature'],
    );
  });

  it.each([
    ['2024-02-29T23:59:59Z', 'users/a b/photo.jpg'],
    ['2026-12-04T10:00:00Z', 'users/ünï/c++ & 100%.txt'],
  ])('matches the SDK at %s', async (time, key) => {
    vi.useFakeTimers({ now: Date.parse(time), toFake: ['Date'] });

    const { fields } = await createPresignedPost(client, {
      Bucket: exampleBucket,
      Key: key,
      Fields: { 'Content-Type': 'image/jpeg' },
    });

    const scope = parseCredential(fields['X-Amz-Credential']!, 'us-east-1');
    if (scope instanceof S3Error) {
      throw scope;
    }
    const signingKey = deriveSigningKey(
      exampleSecret,
      scope.date,
      scope.region,
    );
    expect(signPolicy(fields.Policy!, signingKey)).toBe(
      fields['X-Amz-Signature'],
    );
  });
});

describe('gate with the AWS example form', () => {
  let stack: TestStack;
  /** Noon on the day the example's credential was scoped for. */
  const exampleTime = Date.parse('2015-12-29T12:00:00Z');
  const exampleExpiration = Date.parse('2015-12-30T12:00:00.000Z');
  const redirectUrl =
    'http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html';

  beforeAll(async () => {
    stack = await startTestStack({
      bucket: exampleBucket,
      // The gate writes to s3rver with the first pair, which s3rver accepts.
      credentials: {
        S3RVER: 'S3RVER',
        [exampleAccessKeyId]: exampleSecret,
      },
    });
  });

  afterEach(() => {
    stack.setTime(undefined);
  });

  afterAll(async () => {
    await stack.stop();
  });

  /** Returns the example page's form fields, in its order, before the file. */
  function exampleFields(): Record<string, string> {
    return {
      key: 'user/user1/${filename}',
      acl: 'public-read',
      success_action_redirect: redirectUrl,
      'Content-Type': 'image/jpeg',
      'x-amz-meta-uuid': '14365123651274',
      'x-amz-server-side-encryption': 'AES256',
      'X-Amz-Credential': `${exampleAccessKeyId}/20151229/us-east-1/s3/aws4_request`,
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Date': '20151229T000000Z',
      'x-amz-meta-tag': '',
      Policy: examplePolicy,
      'X-Amz-Signature': exampleSignature,
    };
  }

  function exampleParts(fields = exampleFields()): FormPart[] {
    return [
      ...formParts(fields, 'jpeg bytes', 'photo.jpg'),
      { name: 'submit', value: 'Upload to Amazon S3' },
    ];
  }

  async function post(parts: FormPart[]) {
    return postForm(`${stack.gate.url}/${exampleBucket}`, parts);
  }

  it('accepts the form and redirects', async () => {
    stack.setTime(exampleTime);
    const eTag = createHash('md5').update('jpeg bytes').digest('hex');

    const response = await post(exampleParts());

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `${redirectUrl}?bucket=${exampleBucket}&key=user%2Fuser1%2Fphoto.jpg&etag=%22${eTag}%22`,
    );
    expect(
      await isStored(stack.s3rver, 'user/user1/photo.jpg', exampleBucket),
    ).toBe(true);
  });

  it('rejects the form once expired', async () => {
    stack.setTime(exampleExpiration);

    const response = await post(exampleParts());

    expect(response.status).toBe(403);
    expect(response.message).toBe(
      'Invalid according to Policy: Policy expired.',
    );
  });

  it('rejects a Content-Type outside image/', async () => {
    stack.setTime(exampleTime);

    const response = await post(
      exampleParts({ ...exampleFields(), 'Content-Type': 'text/plain' }),
    );

    expect(response.status).toBe(403);
    expect(response.message).toBe(
      'Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", "image/"]',
    );
  });

  it('rejects the form without x-amz-meta-uuid', async () => {
    stack.setTime(exampleTime);
    const fields = exampleFields();
    delete fields['x-amz-meta-uuid'];

    const response = await post(exampleParts(fields));

    expect(response.status).toBe(403);
    expect(response.message).toBe(
      'Invalid according to Policy: Policy Condition failed: ["eq", "$x-amz-meta-uuid", "14365123651274"]',
    );
  });

  it('rejects an added x-amz-meta-foo', async () => {
    stack.setTime(exampleTime);

    const response = await post(
      exampleParts({ ...exampleFields(), 'x-amz-meta-foo': 'bar' }),
    );

    expect(response.status).toBe(403);
    expect(response.message).toBe(
      'Invalid according to Policy: Extra input fields: x-amz-meta-foo',
    );
  });

  it('rejects one changed signature digit', async () => {
    stack.setTime(exampleTime);
    const fields = {
      ...exampleFields(),
      'X-Amz-Signature': `9${exampleSignature.slice(1)}`,
    };

    const response = await post(exampleParts(fields));

    expect(response.status).toBe(403);
    expect(response.code).toBe('SignatureDoesNotMatch');
    expect(response.element('StringToSign')).toBe(examplePolicy);
    expect(response.element('SignatureProvided')).toBe(
      fields['X-Amz-Signature'],
    );
  });

  it('rejects the key sent after the file', async () => {
    stack.setTime(exampleTime);
    const { key, ...fields } = exampleFields();

    const response = await post([
      ...formParts(fields, 'jpeg bytes', 'photo.jpg'),
      { name: 'key', value: key! },
    ]);

    expect(response.status).toBe(400);
    expect(response.element('ArgumentName')).toBe('key');
  });
});

describe('gate in another region', () => {
  it('rejects the example credential scope', async () => {
    const stack = await startTestStack({
      bucket: 'sigv4examplebucket',
      region: 'us-west-2',
      credentials: { [exampleAccessKeyId]: exampleSecret },
    });
    stack.setTime(Date.parse('2015-12-29T12:00:00Z'));

    try {
      const response = await postForm(
        `${stack.gate.url}/sigv4examplebucket`,
        formParts(
          {
            key: 'user/user1/${filename}',
            'X-Amz-Credential': `${exampleAccessKeyId}/20151229/us-east-1/s3/aws4_request`,
            'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
            'X-Amz-Date': '20151229T000000Z',
            Policy: examplePolicy,
            'X-Amz-Signature': exampleSignature,
          },
          'jpeg bytes',
          'photo.jpg',
        ),
      );

      expect(response.status).toBe(400);
      expect(response.message).toBe(
        "the region 'us-east-1' is wrong; expecting 'us-west-2'",
      );
    } finally {
      await stack.stop();
    }
  });
});

/**
 * A table of browser POST uploads, each sent over HTTP to a running gate in
 * front of s3rver. Every case asserts the status and S3 error code; a
 * rejected upload must leave no object, no event and no partial file.
 */

import { createHash } from 'node:crypto';

import {
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  formParts,
  isStored,
  listPartialObjects,
  multipartBody,
  postBody,
  postForm,
  presignedPost,
  signedForm,
  signedFields,
  startTestStack,
  testBucket,
  type FormPart,
  type TestStack,
} from './test-support';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterEach(() => {
  stack.setTime(undefined);
});

afterAll(async () => {
  await stack.stop();
});

const oneSecond = 1000;
/** Expiration of the hand-signed policies whose expiry is tested. */
const fixedExpiration = '2030-06-01T12:00:00Z';

/** Returns a body of `size` bytes. */
function bytes(size: number): Buffer {
  return Buffer.alloc(size, 'a');
}

function bucketUrl(): string {
  return `${stack.gate.url}/${testBucket}`;
}

/** A request to send: where, what, and the key that must (not) be stored. */
type Submission = {
  url: string;
  /** Multipart parts, or a raw body with its Content-Type. */
  parts?: FormPart[];
  raw?: { body: Buffer | string; contentType: string };
  key: string;
};

type Expected = {
  status: number;
  code?: string;
  message?: string;
  /** Extra XML elements of the error body, by name. */
  elements?: Record<string, string>;
  /** Headers of a successful response, exact. */
  headers?: Record<string, string>;
};

type Case = {
  name: string;
  submit: () => Promise<Submission>;
  /** The gate's clock during the request, in ms since the epoch. */
  time?: number;
  expected: Expected;
};

/** Builds an SDK-signed form for `key` with a range of [min, max] bytes. */
async function sdkForm(
  key: string,
  file: Buffer | string,
  options: {
    range?: [number, number];
    conditions?: Parameters<typeof presignedPost>[1]['conditions'];
    fields?: Record<string, string>;
    extraFields?: Record<string, string>;
    filename?: string;
  } = {},
): Promise<Submission> {
  const [min, max] = options.range ?? [0, 1024];
  const { url, fields } = await presignedPost(stack.gate.url, {
    key,
    conditions: [
      ['content-length-range', min, max],
      ...(options.conditions ?? []),
    ],
    fields: options.fields,
  });
  const parts = formParts(
    { ...fields, ...options.extraFields },
    file,
    options.filename,
  );

  return { url, parts, key };
}

/** Builds a hand-signed form: `conditions` plus the SigV4 fields' conditions. */
function signedSubmission(
  key: string,
  conditions: unknown[],
  fields: Record<string, string>,
  file: Buffer | string,
  signing: Parameters<typeof signedForm>[1] = {},
): Submission {
  const parts = formParts(
    { key, ...fields, ...signedForm(conditions, signing) },
    file,
  );

  return { url: bucketUrl(), parts, key };
}

/**
 * Builds an SDK-signed form whose bytes before the file content number
 * exactly `preDataBytes`, padded with an `x-ignore-` field.
 */
async function formWithPreData(
  key: string,
  preDataBytes: number,
): Promise<Submission> {
  const boundary = '----ShoeboxPreDataBoundary';
  const content = 'file content';
  const build = async (padding: string) => {
    const submission = await sdkForm(key, content, {
      extraFields: { 'x-ignore-padding': padding },
    });

    return {
      submission,
      multipart: multipartBody(submission.parts!, boundary),
    };
  };
  const probe = await build('');
  const paddingBytes = preDataBytes - probe.multipart.body.indexOf(content);
  const { submission, multipart } = await build('p'.repeat(paddingBytes));
  expect(multipart.body.indexOf(content)).toBe(preDataBytes);

  return {
    url: submission.url,
    raw: { body: multipart.body, contentType: multipart.contentType },
    key,
  };
}

function withoutField(parts: FormPart[], name: string): FormPart[] {
  return parts.filter((part) => part.name !== name);
}

function replaceField(
  parts: FormPart[],
  name: string,
  value: string,
): FormPart[] {
  return parts.map((part) =>
    part.name === name && 'value' in part ? { name, value } : part,
  );
}

const successes: Case[] = [
  {
    name: 'SDK policy stores with 204 by default',
    submit: () => sdkForm('ok/default.txt', 'hello'),
    expected: { status: 204 },
  },
  {
    name: 'success_action_status 200 returns 200',
    submit: () =>
      sdkForm('ok/status-200.txt', 'hello', {
        fields: { success_action_status: '200' },
      }),
    expected: { status: 200 },
  },
  {
    name: 'success_action_status 201 returns XML',
    submit: () =>
      sdkForm('ok/status-201 file.txt', 'hello', {
        fields: { success_action_status: '201' },
      }),
    expected: { status: 201 },
  },
  {
    name: 'success_action_status 204 returns 204',
    submit: () =>
      sdkForm('ok/status-204.txt', 'hello', {
        fields: { success_action_status: '204' },
      }),
    expected: { status: 204 },
  },
  {
    name: 'other success_action_status returns 204',
    submit: () =>
      sdkForm('ok/status-299.txt', 'hello', {
        fields: { success_action_status: '299' },
      }),
    expected: { status: 204 },
  },
  {
    name: 'absolute success_action_redirect returns 303',
    submit: () =>
      sdkForm('ok/redirect.txt', 'hello', {
        fields: { success_action_redirect: 'https://app.example/done?x=1' },
      }),
    expected: {
      status: 303,
      headers: {
        location:
          'https://app.example/done?x=1&bucket=shoebox-test&key=ok%2Fredirect.txt' +
          `&etag=%22${createHash('md5').update('hello').digest('hex')}%22`,
      },
    },
  },
  {
    name: 'relative success_action_redirect is ignored',
    submit: () =>
      sdkForm('ok/redirect-relative.txt', 'hello', {
        fields: { success_action_redirect: '/done' },
      }),
    expected: { status: 204 },
  },
  {
    name: 'file of exactly the minimum size',
    submit: () => sdkForm('ok/min.txt', bytes(5), { range: [5, 10] }),
    expected: { status: 204 },
  },
  {
    name: 'file of exactly the maximum size',
    submit: () => sdkForm('ok/max.txt', bytes(10), { range: [5, 10] }),
    expected: { status: 204 },
  },
  {
    name: 'zero-byte file within range',
    submit: () => sdkForm('ok/empty.txt', bytes(0), { range: [0, 10] }),
    expected: { status: 204 },
  },
  {
    name: 'starts-with on key passes',
    submit: async () =>
      signedSubmission(
        'users/alice/photo-1.jpg',
        [['starts-with', '$key', 'users/alice/'], { bucket: testBucket }],
        { bucket: testBucket },
        'photo',
      ),
    expected: { status: 204 },
  },
  {
    name: 'starts-with empty prefix passes',
    submit: () =>
      sdkForm('ok/empty-prefix.txt', 'hello', {
        conditions: [['starts-with', '$x-amz-meta-tag', '']],
        extraFields: { 'x-amz-meta-tag': 'anything' },
      }),
    expected: { status: 204 },
  },
  {
    name: 'eq condition in array form passes',
    submit: () =>
      sdkForm('ok/eq-array.jpg', 'jpeg', {
        conditions: [['eq', '$Content-Type', 'image/jpeg']],
        extraFields: { 'Content-Type': 'image/jpeg' },
      }),
    expected: { status: 204 },
  },
  {
    name: 'x-ignore- field needs no condition',
    submit: () =>
      sdkForm('ok/x-ignore.txt', 'hello', {
        extraFields: { 'x-ignore-client': 'uploader 1.0' },
      }),
    expected: { status: 204 },
  },
  {
    name: 'mixed-case field names match',
    submit: async () => {
      const submission = await sdkForm('ok/mixed-case.jpg', 'jpeg', {
        fields: { 'Content-Type': 'image/jpeg' },
      });
      const renamed: Record<string, string> = {
        bucket: 'BUCKET',
        'X-Amz-Algorithm': 'x-amz-algorithm',
        'X-Amz-Credential': 'X-AMZ-CREDENTIAL',
        'X-Amz-Date': 'x-Amz-Date',
        key: 'Key',
        Policy: 'POLICY',
        'X-Amz-Signature': 'x-amz-SIGNATURE',
        'Content-Type': 'CONTENT-type',
      };
      const parts = submission.parts!.map((part) =>
        'value' in part
          ? { name: renamed[part.name] ?? part.name, value: part.value }
          : part,
      );

      return { ...submission, parts };
    },
    expected: { status: 204 },
  },
  {
    name: 'condition names match in any case',
    submit: async () =>
      signedSubmission(
        'ok/condition-case.jpg',
        [
          { KEY: 'ok/condition-case.jpg' },
          ['starts-with', '$CONTENT-TYPE', 'image/'],
          { Bucket: testBucket },
        ],
        { 'content-type': 'image/png', bucket: testBucket },
        'png',
      ),
    expected: { status: 204 },
  },
  {
    name: '${filename} in key takes the file name',
    submit: async () => {
      const { url, fields } = await presignedPost(stack.gate.url, {
        key: 'users/alice/${filename}',
      });
      const parts = formParts(fields, 'photo', 'C:\\Photos\\holiday 1.jpg');

      return { url, parts, key: 'users/alice/holiday 1.jpg' };
    },
    expected: { status: 204 },
  },
  {
    name: 'Content-Type list with every entry matching',
    submit: () =>
      sdkForm('ok/type-list.jpg', 'image', {
        conditions: [['starts-with', '$Content-Type', 'image/']],
        extraFields: { 'Content-Type': 'image/jpeg,image/png' },
      }),
    expected: { status: 204 },
  },
  {
    name: 'fields after the file are ignored',
    submit: async () => {
      const submission = await sdkForm('ok/trailing-field.txt', 'hello');
      const parts = [
        ...submission.parts!,
        { name: 'submit', value: 'Upload to Amazon S3' },
      ];

      return { ...submission, parts };
    },
    expected: { status: 204 },
  },
  {
    name: 'expiration with milliseconds accepted',
    submit: async () =>
      signedSubmission(
        'ok/expiration-ms.txt',
        [{ key: 'ok/expiration-ms.txt' }],
        {},
        'hello',
        { expiration: '2030-06-01T12:00:00.000Z' },
      ),
    time: Date.parse(fixedExpiration) - oneSecond,
    expected: { status: 204 },
  },
  {
    name: 'policy one second before expiry',
    submit: async () =>
      signedSubmission(
        'ok/before-expiry.txt',
        [{ key: 'ok/before-expiry.txt' }],
        {},
        'hello',
        { expiration: fixedExpiration },
      ),
    time: Date.parse(fixedExpiration) - oneSecond,
    expected: { status: 204 },
  },
  {
    name: 'range bounds as numeric strings',
    submit: async () =>
      signedSubmission(
        'ok/string-range.txt',
        [{ key: 'ok/string-range.txt' }, ['content-length-range', '5', '10']],
        {},
        bytes(7),
      ),
    expected: { status: 204 },
  },
  {
    name: 'file part without filename stored',
    submit: async () => {
      const submission = await sdkForm('ok/no-filename.txt', 'plain text');
      const parts = submission.parts!.map((part) =>
        part.name === 'file' ? { name: 'file', content: 'plain text' } : part,
      );

      return { ...submission, parts };
    },
    expected: { status: 204 },
  },
  {
    name: 'fields before the file of exactly 20 KB',
    submit: () => formWithPreData('ok/pre-data.txt', 20480),
    expected: { status: 204 },
  },
  {
    name: 'repeated field joined with commas',
    submit: async () => {
      const submission = await sdkForm('ok/repeated.txt', 'hello', {
        conditions: [{ 'x-amz-meta-tag': 'ninja,stallman' }],
      });
      const file = submission.parts!.at(-1)!;
      const parts = [
        ...submission.parts!.slice(0, -1),
        { name: 'x-amz-meta-tag', value: 'ninja' },
        { name: 'x-amz-meta-tag', value: 'stallman' },
        file,
      ];

      return { ...submission, parts };
    },
    expected: { status: 204 },
  },
];

const rejections: Case[] = [
  {
    name: 'one byte over the maximum',
    submit: () => sdkForm('no/too-large.txt', bytes(11), { range: [5, 10] }),
    expected: {
      status: 400,
      code: 'EntityTooLarge',
      message: 'Your proposed upload exceeds the maximum allowed size',
      elements: { ProposedSize: '11', MaxSizeAllowed: '10' },
    },
  },
  {
    name: 'one byte under the minimum',
    submit: () => sdkForm('no/too-small.txt', bytes(4), { range: [5, 10] }),
    expected: {
      status: 400,
      code: 'EntityTooSmall',
      message: 'Your proposed upload is smaller than the minimum allowed size',
      elements: { ProposedSize: '4', MinSizeAllowed: '5' },
    },
  },
  {
    name: 'zero-byte file under a minimum of one',
    submit: () => sdkForm('no/empty.txt', bytes(0), { range: [1, 10] }),
    expected: {
      status: 400,
      code: 'EntityTooSmall',
      elements: { ProposedSize: '0', MinSizeAllowed: '1' },
    },
  },
  {
    name: 'policy expired by one second',
    submit: async () =>
      signedSubmission(
        'no/expired.txt',
        [{ key: 'no/expired.txt' }],
        {},
        'hello',
        { expiration: fixedExpiration },
      ),
    time: Date.parse(fixedExpiration) + oneSecond,
    expected: {
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Policy expired.',
    },
  },
  {
    name: 'policy at its expiration instant',
    submit: async () =>
      signedSubmission(
        'no/expiry-instant.txt',
        [{ key: 'no/expiry-instant.txt' }],
        {},
        'hello',
        { expiration: fixedExpiration },
      ),
    time: Date.parse(fixedExpiration),
    expected: {
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Policy expired.',
    },
  },
  {
    name: 'field not covered by the policy',
    submit: () =>
      sdkForm('no/extra-field.txt', 'hello', {
        extraFields: { 'x-amz-meta-extra': 'sneaky' },
      }),
    expected: {
      status: 403,
      code: 'AccessDenied',
      message:
        'Invalid according to Policy: Extra input fields: x-amz-meta-extra',
    },
  },
  {
    name: 'uncovered field named in lower case',
    submit: () =>
      sdkForm('no/extra-content-type.txt', 'hello', {
        extraFields: { 'Content-Type': 'text/html' },
      }),
    expected: {
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Extra input fields: content-type',
    },
  },
  {
    name: 'changed key',
    submit: async () => {
      const submission = await sdkForm('users/alice/a.jpg', 'photo');
      const parts = replaceField(submission.parts!, 'key', 'users/alice/b.jpg');

      return { ...submission, parts, key: 'users/alice/b.jpg' };
    },
    expected: {
      status: 403,
      code: 'AccessDenied',
      message:
        'Invalid according to Policy: Policy Condition failed: ["eq", "$key", "users/alice/a.jpg"]',
    },
  },
  {
    name: "another user's prefix",
    submit: async () =>
      signedSubmission(
        'users/bob/photo.jpg',
        [['starts-with', '$key', 'users/alice/']],
        {},
        'photo',
      ),
    expected: {
      status: 403,
      code: 'AccessDenied',
      message:
        'Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "users/alice/"]',
    },
  },
  {
    name: 'changed policy byte',
    submit: async () => {
      const submission = await sdkForm('no/tampered.txt', 'hello', {
        range: [0, 10],
      });
      const policy = submission.parts!.find((part) => part.name === 'Policy');
      const original = policy && 'value' in policy ? policy.value : '';
      // One byte of the policy JSON changes, so it allows 90 bytes, not 10.
      const tampered = Buffer.from(
        Buffer.from(original, 'base64')
          .toString('utf8')
          .replace(',0,10]', ',0,90]'),
      ).toString('base64');
      const parts = replaceField(submission.parts!, 'Policy', tampered);

      return { ...submission, parts };
    },
    expected: {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message:
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      elements: { AWSAccessKeyId: 'S3RVER' },
    },
  },
  {
    name: 'changed signature digit',
    submit: async () => {
      const submission = await sdkForm('no/bad-signature.txt', 'hello');
      const signature = submission.parts!.find(
        (part) => part.name === 'X-Amz-Signature',
      );
      const value = signature && 'value' in signature ? signature.value : '';
      const flipped = (value[0] === '0' ? '1' : '0') + value.slice(1);
      const parts = replaceField(submission.parts!, 'X-Amz-Signature', flipped);

      return { ...submission, parts };
    },
    expected: { status: 403, code: 'SignatureDoesNotMatch' },
  },
  {
    name: 'missing signature',
    submit: async () => {
      const submission = await sdkForm('no/unsigned.txt', 'hello');
      const parts = withoutField(submission.parts!, 'X-Amz-Signature');

      return { ...submission, parts };
    },
    expected: {
      status: 400,
      code: 'InvalidArgument',
      message:
        "Bucket POST must contain a field named 'X-Amz-Signature'.  If it is specified, please check the order of the fields.",
      elements: { ArgumentName: 'X-Amz-Signature', ArgumentValue: '' },
    },
  },
  {
    name: 'missing credential',
    submit: async () => {
      const submission = await sdkForm('no/no-credential.txt', 'hello');
      const parts = withoutField(submission.parts!, 'X-Amz-Credential');

      return { ...submission, parts };
    },
    expected: {
      status: 400,
      code: 'InvalidArgument',
      elements: { ArgumentName: 'X-Amz-Credential' },
    },
  },
  {
    name: 'no signature fields at all',
    submit: async () => ({
      url: bucketUrl(),
      parts: formParts({ key: 'no/anonymous.txt' }, 'hello'),
      key: 'no/anonymous.txt',
    }),
    expected: { status: 403, code: 'AccessDenied', message: 'Access Denied' },
  },
  {
    name: 'signature fields without policy',
    submit: async () => {
      const submission = await sdkForm('no/no-policy.txt', 'hello');
      const parts = withoutField(submission.parts!, 'Policy');

      return { ...submission, parts };
    },
    expected: {
      status: 400,
      code: 'InvalidArgument',
      elements: { ArgumentName: 'Policy' },
    },
  },
  {
    name: 'two files',
    submit: async () => {
      const submission = await sdkForm('no/two-files.txt', 'hello');
      const parts = [
        ...submission.parts!,
        { name: 'file', content: 'second', filename: 'second.txt' },
      ];

      return { ...submission, parts };
    },
    expected: {
      status: 400,
      code: 'InvalidArgument',
      message: 'POST requires exactly one file upload per request.',
      elements: { ArgumentName: 'file', ArgumentValue: '2' },
    },
  },
  {
    name: 'file before the other fields',
    submit: async () => {
      const submission = await sdkForm('no/file-first.txt', 'hello');
      const file = submission.parts!.at(-1)!;
      const parts = [file, ...submission.parts!.slice(0, -1)];

      return { ...submission, parts };
    },
    expected: {
      status: 400,
      code: 'InvalidArgument',
      message:
        "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
      elements: { ArgumentName: 'key' },
    },
  },
  {
    name: 'no file part',
    submit: async () => {
      const submission = await sdkForm('no/no-file.txt', 'hello');
      const parts = withoutField(submission.parts!, 'file');

      return { ...submission, parts };
    },
    expected: {
      status: 400,
      code: 'InvalidArgument',
      elements: { ArgumentName: 'file', ArgumentValue: '0' },
    },
  },
  {
    name: 'body that is not multipart',
    submit: async () => ({
      url: bucketUrl(),
      raw: { body: 'key=no/urlencoded.txt', contentType: 'text/plain' },
      key: 'no/urlencoded.txt',
    }),
    expected: {
      status: 412,
      code: 'PreconditionFailed',
      message: 'At least one of the pre-conditions you specified did not hold',
      elements: {
        Condition:
          'Bucket POST must be of the enclosure-type multipart/form-data',
      },
    },
  },
  {
    name: 'multipart without boundary',
    submit: async () => ({
      url: bucketUrl(),
      raw: { body: 'anything', contentType: 'multipart/form-data' },
      key: 'no/no-boundary.txt',
    }),
    expected: {
      status: 400,
      code: 'MalformedPOSTRequest',
      message:
        'The body of your POST request is not well-formed multipart/form-data.',
    },
  },
  {
    name: 'multipart body cut short',
    submit: async () => ({
      url: bucketUrl(),
      raw: {
        body:
          '--b\r\nContent-Disposition: form-data; name="key"\r\n\r\n' +
          'no/cut-short.txt\r\n--b\r\nContent-Disposition: form-data; na',
        contentType: 'multipart/form-data; boundary=b',
      },
      key: 'no/cut-short.txt',
    }),
    expected: { status: 400, code: 'MalformedPOSTRequest' },
  },
  {
    name: 'Content-Type other than the exact match',
    submit: () =>
      sdkForm('no/wrong-type.jpg', 'text', {
        fields: { 'Content-Type': 'image/jpeg' },
      }).then((submission) => ({
        ...submission,
        parts: replaceField(submission.parts!, 'Content-Type', 'text/plain'),
      })),
    expected: {
      status: 403,
      code: 'AccessDenied',
      message:
        'Invalid according to Policy: Policy Condition failed: ["eq", "$Content-Type", "image/jpeg"]',
    },
  },
  {
    name: 'Content-Type list with one entry off',
    submit: () =>
      sdkForm('no/type-list.jpg', 'image', {
        conditions: [['starts-with', '$Content-Type', 'image/']],
        extraFields: { 'Content-Type': 'image/png,text/html' },
      }),
    expected: {
      status: 403,
      code: 'AccessDenied',
      message:
        'Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", "image/"]',
    },
  },
  {
    name: 'starts-with empty prefix on absent field',
    submit: () =>
      sdkForm('no/absent-field.txt', 'hello', {
        conditions: [['starts-with', '$x-amz-meta-tag', '']],
      }),
    expected: {
      status: 403,
      code: 'AccessDenied',
      message:
        'Invalid according to Policy: Policy Condition failed: ["starts-with", "$x-amz-meta-tag", ""]',
    },
  },
  {
    name: 'range bound that is not a number',
    submit: async () =>
      signedSubmission(
        'no/range-text.txt',
        [{ key: 'no/range-text.txt' }, ['content-length-range', 'test', '10']],
        {},
        'hello',
      ),
    expected: {
      status: 403,
      code: 'AccessDenied',
      message:
        'Invalid according to Policy: Policy Condition failed: ["content-length-range", "test", "10"]',
    },
  },
  {
    name: 'unknown access key',
    submit: async () =>
      signedSubmission('no/unknown-key.txt', [], {}, 'hello', {
        accessKeyId: 'AKIAUNKNOWN',
      }),
    expected: {
      status: 403,
      code: 'InvalidAccessKeyId',
      message:
        'The AWS Access Key Id you provided does not exist in our records.',
      elements: { AWSAccessKeyId: 'AKIAUNKNOWN' },
    },
  },
  {
    name: 'credential for another region',
    submit: async () =>
      signedSubmission('no/region.txt', [], {}, 'hello', {
        region: 'us-west-2',
      }),
    expected: {
      status: 400,
      code: 'InvalidArgument',
      message: "the region 'us-west-2' is wrong; expecting 'us-east-1'",
      elements: { ArgumentName: 'X-Amz-Credential', Region: 'us-east-1' },
    },
  },
  {
    name: 'malformed X-Amz-Date',
    submit: async () => {
      const submission = signedSubmission('no/date.txt', [], {}, 'hello');
      const parts = replaceField(
        submission.parts!,
        'X-Amz-Date',
        '2030-01-01T00:00:00Z',
      );

      return { ...submission, parts };
    },
    expected: {
      status: 400,
      code: 'InvalidArgument',
      message: 'X-Amz-Date must be formated via ISO8601 Long format',
      elements: { ArgumentName: 'X-Amz-Date' },
    },
  },
  {
    name: 'algorithm other than AWS4-HMAC-SHA256',
    submit: async () => {
      const submission = signedSubmission('no/algorithm.txt', [], {}, 'hi');
      const parts = replaceField(
        submission.parts!,
        'X-Amz-Algorithm',
        'AWS4-HMAC-SHA1',
      );

      return { ...submission, parts };
    },
    expected: {
      status: 400,
      code: 'InvalidArgument',
      elements: { ArgumentName: 'X-Amz-Algorithm' },
    },
  },
  {
    name: 'policy that is not JSON',
    submit: async () => ({
      url: bucketUrl(),
      parts: formParts(
        { key: 'no/not-json.txt', ...signedFields('{"expiration": ') },
        'hello',
      ),
      key: 'no/not-json.txt',
    }),
    expected: {
      status: 400,
      code: 'InvalidPolicyDocument',
      message: 'Invalid Policy: Invalid JSON.',
    },
  },
  {
    name: 'expiration with a UTC offset',
    submit: async () =>
      signedSubmission('no/offset.txt', [], {}, 'hello', {
        expiration: '2099-01-01T00:00:00+02:00',
      }),
    expected: {
      status: 400,
      code: 'InvalidPolicyDocument',
      message:
        "Invalid Policy: Invalid 'expiration' value: '2099-01-01T00:00:00+02:00'",
    },
  },
  {
    name: 'simple condition with two properties',
    submit: async () =>
      signedSubmission(
        'no/two-properties.txt',
        [{ key: 'no/two-properties.txt', acl: 'private' }],
        {},
        'hello',
      ),
    expected: {
      status: 400,
      code: 'InvalidPolicyDocument',
      message:
        'Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.',
    },
  },
  {
    name: 'simple condition with a number',
    submit: async () =>
      signedSubmission(
        'no/number.txt',
        [{ success_action_status: 201 }],
        {},
        'hello',
      ),
    expected: {
      status: 400,
      code: 'InvalidPolicyDocument',
      message:
        'Invalid Policy: Invalid Simple-Condition: value must be a string.',
    },
  },
  {
    name: 'unexpected top-level member',
    submit: async () => ({
      url: bucketUrl(),
      parts: formParts(
        {
          key: 'no/statement.txt',
          ...signedFields({
            expiration: '2099-01-01T00:00:00Z',
            conditions: [],
            statement: [],
          }),
        },
        'hello',
      ),
      key: 'no/statement.txt',
    }),
    expected: {
      status: 400,
      code: 'InvalidPolicyDocument',
      message: "Invalid Policy: Unexpected: 'statement'",
    },
  },
  {
    name: 'bucket condition for another bucket',
    submit: async () =>
      signedSubmission(
        'no/other-bucket.txt',
        [{ bucket: 'other-bucket' }, { key: 'no/other-bucket.txt' }],
        { bucket: 'other-bucket' },
        'hello',
      ),
    expected: {
      status: 403,
      code: 'AccessDenied',
      message:
        'Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "other-bucket"]',
    },
  },
  {
    name: 'POST to a bucket the gate does not know',
    submit: async () => {
      const submission = await sdkForm('no/unknown-bucket.txt', 'hello');

      return { ...submission, url: `${stack.gate.url}/unknown-bucket` };
    },
    expected: {
      status: 404,
      code: 'NoSuchBucket',
      elements: { BucketName: 'unknown-bucket' },
    },
  },
  {
    name: 'fields before the file one byte over 20 KB',
    submit: () => formWithPreData('no/pre-data.txt', 20481),
    expected: {
      status: 400,
      code: 'MaxPostPreDataLengthExceeded',
      message:
        'Your POST request fields preceeding the upload file was too large.',
      elements: { MaxPostPreDataLengthBytes: '20480' },
    },
  },
  {
    name: 'storage class S3 does not know',
    submit: () =>
      sdkForm('no/storage-class.txt', 'hello', {
        fields: { 'x-amz-storage-class': 'COLD' },
      }),
    expected: {
      status: 400,
      code: 'InvalidStorageClass',
      message: 'The storage class you specified is not valid',
      elements: { StorageClassRequested: 'COLD' },
    },
  },
  {
    name: 'empty key',
    submit: async () => signedSubmission('', [{ key: '' }], {}, 'hello'),
    expected: {
      status: 400,
      code: 'InvalidArgument',
      message: 'User key must have a length greater than 0.',
    },
  },
  {
    name: 'key longer than 1024 bytes',
    submit: async () => {
      // Short segments, so s3rver can look the key up on its file system.
      const key = `no/${Array.from({ length: 11 }, () => 'k'.repeat(92)).join('/')}`;

      return signedSubmission(key, [{ key }], {}, 'hello');
    },
    expected: {
      status: 400,
      code: 'KeyTooLongError',
      elements: { Size: '1025', MaxSizeAllowed: '1024' },
    },
  },
  ...[
    { name: 'key with a .. segment', key: 'no/../../escape.txt' },
    { name: 'key with a . segment', key: 'no/./dot.txt' },
    { name: 'key with an empty segment', key: 'no//double.txt' },
    { name: 'key starting with a slash', key: '/no/rooted.txt' },
    {
      name: 'key with a NUL character',
      key: 'no/nul\0.txt',
      isReadable: false,
    },
    { name: 'key with an s3rver suffix', key: 'no/k._S3rver_object/child' },
    { name: 'key with a 234-byte file name', key: `no/${'n'.repeat(234)}` },
    {
      name: 'key with a 256-byte folder name',
      key: `${'n'.repeat(256)}/a`,
      isReadable: false,
    },
  ].map(({ name, key, isReadable = true }) => ({
    name,
    submit: async () => {
      const submission = await signedSubmission(key, [{ key }], {}, 'hello');

      // s3rver fails a HEAD of such a key, so the table checks only that
      // no event was sent and no temporary file is left.
      return isReadable ? submission : { ...submission, key: '' };
    },
    expected: {
      status: 400,
      code: 'InvalidArgument',
      elements: { ArgumentName: 'key', ArgumentValue: key },
    },
  })),
  {
    name: 'condition field without $',
    submit: async () =>
      signedSubmission(
        'no/no-dollar.txt',
        [{ key: 'no/no-dollar.txt' }, ['eq', 'acl', 'private']],
        { acl: 'private' },
        'hello',
      ),
    expected: {
      status: 403,
      code: 'AccessDenied',
      message:
        'Invalid according to Policy: Policy Condition failed: ["eq", "acl", "private"]',
    },
  },
  {
    name: 'starts-with on an exact-only field',
    submit: async () =>
      signedSubmission(
        'no/exact-only.txt',
        [
          { key: 'no/exact-only.txt' },
          ['starts-with', '$x-amz-storage-class', 'STANDARD'],
        ],
        { 'x-amz-storage-class': 'STANDARD_IA' },
        'hello',
      ),
    expected: {
      status: 403,
      code: 'AccessDenied',
      message:
        'Invalid according to Policy: Policy Condition failed: ["starts-with", "$x-amz-storage-class", "STANDARD"]',
    },
  },
  {
    name: 'uncovered security token',
    submit: () =>
      sdkForm('no/token.txt', 'hello', {
        extraFields: { 'X-Amz-Security-Token': 'session-token' },
      }),
    expected: {
      status: 403,
      code: 'AccessDenied',
      message:
        'Invalid according to Policy: Extra input fields: x-amz-security-token',
    },
  },
  {
    name: 'unknown condition operator',
    submit: async () =>
      signedSubmission(
        'no/operator.txt',
        [{ key: 'no/operator.txt' }, ['ends-with', '$key', '.txt']],
        {},
        'hello',
      ),
    expected: { status: 400, code: 'InvalidPolicyDocument' },
  },
];

async function send(submission: Submission) {
  if (submission.raw) {
    return postBody(submission.url, submission.raw.body, {
      'Content-Type': submission.raw.contentType,
    });
  }

  return postForm(submission.url, submission.parts ?? []);
}

describe('POST upload conformance', () => {
  it('has at least 40 cases', () => {
    expect(successes.length + rejections.length).toBeGreaterThanOrEqual(40);
  });

  describe.each(successes)('accepts: $name', (testCase) => {
    it('stores the object and sends one event', async () => {
      const submission = await testCase.submit();
      stack.setTime(testCase.time);
      const eventsBefore = stack.events.length;

      const response = await send(submission);
      await stack.gate.flushEvents();

      expect(response.code).toBeUndefined();
      expect(response.status).toBe(testCase.expected.status);
      for (const [name, value] of Object.entries(
        testCase.expected.headers ?? {},
      )) {
        expect(response.headers.get(name)).toBe(value);
      }
      expect(await isStored(stack.s3rver, submission.key)).toBe(true);
      expect(stack.events.length).toBe(eventsBefore + 1);
      expect(await listPartialObjects(stack.s3rverDir)).toEqual([]);
    });
  });

  describe.each(rejections)('rejects: $name', (testCase) => {
    it('returns the S3 error and stores nothing', async () => {
      const submission = await testCase.submit();
      stack.setTime(testCase.time);
      const eventsBefore = stack.events.length;

      const response = await send(submission);
      await stack.gate.flushEvents();

      const { expected } = testCase;
      expect(response.status).toBe(expected.status);
      expect(response.code).toBe(expected.code);
      if (expected.message !== undefined) {
        expect(response.message).toBe(expected.message);
      }
      for (const [name, value] of Object.entries(expected.elements ?? {})) {
        expect(response.element(name)).toBe(value);
      }
      expect(response.element('RequestId')).toBe(
        response.headers.get('x-amz-request-id'),
      );
      if (submission.key !== '') {
        expect(await isStored(stack.s3rver, submission.key)).toBe(false);
      }
      expect(stack.events.length).toBe(eventsBefore);
      // The gate removes the partial file before it responds.
      expect(await listPartialObjects(stack.s3rverDir)).toEqual([]);
    });
  });

  it('201 body names the stored object', async () => {
    const submission = await sdkForm('ok/created body.txt', 'hello', {
      fields: { success_action_status: '201' },
    });

    const response = await send(submission);

    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(response.element('Bucket')).toBe(testBucket);
    expect(response.element('Key')).toBe('ok/created body.txt');
    expect(response.element('ETag')).toBe(response.headers.get('etag'));
    expect(response.element('Location')).toBe(
      `${stack.gate.url}/${testBucket}/ok%2Fcreated+body.txt`,
    );
    expect(response.headers.get('location')).toBe(response.element('Location'));
  });

  it('stores Content-Type and metadata from the form', async () => {
    const submission = await sdkForm('ok/metadata.jpg', 'jpeg', {
      fields: {
        'Content-Type': 'image/jpeg',
        'x-amz-meta-Album': 'Holiday',
      },
    });

    const response = await send(submission);
    const stored = await stack.s3rver.send(
      new HeadObjectCommand({ Bucket: testBucket, Key: 'ok/metadata.jpg' }),
    );

    expect(response.status).toBe(204);
    expect(stored.ContentType).toBe('image/jpeg');
    expect(stored.Metadata).toEqual({ album: 'Holiday' });
    expect(stored.ContentLength).toBe(4);
  });

  it('stores the object as s3rver would, with the same ETag', async () => {
    const content = 'the same bytes';
    const submission = await sdkForm('ok/as-s3rver.txt', content);

    const response = await send(submission);
    await stack.s3rver.send(
      new PutObjectCommand({
        Bucket: testBucket,
        Key: 'ok/by-s3rver.txt',
        Body: content,
      }),
    );
    const [posted, put] = await Promise.all(
      ['ok/as-s3rver.txt', 'ok/by-s3rver.txt'].map((Key) =>
        stack.s3rver.send(new HeadObjectCommand({ Bucket: testBucket, Key })),
      ),
    );
    const listing = await stack.s3rver.send(
      new ListObjectsV2Command({ Bucket: testBucket, Prefix: 'ok/as-s3rver' }),
    );

    const md5 = createHash('md5').update(content).digest('hex');
    expect(response.headers.get('etag')).toBe(`"${md5}"`);
    expect(posted?.ETag).toBe(`"${md5}"`);
    expect(posted?.ETag).toBe(put?.ETag);
    // S3's default for an object stored without a Content-Type.
    expect(posted?.ContentType).toBe('binary/octet-stream');
    expect(posted?.ContentLength).toBe(put?.ContentLength);
    expect(listing.Contents?.map((object) => object.Key)).toEqual([
      'ok/as-s3rver.txt',
    ]);
  });

  it.each(['GLACIER_IR', 'EXPRESS_ONEZONE', 'DEEP_ARCHIVE'])(
    'stores a %s object that s3rver reads back',
    async (storageClass) => {
      const key = `ok/class-${storageClass}.txt`;
      const submission = await sdkForm(key, 'cold', {
        fields: { 'x-amz-storage-class': storageClass },
      });

      const response = await send(submission);
      const stored = await stack.s3rver.send(
        new HeadObjectCommand({ Bucket: testBucket, Key: key }),
      );
      const listing = await stack.s3rver.send(
        new ListObjectsV2Command({ Bucket: testBucket, Prefix: key }),
      );

      expect(response.status).toBe(204);
      expect(stored.StorageClass).toBe(storageClass);
      // s3rver 3.7 lists every object as STANDARD.
      expect(listing.Contents?.map((object) => object.Key)).toEqual([key]);
    },
  );

  it('stores metadata outside ASCII RFC 2047-encoded, as S3 returns it', async () => {
    const submission = await sdkForm('ok/summer.jpg', 'jpeg', {
      fields: { 'x-amz-meta-album': 'Été à Zürich' },
    });

    const response = await send(submission);
    const stored = await stack.s3rver.send(
      new HeadObjectCommand({ Bucket: testBucket, Key: 'ok/summer.jpg' }),
    );

    expect(response.status).toBe(204);
    expect(stored.Metadata).toEqual({
      album: `=?UTF-8?B?${Buffer.from('Été à Zürich').toString('base64')}?=`,
    });
  });
});

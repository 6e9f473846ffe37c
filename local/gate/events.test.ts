/**
 * Event records from the gate: POST uploads, and changes made through the
 * proxy with the SDK.
 */

import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { decodeEventKey } from '../../amplify/core/keys';
import { encodeEventKey, Sequencer } from './event-records';
import type { S3EventRecord } from './event-records';
import {
  formParts,
  postForm,
  presignedPost,
  startTestStack,
  testBucket,
  type TestStack,
} from './test-support';

/** Uploads `content` to `key` with an SDK-signed POST through the gate. */
async function postUpload(stack: TestStack, key: string, content: string) {
  const { url, fields } = await presignedPost(stack.gate.url, { key });

  return postForm(url, formParts(fields, content));
}

/** Returns the records delivered since `start`, in delivery order. */
function recordsSince(stack: TestStack, start: number): S3EventRecord[] {
  return stack.events.slice(start).flatMap((payload) => payload.Records);
}

describe('encodeEventKey', () => {
  it.each([
    ['photos/2024/IMG 0001.jpg', 'photos/2024/IMG+0001.jpg'],
    ['c++/x.txt', 'c%2B%2B/x.txt'],
    ['100%/y', '100%25/y'],
    ['a@b', 'a%40b'],
    ["{x}/'quote'(1)!*", '%7Bx%7D/%27quote%27%281%29%21%2A'],
    ['présid ent.jpg', 'pr%C3%A9sid+ent.jpg'],
    ['a#b?c&d=e', 'a%23b%3Fc%26d%3De'],
    ['keeps-_.~', 'keeps-_.~'],
  ])('encodes %s', (key, encoded) => {
    expect(encodeEventKey(key)).toBe(encoded);
  });

  it('decodes back with the documented recipe', () => {
    const key = 'users/u 1/c++ & 100%/présid ent.jpg';

    const decoded = decodeURIComponent(encodeEventKey(key).replace(/\+/g, ' '));

    expect(decoded).toBe(key);
  });

  it.each([
    'users/abc/Holiday 2024/IMG 0001.jpg',
    'users/abc/c++ notes/100% done #1.txt',
    'users/abc/日本語/写真 1.jpg',
    'users/abc/emoji 📷/a+b=c.png',
    `users/abc/${'long name '.repeat(90)}.jpg`,
  ])('round-trips %s through the events function', (key) => {
    expect(decodeEventKey(encodeEventKey(key))).toBe(key);
  });
});

describe('Sequencer', () => {
  it('grows within one clock millisecond', () => {
    const sequencer = new Sequencer(() => 1_700_000_000_000);

    const first = sequencer.next();
    const second = sequencer.next();

    expect(second > first).toBe(true);
    expect(first).toMatch(/^[0-9A-F]{18}$/);
    expect(second).toHaveLength(first.length);
  });

  it('grows when the clock moves back', () => {
    let now = 1_700_000_000_000;
    const sequencer = new Sequencer(() => now);

    const first = sequencer.next();
    now -= 5000;
    const second = sequencer.next();

    expect(second > first).toBe(true);
  });

  it('orders a restart after the last run', () => {
    const before = new Sequencer(() => 1_700_000_000_000);
    const after = new Sequencer(() => 1_700_000_000_001);

    const last = [before.next(), before.next()][1] as string;
    const next = after.next();

    expect(next > last).toBe(true);
  });
});

describe('gate events', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await stack.stop();
  });

  it('POST delivers an ObjectCreated:Post record', async () => {
    const start = stack.events.length;

    const response = await postUpload(stack, 'photos/2024/IMG 0001.jpg', 'abc');
    await stack.gate.flushEvents();

    expect(response.status).toBe(204);
    expect(stack.events.slice(start)).toHaveLength(1);
    expect(stack.events[start]!.Records).toHaveLength(1);
    const [record] = recordsSince(stack, start);
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventName: 'ObjectCreated:Post',
      userIdentity: { principalId: 'AWS:S3RVER' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: {
        'x-amz-request-id': response.headers.get('x-amz-request-id'),
        'x-amz-id-2': response.headers.get('x-amz-id-2'),
      },
      s3: {
        s3SchemaVersion: '1.0',
        bucket: { name: testBucket, arn: `arn:aws:s3:::${testBucket}` },
        object: {
          key: 'photos/2024/IMG+0001.jpg',
          size: 3,
          // MD5 of "abc", unquoted.
          eTag: '900150983cd24fb0d6963f7d28e17f72',
        },
      },
    });
    expect(response.headers.get('etag')).toBe(
      '"900150983cd24fb0d6963f7d28e17f72"',
    );
    expect(record!.s3.object.sequencer).toMatch(/^[0-9A-F]{18}$/);
    expect(Number.isNaN(Date.parse(record!.eventTime))).toBe(false);
  });

  it('sequencer grows for one key', async () => {
    const start = stack.events.length;

    await postUpload(stack, 'grow/key.txt', 'one');
    await postUpload(stack, 'grow/key.txt', 'two, longer');
    await stack.throughGate.send(
      new DeleteObjectCommand({ Bucket: testBucket, Key: 'grow/key.txt' }),
    );
    await stack.gate.flushEvents();

    const records = recordsSince(stack, start);
    expect(records.map((record) => record.eventName)).toEqual([
      'ObjectCreated:Post',
      'ObjectCreated:Post',
      'ObjectRemoved:Delete',
    ]);
    const sequencers = records.map((record) => record.s3.object.sequencer);
    expect(sequencers[1]! > sequencers[0]!).toBe(true);
    expect(sequencers[2]! > sequencers[1]!).toBe(true);
  });

  it('DeleteObject delivers a record without size or eTag', async () => {
    await postUpload(stack, 'delete/one file.txt', 'bytes');
    const start = stack.events.length;

    await stack.throughGate.send(
      new DeleteObjectCommand({
        Bucket: testBucket,
        Key: 'delete/one file.txt',
      }),
    );
    await stack.gate.flushEvents();

    const [record] = recordsSince(stack, start);
    expect(record?.eventName).toBe('ObjectRemoved:Delete');
    expect(record?.s3.object.key).toBe('delete/one+file.txt');
    expect(record?.s3.object).not.toHaveProperty('size');
    expect(record?.s3.object).not.toHaveProperty('eTag');
  });

  it('DeleteObjects delivers one record per key', async () => {
    await postUpload(stack, 'batch/a.txt', 'a');
    await postUpload(stack, 'batch/b & c.txt', 'b');
    const start = stack.events.length;

    await stack.throughGate.send(
      new DeleteObjectsCommand({
        Bucket: testBucket,
        Delete: {
          Objects: [{ Key: 'batch/a.txt' }, { Key: 'batch/b & c.txt' }],
        },
      }),
    );
    await stack.gate.flushEvents();

    const records = recordsSince(stack, start);
    expect(records.map((record) => record.eventName)).toEqual([
      'ObjectRemoved:Delete',
      'ObjectRemoved:Delete',
    ]);
    expect(records.map((record) => record.s3.object.key).sort()).toEqual([
      'batch/a.txt',
      'batch/b+%26+c.txt',
    ]);
  });

  it('PutObject and CopyObject deliver their records', async () => {
    const start = stack.events.length;

    const put = await stack.throughGate.send(
      new PutObjectCommand({
        Bucket: testBucket,
        Key: 'sdk/put.txt',
        Body: 'twelve bytes',
      }),
    );
    await stack.throughGate.send(
      new CopyObjectCommand({
        Bucket: testBucket,
        Key: 'sdk/copy.txt',
        CopySource: `${testBucket}/sdk/put.txt`,
      }),
    );
    await stack.gate.flushEvents();

    const records = recordsSince(stack, start);
    expect(records.map((record) => record.eventName)).toEqual([
      'ObjectCreated:Put',
      'ObjectCreated:Copy',
    ]);
    expect(records[0]?.s3.object).toMatchObject({
      key: 'sdk/put.txt',
      size: 12,
      eTag: put.ETag?.replace(/"/g, ''),
    });
    expect(records[1]?.s3.object).toMatchObject({
      key: 'sdk/copy.txt',
      size: 12,
      eTag: put.ETag?.replace(/"/g, ''),
    });
  });

  it('multipart upload delivers one record on completion', async () => {
    const start = stack.events.length;
    const key = 'sdk/multipart.bin';

    const { UploadId } = await stack.throughGate.send(
      new CreateMultipartUploadCommand({ Bucket: testBucket, Key: key }),
    );
    const part = await stack.throughGate.send(
      new UploadPartCommand({
        Bucket: testBucket,
        Key: key,
        UploadId,
        PartNumber: 1,
        Body: 'only part',
      }),
    );
    await stack.gate.flushEvents();
    const beforeCompletion = stack.events.length;
    await stack.throughGate.send(
      new CompleteMultipartUploadCommand({
        Bucket: testBucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: [{ ETag: part.ETag, PartNumber: 1 }] },
      }),
    );
    await stack.gate.flushEvents();

    expect(beforeCompletion).toBe(start);
    const records = recordsSince(stack, start);
    expect(records.map((record) => record.eventName)).toEqual([
      'ObjectCreated:CompleteMultipartUpload',
    ]);
    expect(records[0]?.s3.object.size).toBe(9);
  });

  it('reads and lists through the proxy', async () => {
    await postUpload(stack, 'read/hello.txt', 'hello');
    const start = stack.events.length;

    const object = await stack.throughGate.send(
      new GetObjectCommand({ Bucket: testBucket, Key: 'read/hello.txt' }),
    );
    const listing = await stack.throughGate.send(
      new ListObjectsV2Command({ Bucket: testBucket, Prefix: 'read/' }),
    );
    await stack.gate.flushEvents();

    expect(await object.Body?.transformToString()).toBe('hello');
    expect(listing.Contents?.map((entry) => entry.Key)).toEqual([
      'read/hello.txt',
    ]);
    expect(stack.events.length).toBe(start);
  });
});

describe('gate with duplicateEvents', () => {
  it('delivers every record twice', async () => {
    const stack = await startTestStack({ duplicateEvents: true });
    try {
      const response = await postUpload(stack, 'twice/a.txt', 'abc');
      await stack.gate.flushEvents();

      expect(response.status).toBe(204);
      expect(stack.events).toHaveLength(2);
      expect(stack.events[0]).toEqual(stack.events[1]);
      expect(stack.events[0]).not.toBe(stack.events[1]);
    } finally {
      await stack.stop();
    }
  });
});

describe('gate with a failing onEvent', () => {
  it('still stores the upload', async () => {
    const stack = await startTestStack({
      onEvent: async () => {
        throw new Error('handler failed');
      },
    });
    try {
      const response = await postUpload(stack, 'fails/a.txt', 'abc');
      await stack.gate.flushEvents();

      expect(response.status).toBe(204);
    } finally {
      await stack.stop();
    }
  });
});

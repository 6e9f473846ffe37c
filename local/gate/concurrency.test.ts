/**
 * Changes of one key at once, through the gate. Whichever write lands
 * last, the object's bytes, ETag and metadata come from that one write.
 * The records of POST uploads and deletes are numbered in the order of the
 * changes.
 */

import { createHash } from 'node:crypto';

import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { S3EventPayload } from './event-records';
import {
  formParts,
  isStored,
  listPartialObjects,
  postForm,
  presignedPost,
  startTestStack,
  testBucket,
  type TestStack,
} from './test-support';

/** Rounds per test. Each round is a chance for the writes to interleave. */
const rounds = 10;
/** POSTs of one key at once in a round. */
const writers = 8;

function md5Of(content: string): string {
  return `"${createHash('md5').update(content).digest('hex')}"`;
}

/** Returns the last record of `key` by sequencer, as a consumer orders them. */
function lastRecord(events: S3EventPayload[], key: string) {
  const records = events
    .flatMap((payload) => payload.Records)
    .filter((record) => decodeURIComponent(record.s3.object.key) === key);
  records.sort((a, b) =>
    a.s3.object.sequencer.localeCompare(b.s3.object.sequencer),
  );

  return records.at(-1);
}

describe('gate with changes of one key at once', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await stack.stop();
  });

  async function post(key: string, content: string, contentType: string) {
    const { url, fields } = await presignedPost(stack.gate.url, {
      key,
      fields: { 'Content-Type': contentType },
    });

    return postForm(url, formParts(fields, content));
  }

  /** Reads the bytes, ETag and Content-Type that s3rver stores under `key`. */
  async function readStored(key: string) {
    const head = await stack.s3rver.send(
      new HeadObjectCommand({ Bucket: testBucket, Key: key }),
    );
    const object = await stack.s3rver.send(
      new GetObjectCommand({ Bucket: testBucket, Key: key }),
    );

    return {
      content: (await object.Body?.transformToString()) ?? '',
      eTag: head.ETag,
      contentType: head.ContentType,
    };
  }

  it('keeps one whole POST of several at once', async () => {
    for (let round = 0; round < rounds; round += 1) {
      const key = `race/posts-${round}.txt`;
      // Different lengths, so mixed metadata would not parse as JSON.
      const writes = Array.from({ length: writers }, (_, index) => ({
        content: String(index).repeat(10 ** (index % 4)),
        contentType: `text/x-${index}`,
      }));

      const responses = await Promise.all(
        writes.map((write) => post(key, write.content, write.contentType)),
      );
      await stack.gate.flushEvents();
      const stored = await readStored(key);
      const winner = writes.find((write) => write.content === stored.content);

      expect(responses.map((response) => response.status)).toEqual(
        writes.map(() => 204),
      );
      expect(winner).toBeDefined();
      expect(stored.eTag).toBe(md5Of(stored.content));
      expect(stored.contentType).toBe(winner?.contentType);
      expect(lastRecord(stack.events, key)?.s3.object.eTag).toBe(
        md5Of(stored.content).slice(1, -1),
      );
    }
    expect(await listPartialObjects(stack.s3rverDir)).toEqual([]);
  });

  it('keeps one whole POST or PutObject', async () => {
    for (let round = 0; round < rounds; round += 1) {
      const key = `race/post-put-${round}.txt`;
      const posted = 'posted '.repeat(200);
      const put = 'put';

      await Promise.all([
        post(key, posted, 'text/x-posted'),
        stack.throughGate.send(
          new PutObjectCommand({
            Bucket: testBucket,
            Key: key,
            Body: put,
            ContentType: 'text/x-put',
          }),
        ),
      ]);
      await stack.gate.flushEvents();
      const stored = await readStored(key);

      expect([posted, put]).toContain(stored.content);
      expect(stored.eTag).toBe(md5Of(stored.content));
      // A PutObject does not wait for other changes of its key, so the
      // order of the records is not checked here.
      expect(stored.contentType).toBe(
        stored.content === put ? 'text/x-put' : 'text/x-posted',
      );
    }
  });

  it('copies one whole source version', async () => {
    for (let round = 0; round < rounds; round += 1) {
      const source = `race/copy-source-${round}.txt`;
      const target = `race/copy-target-${round}.txt`;
      const versions = ['old '.repeat(300), 'new'];
      await post(source, versions[0]!, 'text/x-old');

      await Promise.all([
        post(source, versions[1]!, 'text/x-new'),
        stack.throughGate.send(
          new CopyObjectCommand({
            Bucket: testBucket,
            Key: target,
            CopySource: `${testBucket}/${source}`,
          }),
        ),
      ]);
      const copied = await readStored(target);

      expect(versions).toContain(copied.content);
      expect(copied.eTag).toBe(md5Of(copied.content));
      expect(copied.contentType).toBe(
        copied.content === versions[1] ? 'text/x-new' : 'text/x-old',
      );
    }
  });

  it('numbers a POST and a delete in their order', async () => {
    for (let round = 0; round < rounds; round += 1) {
      const key = `race/post-delete-${round}.txt`;
      await post(key, 'first', 'text/plain');

      await Promise.all([
        post(key, 'second', 'text/plain'),
        stack.throughGate.send(
          new DeleteObjectCommand({ Bucket: testBucket, Key: key }),
        ),
      ]);
      await stack.gate.flushEvents();
      const last = lastRecord(stack.events, key);
      const listing = await stack.s3rver.send(
        new ListObjectsV2Command({ Bucket: testBucket, Prefix: key }),
      );

      if (await isStored(stack.s3rver, key)) {
        expect(last?.eventName).toBe('ObjectCreated:Post');
        expect((await readStored(key)).content).toBe('second');
      } else {
        expect(last?.eventName).toBe('ObjectRemoved:Delete');
      }
      expect(listing.KeyCount ?? 0).toBeLessThanOrEqual(1);
    }
    expect(await listPartialObjects(stack.s3rverDir)).toEqual([]);
  });
});

/**
 * Uploads that fail after their file has started to stream to disk: every
 * rejected, aborted or failed upload stores nothing, sends no event and
 * leaves no partial file in s3rver's folder.
 */

import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import path from 'node:path';

import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import {
  formParts,
  isStored,
  listPartialObjects,
  multipartBody,
  postForm,
  presignedPost,
  startTestStack,
  testBucket,
  type TestStack,
} from './test-support';

const MiB = 1024 ** 2;

describe('gate upload abort', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await stack.stop();
  });

  it('stores nothing when the client aborts mid-body', async () => {
    const key = 'abort/big.bin';
    const { url, fields } = await presignedPost(stack.gate.url, {
      key,
      conditions: [['content-length-range', 0, 64 * MiB]],
    });
    const { body, contentType } = multipartBody(
      formParts(fields, Buffer.alloc(32 * MiB, 'x')),
    );
    const target = new URL(url);
    const request = httpRequest({
      hostname: target.hostname,
      port: target.port,
      path: target.pathname,
      method: 'POST',
      headers: { 'Content-Type': contentType, 'Content-Length': body.length },
    });
    request.on('error', () => undefined);

    // Half the body, then a dropped connection once the partial file
    // exists.
    request.write(body.subarray(0, body.length / 2));
    await vi.waitFor(async () => {
      expect(await listPartialObjects(stack.s3rverDir)).toHaveLength(1);
    });
    request.destroy();

    await vi.waitFor(async () => {
      expect(await listPartialObjects(stack.s3rverDir)).toEqual([]);
    });
    await stack.gate.flushEvents();
    expect(await isStored(stack.s3rver, key)).toBe(false);
    expect(stack.events).toHaveLength(0);
  });

  it('stores nothing when a file grows past the maximum', async () => {
    const key = 'large/grew.bin';
    const { url, fields } = await presignedPost(stack.gate.url, {
      key,
      conditions: [['content-length-range', MiB, MiB]],
    });

    const response = await postForm(
      url,
      formParts(fields, Buffer.alloc(3 * MiB, 'x')),
    );
    await stack.gate.flushEvents();

    expect(response.status).toBe(400);
    expect(response.code).toBe('EntityTooLarge');
    expect(response.element('ProposedSize')).toBe(String(3 * MiB));
    expect(response.element('MaxSizeAllowed')).toBe(String(MiB));
    expect(await listPartialObjects(stack.s3rverDir)).toEqual([]);
    expect(await isStored(stack.s3rver, key)).toBe(false);
    expect(stack.events).toHaveLength(0);
  });

  it('stores nothing when a file is too small', async () => {
    const key = 'small/short.bin';
    const { url, fields } = await presignedPost(stack.gate.url, {
      key,
      conditions: [['content-length-range', 2 * MiB, 2 * MiB]],
    });

    const response = await postForm(
      url,
      formParts(fields, Buffer.alloc(2 * MiB - 1, 'x')),
    );
    await stack.gate.flushEvents();

    expect(response.status).toBe(400);
    expect(response.code).toBe('EntityTooSmall');
    expect(await listPartialObjects(stack.s3rverDir)).toEqual([]);
    expect(await isStored(stack.s3rver, key)).toBe(false);
    expect(stack.events).toHaveLength(0);
  });

  it('keeps the stored object when an overwrite is rejected', async () => {
    const key = 'keep/photo.bin';
    const first = await presignedPost(stack.gate.url, { key });
    await postForm(first.url, formParts(first.fields, 'original'));
    await stack.gate.flushEvents();
    const eventsBefore = stack.events.length;
    const second = await presignedPost(stack.gate.url, {
      key,
      conditions: [['content-length-range', 0, MiB]],
    });

    const response = await postForm(
      second.url,
      formParts(second.fields, Buffer.alloc(2 * MiB, 'y')),
    );
    await stack.gate.flushEvents();
    const stored = await stack.s3rver.send(
      new GetObjectCommand({ Bucket: testBucket, Key: key }),
    );

    expect(response.code).toBe('EntityTooLarge');
    expect(await stored.Body?.transformToString()).toBe('original');
    expect(stack.events).toHaveLength(eventsBefore);
    expect(await listPartialObjects(stack.s3rverDir)).toEqual([]);
  });

  it('stores nothing after a rejection before a large body', async () => {
    const key = 'early/expired.bin';
    const { url, fields } = await presignedPost(stack.gate.url, {
      key,
      expiresSeconds: 60,
    });
    stack.setTime(Date.now() + 3_600_000);

    try {
      const response = await postForm(
        url,
        formParts(fields, Buffer.alloc(8 * MiB, 'x')),
      );
      await stack.gate.flushEvents();

      expect(response.status).toBe(403);
      expect(response.message).toBe(
        'Invalid according to Policy: Policy expired.',
      );
      expect(await listPartialObjects(stack.s3rverDir)).toEqual([]);
      expect(await isStored(stack.s3rver, key)).toBe(false);
    } finally {
      stack.setTime(undefined);
    }
  });

  it('serves the next request on a drained connection', async () => {
    const { url, fields } = await presignedPost(stack.gate.url, {
      key: 'early/then-ok.txt',
    });
    const rejected = formParts(
      { ...fields, 'x-amz-meta-extra': 'x' },
      Buffer.alloc(2 * MiB, 'x'),
    );

    const first = await postForm(url, rejected);
    const second = await postForm(url, formParts(fields, 'ok'));

    expect(first.status).toBe(403);
    expect(second.status).toBe(204);
  });
});

describe('gate with a store it cannot write', () => {
  it('returns InternalError on a failed write', async () => {
    const stack = await startTestStack();
    try {
      // A file where the key needs a folder, so the write fails.
      await writeFile(path.join(stack.s3rverDir, testBucket, 'blocked'), '');
      const { url, fields } = await presignedPost(stack.gate.url, {
        key: 'blocked/a.txt',
      });

      const response = await postForm(url, formParts(fields, 'hello'));
      await stack.gate.flushEvents();

      expect(response.status).toBe(500);
      expect(response.code).toBe('InternalError');
      expect(stack.events).toHaveLength(0);
      expect(await listPartialObjects(stack.s3rverDir)).toEqual([]);
    } finally {
      await stack.stop();
    }
  });

  it('keeps listings after a failed PutObject', async () => {
    const stack = await startTestStack();
    try {
      // Fits in a file name, but not with s3rver's metadata suffix.
      const key = `long/${'n'.repeat(236)}`;

      const put = stack.throughGate.send(
        new PutObjectCommand({ Bucket: testBucket, Key: key, Body: 'x' }),
      );
      await expect(put).rejects.toMatchObject({
        $metadata: { httpStatusCode: 500 },
      });
      const listing = await stack.throughGate.send(
        new ListObjectsV2Command({ Bucket: testBucket }),
      );

      expect(listing.KeyCount ?? 0).toBe(0);
      expect(await listPartialObjects(stack.s3rverDir)).toEqual([]);
    } finally {
      await stack.stop();
    }
  });

  it('returns NoSuchBucket for a missing bucket', async () => {
    const stack = await startTestStack({ buckets: [] });
    try {
      const { url, fields } = await presignedPost(stack.gate.url, {
        key: 'none/a.txt',
      });

      const response = await postForm(url, formParts(fields, 'hello'));
      await stack.gate.flushEvents();

      expect(response.status).toBe(404);
      expect(response.code).toBe('NoSuchBucket');
      expect(response.element('BucketName')).toBe(testBucket);
      expect(stack.events).toHaveLength(0);
      expect(existsSync(path.join(stack.s3rverDir, testBucket))).toBe(false);
    } finally {
      await stack.stop();
    }
  });
});

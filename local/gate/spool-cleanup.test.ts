/**
 * The gate's temporary files: every rejected, aborted or failed upload
 * leaves the spool folder empty, stores nothing and sends no event.
 */

import { rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import {
  formParts,
  isStored,
  listSpoolFiles,
  multipartBody,
  postForm,
  presignedPost,
  startTestStack,
  type TestStack,
} from './test-support';

const MiB = 1024 ** 2;

describe('gate spool folder', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await stack.stop();
  });

  it('is empty after a client aborts mid-body', async () => {
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

    // Half the body, then a dropped connection once the spool file exists.
    request.write(body.subarray(0, body.length / 2));
    await vi.waitFor(async () => {
      expect(await listSpoolFiles(stack.spoolDir)).toHaveLength(1);
    });
    request.destroy();

    await vi.waitFor(async () => {
      expect(await listSpoolFiles(stack.spoolDir)).toEqual([]);
    });
    await stack.gate.flushEvents();
    expect(await isStored(stack.s3rver, key)).toBe(false);
    expect(stack.events).toHaveLength(0);
  });

  it('is empty after a file grows past the maximum', async () => {
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
    expect(await listSpoolFiles(stack.spoolDir)).toEqual([]);
    expect(await isStored(stack.s3rver, key)).toBe(false);
    expect(stack.events).toHaveLength(0);
  });

  it('is empty after a rejection before a large body', async () => {
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
      expect(await listSpoolFiles(stack.spoolDir)).toEqual([]);
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

describe('gate with an unreachable upstream', () => {
  it('returns InternalError and removes the spool file', async () => {
    const stack = await startTestStack({
      upstreamEndpoint: 'http://127.0.0.1:9',
    });
    try {
      const { url, fields } = await presignedPost(stack.gate.url, {
        key: 'down/a.txt',
      });

      const response = await postForm(url, formParts(fields, 'hello'));
      await stack.gate.flushEvents();

      expect(response.status).toBe(500);
      expect(response.code).toBe('InternalError');
      expect(await listSpoolFiles(stack.spoolDir)).toEqual([]);
      expect(stack.events).toHaveLength(0);
    } finally {
      await stack.stop();
    }
  });
});

describe('gate without its spool folder', () => {
  it('returns InternalError without stalling', async () => {
    const stack = await startTestStack();
    try {
      await rm(stack.spoolDir, { recursive: true });
      const { url, fields } = await presignedPost(stack.gate.url, {
        key: 'no-spool/a.bin',
      });

      const response = await postForm(
        url,
        formParts(fields, Buffer.alloc(4 * MiB, 'x')),
      );
      await stack.gate.flushEvents();

      expect(response.status).toBe(500);
      expect(response.code).toBe('InternalError');
      expect(await isStored(stack.s3rver, 'no-spool/a.bin')).toBe(false);
      expect(stack.events).toHaveLength(0);
    } finally {
      await stack.stop();
    }
  });
});

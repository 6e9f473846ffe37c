/**
 * CORS on POST uploads: the preflight that XHR with upload progress sends,
 * and the headers on successful and rejected uploads.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  formParts,
  postForm,
  presignedPost,
  startTestStack,
  testBucket,
  type TestStack,
} from './test-support';

const appOrigin = 'http://localhost:5173';

describe('gate CORS for POST uploads', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ allowedOrigins: [appOrigin] });
  });

  afterAll(async () => {
    await stack.stop();
  });

  async function preflight(headers: Record<string, string>) {
    return fetch(`${stack.gate.url}/${testBucket}`, {
      method: 'OPTIONS',
      headers,
    });
  }

  it('allows a preflight from an allowed origin', async () => {
    const response = await preflight({
      Origin: appOrigin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'x-requested-with',
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(appOrigin);
    expect(response.headers.get('access-control-allow-methods')).toBe('POST');
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'x-requested-with',
    );
    expect(response.headers.get('access-control-expose-headers')).toBe(
      'ETag, Location, x-amz-request-id',
    );
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it('rejects a preflight from another origin', async () => {
    const response = await preflight({
      Origin: 'http://evil.example',
      'Access-Control-Request-Method': 'POST',
    });
    const body = await response.text();

    expect(response.status).toBe(403);
    expect(body).toContain('<Code>AccessForbidden</Code>');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rejects a preflight without Origin', async () => {
    const response = await preflight({
      'Access-Control-Request-Method': 'POST',
    });
    const body = await response.text();

    expect(response.status).toBe(400);
    expect(body).toContain('<Code>BadRequest</Code>');
  });

  it('exposes ETag and Location on success', async () => {
    const { url, fields } = await presignedPost(stack.gate.url, {
      key: 'cors/ok.txt',
    });

    const response = await postForm(url, formParts(fields, 'hello'), {
      Origin: appOrigin,
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(appOrigin);
    expect(response.headers.get('access-control-expose-headers')).toBe(
      'ETag, Location, x-amz-request-id',
    );
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('lets the app read a rejection', async () => {
    const { url, fields } = await presignedPost(stack.gate.url, {
      key: 'cors/too-large.txt',
      conditions: [['content-length-range', 0, 2]],
    });

    const response = await postForm(url, formParts(fields, 'hello'), {
      Origin: appOrigin,
    });

    expect(response.status).toBe(400);
    expect(response.code).toBe('EntityTooLarge');
    expect(response.headers.get('access-control-allow-origin')).toBe(appOrigin);
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('sends no CORS grant to another origin', async () => {
    const { url, fields } = await presignedPost(stack.gate.url, {
      key: 'cors/other-origin.txt',
    });

    const response = await postForm(url, formParts(fields, 'hello'), {
      Origin: 'http://evil.example',
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('vary')).toBe('Origin');
  });
});

describe('gate CORS with the default origins', () => {
  it('allows any origin with *', async () => {
    const stack = await startTestStack();
    try {
      const response = await fetch(`${stack.gate.url}/${testBucket}`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://127.0.0.1:4173',
          'Access-Control-Request-Method': 'POST',
        },
      });

      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      await stack.stop();
    }
  });
});

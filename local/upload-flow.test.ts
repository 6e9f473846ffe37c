import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type {
  InitiatedUpload,
  ListResponse,
  SessionResponse,
} from '../amplify/core/api';
import type { StackHandle } from './stack';
import {
  callSession,
  createDataDir,
  pollUntil,
  removeDataDir,
  signIn,
  startTestStack,
  testAppOrigin,
} from './test-support';

const MiB = 1024 ** 2;

/** Posts `content` with the policy fields, the file part last, as S3 wants. */
function postUpload(upload: InitiatedUpload, content: string, type: string) {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) {
    form.append(name, value);
  }
  form.append('file', new Blob([content], { type }), upload.path);

  return fetch(upload.url, {
    method: 'POST',
    headers: { Origin: testAppOrigin },
    body: form,
  });
}

async function listSession(
  stack: StackHandle,
  token: string,
  prefix = '',
): Promise<ListResponse> {
  const query = `?prefix=${encodeURIComponent(prefix)}`;
  const response = await callSession(stack, { token, query });
  expect(response.status).toBe(200);

  return (await response.json()) as ListResponse;
}

describe('upload flow through the local servers', () => {
  let dataDir: string;
  let stack: StackHandle;

  beforeAll(async () => {
    dataDir = await createDataDir();
    stack = await startTestStack(dataDir);
  });

  afterAll(async () => {
    await stack?.stop();
    await removeDataDir(dataDir);
  });

  it('stores a posted file and counts its bytes', async () => {
    const { IdToken: token } = await signIn(stack, 'alice@example.com');
    const before = await listSession(stack, token);
    const path = 'Holiday 2024/IMG 0001 (a+b).jpg';
    // Multi-byte characters make the byte count differ from the length.
    const content = 'not really a JPEG, but exactly these bytes: ✓ é';
    const size = Buffer.byteLength(content);

    const started = await callSession(stack, {
      method: 'PUT',
      token,
      body: {
        files: [{ path, size, contentType: 'image/jpeg' }],
      },
    });
    expect(started.status).toBe(200);
    const session = (await started.json()) as SessionResponse;
    const upload = session.uploads[0];
    expect(upload?.state).toBe('INITIATED');
    const posted = await postUpload(
      upload as InitiatedUpload,
      content,
      'image/jpeg',
    );
    // The events function records the file as COMPLETE with its usage
    // change pending, then applies that change to the used bytes.
    const after = await pollUntil(
      () => listSession(stack, token, 'Holiday 2024/'),
      (list) => list.quota.usedBytes !== before.quota.usedBytes,
    );

    expect(posted.status).toBe(204);
    expect(posted.headers.get('access-control-allow-origin')).toBe(
      testAppOrigin,
    );
    expect(posted.headers.get('access-control-expose-headers')).toBe(
      'ETag, Location, x-amz-request-id',
    );
    expect(after.files).toHaveLength(1);
    expect(after.files[0]?.path).toBe(path);
    expect(after.files[0]?.size).toBe(size);
    expect(after.quota.usedBytes).toBe(before.quota.usedBytes + size);
    expect(after.quota.reservedBytes).toBe(before.quota.reservedBytes);
    const stored = await stack.clients.s3.send(
      new GetObjectCommand({
        Bucket: stack.config.bucketName,
        Key: (upload as InitiatedUpload).key,
      }),
    );
    expect(await stored.Body?.transformToString()).toBe(content);
    expect(stored.ContentType).toBe('image/jpeg');
  });

  it('allows the app origin to post to the bucket', async () => {
    const response = await fetch(
      `${stack.endpoints.s3}/${stack.config.bucketName}`,
      {
        method: 'OPTIONS',
        headers: {
          Origin: testAppOrigin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      },
    );

    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(
      testAppOrigin,
    );
    expect(response.headers.get('access-control-allow-methods')).toContain(
      'POST',
    );
  });

  it('rejects a file over the cap and stores nothing', async () => {
    const { IdToken: token } = await signIn(stack, 'bob@example.com');
    const bob = stack.users.find((user) => user.email === 'bob@example.com');
    const before = await listSession(stack, token);

    const response = await callSession(stack, {
      method: 'PUT',
      token,
      body: {
        files: [
          { path: 'Big/video.mp4', size: 6 * MiB, contentType: 'video/mp4' },
        ],
      },
    });

    expect(response.status).toBe(200);
    const session = (await response.json()) as SessionResponse;
    expect(session.uploads[0]).toMatchObject({
      state: 'REJECTED',
      reason: {
        code: expect.any(String),
        message: expect.stringMatching(/\S/),
      },
    });
    expect(session.quota).toEqual(before.quota);
    const listed = await stack.clients.s3.send(
      new ListObjectsV2Command({
        Bucket: stack.config.bucketName,
        Prefix: `users/${bob?.sub}/`,
      }),
    );
    expect(listed.KeyCount ?? 0).toBe(0);
  });

  it('seeds each demo cap', async () => {
    for (const user of stack.users) {
      const { IdToken: token } = await signIn(stack, user.email);

      const list = await listSession(stack, token);

      expect(list.quota.capBytes).toBe(user.capBytes);
    }
  });
});

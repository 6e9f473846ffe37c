import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type {
  ErrorResponse,
  ListResponse,
  SessionResponse,
} from '../../core/api';
import {
  createApiEvent,
  createS3Event,
  createS3Record,
} from '../../test/events';
import { startTestStack, type TestStack } from '../../test/servers';
import { createEventsHandler } from '../events/handler';
import { createSessionHandler, type SessionHandler } from './handler';

let stack: TestStack;
let handle: SessionHandler;
const alice = { sub: randomUUID() };
const bob = { sub: randomUUID() };

beforeAll(async () => {
  stack = await startTestStack({ SHOEBOX_DEFAULT_CAP_BYTES: '100000' });
  handle = createSessionHandler(stack.dependencies);

  // Bob stores one file, which no path of Alice's may reach.
  const started = await handle(
    createApiEvent({
      method: 'PUT',
      claims: bob,
      body: JSON.stringify({
        files: [{ path: 'secret.jpg', size: 5, contentType: 'image/jpeg' }],
      }),
    }),
  );
  const upload = (JSON.parse(started.body) as SessionResponse).uploads[0];
  if (upload?.state !== 'INITIATED') {
    throw new Error(`Upload was not granted: ${started.body}`);
  }
  await createEventsHandler(stack.dependencies)(
    createS3Event(
      createS3Record({
        eventName: 'ObjectCreated:Post',
        bucketName: stack.settings.bucketName,
        key: upload.key,
        size: 5,
        sequencer: '0055AED6DCD90281E5',
      }),
    ),
  );
});

afterAll(async () => {
  await stack?.close();
});

function download(path: string) {
  return handle(
    createApiEvent({
      method: 'GET',
      path: '/session/download',
      claims: alice,
      query: { path },
    }),
  );
}

describe('access to another member’s files', () => {
  const paths: [string, () => string][] = [
    ['a ".." segment', () => `../${bob.sub}/secret.jpg`],
    ['the other member’s prefix', () => `users/${bob.sub}/secret.jpg`],
    ['the other sub as folder', () => `${bob.sub}/secret.jpg`],
    ['encoded slashes', () => `..%2F${bob.sub}%2Fsecret.jpg`],
    ['the same relative path', () => 'secret.jpg'],
  ];

  it.each(paths)('signs no download for %s', async (_case, path) => {
    const result = await download(path());

    expect([400, 404]).toContain(result.statusCode);
    expect(result.body).not.toContain('X-Amz-Signature');
    const error = (JSON.parse(result.body) as ErrorResponse).error;
    expect(error.message).toContain(JSON.stringify(path()));
  });

  it.each(paths)(
    'keeps a policy for %s under the caller',
    async (_case, path) => {
      const result = await handle(
        createApiEvent({
          method: 'PUT',
          claims: alice,
          body: JSON.stringify({
            files: [{ path: path(), size: 1, contentType: 'image/jpeg' }],
          }),
        }),
      );

      if (result.statusCode === 200) {
        const upload = (JSON.parse(result.body) as SessionResponse).uploads[0];
        expect(upload?.state).toBe('INITIATED');
        if (upload?.state === 'INITIATED') {
          expect(upload.key.startsWith(`users/${alice.sub}/`)).toBe(true);
          expect(upload.fields.key).toBe(upload.key);
        }
      } else {
        expect(result.statusCode).toBe(400);
      }
    },
  );

  it('lists none of the other member’s files', async () => {
    const result = await handle(
      createApiEvent({
        method: 'GET',
        claims: alice,
        query: { prefix: `users/${bob.sub}` },
      }),
    );

    expect(result.statusCode).toBe(200);
    const list = JSON.parse(result.body) as ListResponse;
    for (const file of list.files) {
      expect(file.key.startsWith(`users/${alice.sub}/`)).toBe(true);
    }
  });
});

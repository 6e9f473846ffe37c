import { randomUUID } from 'node:crypto';

import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type {
  DownloadResponse,
  EmptyTrashResponse,
  ListResponse,
  SessionResponse,
  TrashListResponse,
  TrashResponse,
  TrashRestoreResponse,
} from '../../core/api';
import { getMember } from '../../services/members';
import { fileItemKey } from '../../services/table';
import {
  createApiEvent,
  createS3Event,
  createS3Record,
} from '../../test/events';
import { startTestStack, type TestStack } from '../../test/servers';
import { createEventsHandler, type EventsHandler } from '../events/handler';
import { createSessionHandler, type SessionHandler } from './handler';

let stack: TestStack;
let handle: SessionHandler;
let settle: EventsHandler;
let sequence = 0;

beforeAll(async () => {
  stack = await startTestStack();
  handle = createSessionHandler(stack.dependencies);
  settle = createEventsHandler(stack.dependencies);
});

afterAll(async () => {
  await stack?.close();
});

type Claims = { sub: string; email: string };

function newMember(): Claims {
  return { sub: randomUUID(), email: 'alice@example.com' };
}

async function call<T>(
  claims: Claims,
  method: string,
  path: string,
  init: { body?: unknown; query?: Record<string, string> } = {},
): Promise<T> {
  const result = await handle(
    createApiEvent({
      method,
      path,
      claims,
      query: init.query,
      body: init.body === undefined ? null : JSON.stringify(init.body),
    }),
  );
  expect(result.statusCode, result.body).toBe(200);

  return JSON.parse(result.body) as T;
}

/** Delivers one S3 event with the next sequencer, as S3 would. */
async function deliver(eventName: string, key: string, size?: number) {
  sequence += 1;
  await settle(
    createS3Event(
      createS3Record({
        eventName,
        bucketName: stack.settings.bucketName,
        key,
        size,
        sequencer: sequence.toString(16).padStart(16, '0'),
      }),
    ),
  );
}

/** Uploads one file through the API, S3 and the create event. */
async function storeFile(claims: Claims, path: string, body: string) {
  const session = await call<SessionResponse>(claims, 'PUT', '/session', {
    body: {
      files: [{ path, size: body.length, contentType: 'text/plain' }],
    },
  });
  const upload = session.uploads[0];
  if (upload?.state !== 'INITIATED') {
    throw new Error(`Upload not started: ${JSON.stringify(upload)}`);
  }
  await stack.s3.send(
    new PutObjectCommand({
      Bucket: stack.settings.bucketName,
      Key: upload.key,
      Body: body,
      ContentType: 'text/plain',
    }),
  );
  await deliver('ObjectCreated:Post', upload.key, body.length);

  return upload.key;
}

async function usedBytes(claims: Claims): Promise<number> {
  const member = await getMember(
    stack.dynamo,
    stack.settings.tableName,
    claims.sub,
  );

  return member.usedBytes;
}

async function exists(key: string): Promise<boolean> {
  try {
    await stack.s3.send(
      new HeadObjectCommand({ Bucket: stack.settings.bucketName, Key: key }),
    );
    return true;
  } catch {
    return false;
  }
}

describe('trash routes', () => {
  it('moves a file in without counting it twice', async () => {
    const claims = newMember();
    const key = await storeFile(claims, 'Holiday/a.txt', 'hello');

    const trashed = await call<TrashResponse>(
      claims,
      'POST',
      '/session/trash',
      {
        body: { paths: ['Holiday/a.txt'] },
      },
    );

    const [result] = trashed.results;
    expect(result?.outcome).toBe('TRASHED');
    expect(trashed.quota.usedBytes).toBe(5);
    expect(await exists(key)).toBe(false);
    const trashKey = `trash/${claims.sub}/${result?.outcome === 'TRASHED' ? result.trashId : ''}/Holiday/a.txt`;
    expect(await exists(trashKey)).toBe(true);
    await deliver('ObjectCreated:Copy', trashKey, 5);
    await deliver('ObjectRemoved:Delete', key);
    expect(await usedBytes(claims)).toBe(5);
    const listing = await call<ListResponse>(claims, 'GET', '/session', {
      query: { prefix: 'Holiday/' },
    });
    expect(listing.files).toEqual([]);
  });

  it('lists the trash with its retention', async () => {
    const claims = newMember();
    await storeFile(claims, 'b.txt', 'bytes');
    await call<TrashResponse>(claims, 'POST', '/session/trash', {
      body: { paths: ['b.txt'] },
    });

    const trash = await call<TrashListResponse>(
      claims,
      'GET',
      '/session/trash',
    );

    expect(trash.retentionDays).toBe(30);
    expect(trash.items.map((item) => item.path)).toEqual(['b.txt']);
    expect(trash.items[0]?.size).toBe(5);
    expect(trash.quota.usedBytes).toBe(5);
  });

  it('restores a file to its path without counting it twice', async () => {
    const claims = newMember();
    await storeFile(claims, 'c.txt', 'abc');
    const trashed = await call<TrashResponse>(
      claims,
      'POST',
      '/session/trash',
      {
        body: { paths: ['c.txt'] },
      },
    );
    const trashId =
      trashed.results[0]?.outcome === 'TRASHED'
        ? trashed.results[0].trashId
        : '';

    const restored = await call<TrashRestoreResponse>(
      claims,
      'POST',
      '/session/trash/restore',
      { body: { trashIds: [trashId] } },
    );

    expect(restored.results).toEqual([
      { trashId, outcome: 'RESTORED', path: 'c.txt' },
    ]);
    const key = `users/${claims.sub}/c.txt`;
    expect(await exists(key)).toBe(true);
    await deliver('ObjectCreated:Copy', key, 3);
    await deliver(
      'ObjectRemoved:Delete',
      `trash/${claims.sub}/${trashId}/c.txt`,
    );
    expect(await usedBytes(claims)).toBe(3);
    const listing = await call<ListResponse>(claims, 'GET', '/session');
    expect(listing.files.map((file) => file.path)).toEqual(['c.txt']);
  });

  it('restores beside a file that took the path', async () => {
    const claims = newMember();
    await storeFile(claims, 'd.txt', 'old');
    const trashed = await call<TrashResponse>(
      claims,
      'POST',
      '/session/trash',
      {
        body: { paths: ['d.txt'] },
      },
    );
    await storeFile(claims, 'd.txt', 'newer');
    const trashId =
      trashed.results[0]?.outcome === 'TRASHED'
        ? trashed.results[0].trashId
        : '';

    const restored = await call<TrashRestoreResponse>(
      claims,
      'POST',
      '/session/trash/restore',
      { body: { trashIds: [trashId] } },
    );

    expect(restored.results[0]).toEqual({
      trashId,
      outcome: 'RESTORED',
      path: 'd (1).txt',
    });
    expect(await usedBytes(claims)).toBe(8);
  });

  it('drops the meter when S3 reports the removal', async () => {
    const claims = newMember();
    await storeFile(claims, 'e.txt', 'twelve bytes');
    const trashed = await call<TrashResponse>(
      claims,
      'POST',
      '/session/trash',
      {
        body: { paths: ['e.txt'] },
      },
    );
    const trashId =
      trashed.results[0]?.outcome === 'TRASHED'
        ? trashed.results[0].trashId
        : '';
    const trashKey = `trash/${claims.sub}/${trashId}/e.txt`;

    const emptied = await call<EmptyTrashResponse>(
      claims,
      'DELETE',
      '/session/trash',
    );

    expect(emptied.removedCount).toBe(1);
    expect(emptied.hasMore).toBe(false);
    expect(await exists(trashKey)).toBe(false);
    expect(await usedBytes(claims)).toBe(12);
    await deliver('ObjectRemoved:Delete', trashKey);
    expect(await usedBytes(claims)).toBe(0);
    await deliver('ObjectRemoved:Delete', trashKey);
    expect(await usedBytes(claims)).toBe(0);
  });

  it('drops the meter on a lifecycle expiration', async () => {
    const claims = newMember();
    await storeFile(claims, 'f.txt', 'four');
    const trashed = await call<TrashResponse>(
      claims,
      'POST',
      '/session/trash',
      {
        body: { paths: ['f.txt'] },
      },
    );
    const trashId =
      trashed.results[0]?.outcome === 'TRASHED'
        ? trashed.results[0].trashId
        : '';

    await deliver(
      'LifecycleExpiration:Delete',
      `trash/${claims.sub}/${trashId}/f.txt`,
    );

    expect(await usedBytes(claims)).toBe(0);
    const trash = await call<TrashListResponse>(
      claims,
      'GET',
      '/session/trash',
    );
    expect(trash.items).toEqual([]);
  });

  it('deletes permanently on request', async () => {
    const claims = newMember();
    const key = await storeFile(claims, 'g.txt', 'gone');

    const deleted = await call<TrashResponse>(
      claims,
      'POST',
      '/session/trash',
      {
        body: { paths: ['g.txt'], permanent: true },
      },
    );

    expect(deleted.results).toEqual([{ path: 'g.txt', outcome: 'DELETED' }]);
    await deliver('ObjectRemoved:Delete', key);
    expect(await usedBytes(claims)).toBe(0);
  });

  it('keeps the class the lifecycle rules reached', async () => {
    const claims = newMember();
    await storeFile(claims, 'aged.txt', 'x'.repeat(128 * 1024));
    const fortyDaysAgo = new Date(Date.now() - 40 * 86_400_000);
    await stack.dynamo.send(
      new UpdateCommand({
        TableName: stack.settings.tableName,
        Key: fileItemKey(claims.sub, 'aged.txt'),
        UpdateExpression: 'SET createdAt = :createdAt',
        ExpressionAttributeValues: { ':createdAt': fortyDaysAgo.toISOString() },
      }),
    );

    await call<TrashResponse>(claims, 'POST', '/session/trash', {
      body: { paths: ['aged.txt'] },
    });

    const trash = await call<TrashListResponse>(
      claims,
      'GET',
      '/session/trash',
    );
    expect(trash.items[0]?.storageClass).toBe('STANDARD_IA');
  });

  it('reports a path that holds no file', async () => {
    const claims = newMember();

    const response = await call<TrashResponse>(
      claims,
      'POST',
      '/session/trash',
      {
        body: { paths: ['missing.txt'] },
      },
    );

    expect(response.results[0]?.outcome).toBe('FAILED');
  });
});

describe('recount with files in the trash', () => {
  it('keeps trashed bytes counted', async () => {
    const claims = newMember();
    await storeFile(claims, 'kept.txt', 'seven b');
    await call<TrashResponse>(claims, 'POST', '/session/trash', {
      body: { paths: ['kept.txt'] },
    });

    const result = await handle(
      createApiEvent({
        method: 'POST',
        path: '/admin/recount',
        claims: { ...newMember(), 'cognito:groups': 'admins' },
      }),
    );

    expect(result.statusCode, result.body).toBe(200);
    expect(await usedBytes(claims)).toBe(7);
  });
});

describe('download route', () => {
  it('signs a GET that returns the bytes and the name', async () => {
    const claims = newMember();
    await storeFile(claims, 'Reise/Café.txt', 'crème');

    const download = await call<DownloadResponse>(
      claims,
      'GET',
      '/session/download',
      { query: { path: 'Reise/Café.txt' } },
    );
    const response = await fetch(download.url);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('crème');
    expect(download.fileName).toBe('Café.txt');
    expect(
      new URL(download.url).searchParams.get('response-content-disposition'),
    ).toBe(`attachment; filename="Cafe.txt"; filename*=UTF-8''Caf%C3%A9.txt`);
  });

  it('returns 404 for a path that holds no file', async () => {
    const result = await handle(
      createApiEvent({
        method: 'GET',
        path: '/session/download',
        claims: newMember(),
        query: { path: 'nothing.jpg' },
      }),
    );

    expect(result.statusCode).toBe(404);
  });
});

import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type {
  AdminInviteResponse,
  AdminUserResponse,
  AdminUsersResponse,
  ArchiveRestoreResponse,
  DownloadResponse,
  InitiatedUpload,
  ListResponse,
  SessionResponse,
  TrashListResponse,
  TrashResponse,
  TrashRestoreResponse,
  UploadStorageClass,
} from '../amplify/core/api';
import type { StackHandle } from './stack';
import {
  createDataDir,
  pollUntil,
  removeDataDir,
  signIn,
  startTestStack,
  testAppOrigin,
} from './test-support';
import { expireTrash } from './trash-lifecycle';

const restoreDelaySeconds = 1;

let dataDir: string;
let stack: StackHandle;

beforeAll(async () => {
  dataDir = await createDataDir();
  stack = await startTestStack(dataDir, {
    config: { restoreDelaySeconds },
  });
});

afterAll(async () => {
  await stack?.stop();
  await removeDataDir(dataDir);
});

/** Calls the API at `path` with the ID token of `email`. */
async function api(
  email: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  const { IdToken } = await signIn(stack, email);

  return fetch(`${stack.endpoints.api}${path.replace(/^\//, '')}`, {
    method,
    headers: {
      Authorization: IdToken,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function json<T>(response: Promise<Response>): Promise<T> {
  const resolved = await response;
  const text = await resolved.text();
  expect(resolved.status, text).toBeLessThan(300);

  return JSON.parse(text) as T;
}

/** Uploads `content` to `path` through the gate and waits for the event. */
async function upload(
  email: string,
  path: string,
  content: string,
  storageClass: UploadStorageClass = 'STANDARD',
): Promise<InitiatedUpload> {
  const size = Buffer.byteLength(content);
  const session = await json<SessionResponse>(
    api(email, 'PUT', '/session', {
      files: [{ path, size, contentType: 'text/plain', storageClass }],
    }),
  );
  const started = session.uploads[0];
  if (started?.state !== 'INITIATED') {
    throw new Error(`Upload not started: ${JSON.stringify(started)}`);
  }
  const form = new FormData();
  for (const [name, value] of Object.entries(started.fields)) {
    form.append(name, value);
  }
  form.append('file', new Blob([content], { type: 'text/plain' }), path);
  const posted = await fetch(started.url, {
    method: 'POST',
    headers: { Origin: testAppOrigin },
    body: form,
  });
  expect(posted.status, await posted.text()).toBeLessThan(300);
  const folder = path.slice(0, path.lastIndexOf('/') + 1);
  const listPath = `/session?prefix=${encodeURIComponent(folder)}`;
  await pollUntil(
    () => json<ListResponse>(api(email, 'GET', listPath)),
    (list) =>
      list.files.some(
        (file) => file.path === path && file.state === 'COMPLETE',
      ),
  );

  return started;
}

async function usedBytes(email: string): Promise<number> {
  const list = await json<ListResponse>(api(email, 'GET', '/session'));

  return list.quota.usedBytes;
}

describe('trash through the local stack', () => {
  it('keeps usage through trash and restore, drops it on empty', async () => {
    const email = 'alice@example.com';
    const before = await usedBytes(email);
    const started = await upload(email, 'Trip/note.txt', 'ten bytes!');

    const trashed = await json<TrashResponse>(
      api(email, 'POST', '/session/trash', { paths: ['Trip/note.txt'] }),
    );
    const result = trashed.results[0];
    const trashId = result?.outcome === 'TRASHED' ? result.trashId : '';
    // A move changes no counter, so there is no state to poll for: wait
    // until the copy's and the delete's events have been handled.
    await stack.flushEvents();
    const whileTrashed = await usedBytes(email);
    const restored = await json<TrashRestoreResponse>(
      api(email, 'POST', '/session/trash/restore', { trashIds: [trashId] }),
    );
    await stack.flushEvents();
    const afterRestore = await usedBytes(email);
    await json<TrashResponse>(
      api(email, 'POST', '/session/trash', { paths: ['Trip/note.txt'] }),
    );
    await json(api(email, 'DELETE', '/session/trash'));
    const afterEmpty = await pollUntil(
      () => usedBytes(email),
      (used) => used === before,
    );

    expect(started.storageClass).toBe('STANDARD');
    expect(result?.outcome).toBe('TRASHED');
    expect(whileTrashed).toBe(before + 10);
    expect(restored.results[0]).toMatchObject({
      outcome: 'RESTORED',
      path: 'Trip/note.txt',
    });
    expect(afterRestore).toBe(before + 10);
    expect(afterEmpty).toBe(before);
  });

  it('lifecycle sweep removes expired trash and the meter drops', async () => {
    const email = 'bob@example.com';
    const before = await usedBytes(email);
    await upload(email, 'old.txt', 'five!');
    await json<TrashResponse>(
      api(email, 'POST', '/session/trash', { paths: ['old.txt'] }),
    );

    const early = await expireTrash({
      s3: stack.clients.s3,
      bucketName: stack.config.bucketName,
      retentionDays: 30,
      now: () => Date.now() + 29 * 86_400_000,
    });
    const late = await expireTrash({
      s3: stack.clients.s3,
      bucketName: stack.config.bucketName,
      retentionDays: 30,
      now: () => Date.now() + 31 * 86_400_000,
    });
    const after = await pollUntil(
      () => usedBytes(email),
      (used) => used === before,
    );
    const trash = await json<TrashListResponse>(
      api(email, 'GET', '/session/trash'),
    );

    expect(early.expiredCount).toBe(0);
    expect(late.expiredCount).toBeGreaterThanOrEqual(1);
    expect(after).toBe(before);
    expect(trash.items).toEqual([]);
  });
});

describe('downloads and archive restores through the local stack', () => {
  it('downloads the same bytes under the original name', async () => {
    const email = 'alice@example.com';
    const content = 'Grüße aus Köln ✓';
    await upload(email, 'Köln/Grüße.txt', content);

    const download = await json<DownloadResponse>(
      api(
        email,
        'GET',
        `/session/download?path=${encodeURIComponent('Köln/Grüße.txt')}`,
      ),
    );
    const response = await fetch(download.url);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe(content);
    expect(download.fileName).toBe('Grüße.txt');
  });

  it('completes a Deep Archive restore after the delay', async () => {
    const email = 'alice@example.com';
    await upload(email, 'deep.txt', 'frozen', 'DEEP_ARCHIVE');
    const query = `/session/download?path=deep.txt`;

    const refused = await api(email, 'GET', query);
    const restore = await json<ArchiveRestoreResponse>(
      api(email, 'POST', '/session/archive-restore', { path: 'deep.txt' }),
    );
    const allowed = await pollUntil(
      () => api(email, 'GET', query),
      (response) => response.status === 200,
      { timeoutMs: (restoreDelaySeconds + 5) * 1000, intervalMs: 250 },
    );

    expect(refused.status).toBe(409);
    expect(restore.archive.state).toBe('RESTORING');
    expect(allowed.status).toBe(200);
  });

  it('lists a restore as RESTORED after the delay', async () => {
    const email = 'alice@example.com';
    await upload(email, 'listed-deep.txt', 'frozen', 'DEEP_ARCHIVE');
    const archiveOf = async () => {
      const list = await json<ListResponse>(api(email, 'GET', '/session'));

      return list.files.find((file) => file.path === 'listed-deep.txt')
        ?.archive;
    };

    const before = await archiveOf();
    await json<ArchiveRestoreResponse>(
      api(email, 'POST', '/session/archive-restore', {
        path: 'listed-deep.txt',
      }),
    );
    const restoring = await archiveOf();
    const restored = await pollUntil(
      archiveOf,
      (archive) => archive?.state === 'RESTORED',
      { timeoutMs: (restoreDelaySeconds + 5) * 1000, intervalMs: 250 },
    );

    expect(before?.state).toBe('ARCHIVED');
    expect(restoring?.state).toBe('RESTORING');
    // The local stack's delay, not S3's hours, sets the expected time.
    expect(
      Date.parse(restoring?.expectedAt ?? '') -
        Date.parse(restoring?.requestedAt ?? ''),
    ).toBe(restoreDelaySeconds * 1000);
    expect(restored?.state).toBe('RESTORED');
  });
});

describe('admin routes through the local stack', () => {
  it('rejects a member with 403', async () => {
    const response = await api('bob@example.com', 'GET', '/admin/users');

    expect(response.status).toBe(403);
  });

  it('raises bob cap so his next upload fits', async () => {
    const users = await json<AdminUsersResponse>(
      api('admin@example.com', 'GET', '/admin/users'),
    );
    const bob = users.members.find(
      (member) => member.email === 'bob@example.com',
    );
    const large = 'x'.repeat(6 * 1024 * 1024);
    const refused = await json<SessionResponse>(
      api('bob@example.com', 'PUT', '/session', {
        files: [
          { path: 'big.txt', size: large.length, contentType: 'text/plain' },
        ],
      }),
    );

    const changed = await json<AdminUserResponse>(
      api('admin@example.com', 'PUT', `/admin/users/${bob?.id ?? ''}`, {
        capBytes: 20 * 1024 * 1024,
      }),
    );
    const fits = await json<SessionResponse>(
      api('bob@example.com', 'PUT', '/session', {
        files: [
          { path: 'big.txt', size: large.length, contentType: 'text/plain' },
        ],
      }),
    );

    expect(users.members.map((member) => member.email)).toContain(
      'admin@example.com',
    );
    expect(refused.uploads[0]?.state).toBe('REJECTED');
    expect(changed.member.capBytes).toBe(20 * 1024 * 1024);
    expect(fits.uploads[0]?.state).toBe('INITIATED');
  });

  it('invites a member who must set a new password', async () => {
    const invited = await json<AdminInviteResponse>(
      api('admin@example.com', 'POST', '/admin/users', {
        email: 'carol@example.com',
      }),
    );
    const signInAttempt = await stack.clients.cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: stack.userPoolClientId,
        AuthParameters: {
          USERNAME: 'carol@example.com',
          PASSWORD: invited.temporaryPassword ?? '',
        },
      }),
    );

    expect(invited.member.email).toBe('carol@example.com');
    expect(invited.temporaryPassword).toMatch(/^Tmp-/);
    expect(signInAttempt.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  });
});

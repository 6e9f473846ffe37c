import { randomUUID } from 'node:crypto';

import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type {
  AdminInviteResponse,
  AdminUserResponse,
  AdminUsersResponse,
  ArchiveRestoreResponse,
  CostResponse,
  ErrorResponse,
  HouseholdCostResponse,
  ListResponse,
  SessionResponse,
  UploadStorageClass,
} from '../../core/api';
import type { DirectoryUser, MemberDirectory } from '../../services/directory';
import {
  createApiEvent,
  createS3Event,
  createS3Record,
} from '../../test/events';
import { startTestStack, type TestStack } from '../../test/servers';
import { createTimedArchiveRestorer } from '../../../local/archive';
import { createEventsHandler, type EventsHandler } from '../events/handler';
import { createSessionHandler, type SessionHandler } from './handler';

const GiB = 1024 ** 3;
const restoreDelaySeconds = 60;

let stack: TestStack;
let handle: SessionHandler;
let settle: EventsHandler;
let nowMs = Date.parse('2026-12-04T12:00:00.000Z');
let sequence = 0;
const users: DirectoryUser[] = [];

/** A directory kept in memory, standing in for the user pool. */
const directory: MemberDirectory = {
  listUsers: () => Promise.resolve(users.map((user) => ({ ...user }))),
  inviteUser(email) {
    const user: DirectoryUser = {
      id: randomUUID(),
      username: email,
      email,
      enabled: true,
      isAdmin: false,
    };
    users.push(user);

    return Promise.resolve({ user, temporaryPassword: 'Tmp-password-1a' });
  },
  setEnabled(username, enabled) {
    const user = users.find((candidate) => candidate.username === username);
    if (user !== undefined) {
      user.enabled = enabled;
    }

    return Promise.resolve();
  },
};

beforeAll(async () => {
  stack = await startTestStack({ SHOEBOX_DEFAULT_CAP_BYTES: String(GiB) });
  const dependencies = {
    ...stack.dependencies,
    now: () => nowMs,
    directory,
    archive: createTimedArchiveRestorer({
      delaySeconds: restoreDelaySeconds,
      availableDays: 7,
      now: () => nowMs,
    }),
  };
  handle = createSessionHandler(dependencies);
  settle = createEventsHandler(dependencies);
});

afterAll(async () => {
  await stack?.close();
});

type Claims = { sub: string; email: string; 'cognito:groups'?: string };

function addMember(email: string, isAdmin = false): Claims {
  const sub = randomUUID();
  users.push({ id: sub, username: sub, email, enabled: true, isAdmin });

  return isAdmin
    ? { sub, email, 'cognito:groups': 'family,admins' }
    : { sub, email };
}

async function send(
  claims: Claims,
  method: string,
  path: string,
  init: {
    body?: unknown;
    query?: Record<string, string>;
    resource?: string;
    pathParameters?: Record<string, string>;
  } = {},
) {
  return handle(
    createApiEvent({
      method,
      path,
      claims,
      query: init.query,
      resource: init.resource,
      pathParameters: init.pathParameters,
      body: init.body === undefined ? null : JSON.stringify(init.body),
    }),
  );
}

async function call<T>(
  claims: Claims,
  method: string,
  path: string,
  init: Parameters<typeof send>[3] = {},
): Promise<T> {
  const result = await send(claims, method, path, init);
  expect(result.statusCode, result.body).toBeLessThan(300);

  return JSON.parse(result.body) as T;
}

async function store(
  claims: Claims,
  path: string,
  size: number,
  storageClass?: UploadStorageClass,
): Promise<SessionResponse> {
  const session = await call<SessionResponse>(claims, 'PUT', '/session', {
    body: {
      files: [
        {
          path,
          size,
          contentType: 'image/jpeg',
          storageClass,
          thumbnail: true,
        },
      ],
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
      Body: Buffer.alloc(size),
    }),
  );
  sequence += 1;
  await settle(
    createS3Event(
      createS3Record({
        eventName: 'ObjectCreated:Post',
        bucketName: stack.settings.bucketName,
        key: upload.key,
        size,
        sequencer: sequence.toString(16).padStart(16, '0'),
      }),
    ),
  );

  return session;
}

describe('storage classes in PUT /session', () => {
  it('writes the chosen class into the policy', async () => {
    const claims = addMember('class@example.com');

    const session = await store(claims, 'cold.jpg', 10, 'GLACIER_IR');

    const upload = session.uploads[0];
    const initiated = upload?.state === 'INITIATED' ? upload : undefined;
    expect(initiated?.storageClass).toBe('GLACIER_IR');
    expect(initiated?.fields['x-amz-storage-class']).toBe('GLACIER_IR');
  });

  it('issues a thumbnail policy outside the member prefix', async () => {
    const claims = addMember('thumb@example.com');

    const session = await store(claims, 'pic.jpg', 10);

    const upload = session.uploads[0];
    const thumbnail =
      upload?.state === 'INITIATED' ? upload.thumbnail : undefined;
    expect(thumbnail?.key).toBe(
      `thumbs/${claims.sub}/${upload?.state === 'INITIATED' ? upload.uploadId : ''}`,
    );
    expect(thumbnail?.maxBytes).toBe(128 * 1024);
    expect(thumbnail?.fields['Content-Type']).toBe('image/jpeg');
  });

  it('lists the class and a thumbnail URL', async () => {
    const claims = addMember('list@example.com');
    await store(claims, 'deep.jpg', 10, 'DEEP_ARCHIVE');

    const listing = await call<ListResponse>(claims, 'GET', '/session');

    const [file] = listing.files;
    expect(file?.storageClass).toBe('DEEP_ARCHIVE');
    expect(file?.archive).toEqual({ state: 'ARCHIVED' });
    expect(file?.thumbnailUrl).toContain('thumbs/');
  });
});

describe('archive restore', () => {
  it('refuses a download until the restore is done', async () => {
    const claims = addMember('deep@example.com');
    await store(claims, 'old.jpg', 10, 'DEEP_ARCHIVE');

    const before = await send(claims, 'GET', '/session/download', {
      query: { path: 'old.jpg' },
    });
    const restore = await call<ArchiveRestoreResponse>(
      claims,
      'POST',
      '/session/archive-restore',
      { body: { path: 'old.jpg' } },
    );
    nowMs += (restoreDelaySeconds + 1) * 1000;
    const after = await send(claims, 'GET', '/session/download', {
      query: { path: 'old.jpg' },
    });

    expect(before.statusCode).toBe(409);
    expect((JSON.parse(before.body) as ErrorResponse).error.code).toBe(
      'NOT_RESTORED',
    );
    expect(restore.archive.state).toBe('RESTORING');
    expect(after.statusCode, after.body).toBe(200);
  });

  it('rejects a file that is not archived', async () => {
    const claims = addMember('warm@example.com');
    await store(claims, 'warm.jpg', 10);

    const result = await send(claims, 'POST', '/session/archive-restore', {
      body: { path: 'warm.jpg' },
    });

    expect(result.statusCode).toBe(409);
  });
});

describe('cost route', () => {
  it('estimates the member bill by class', async () => {
    const claims = addMember('cost@example.com');
    await store(claims, 'a.jpg', 1024, 'STANDARD');

    const cost = await call<CostResponse>(claims, 'GET', '/session/cost');

    expect(cost.prices.region).toBe('us-east-1');
    expect(cost.storageClasses.map((option) => option.label)).toEqual([
      'Standard',
      'Infrequent',
      'Archive instant',
      'Deep archive',
    ]);
    expect(cost.estimate.byClass[0]?.bytes).toBe(1024);
    // 1 KiB of STANDARD: 0.023 / 1048576.
    expect(cost.estimate.monthlyUsd).toBeCloseTo(0.023 / 1048576, 15);
  });
});

describe('admin routes', () => {
  it('rejects a member with 403 naming the group', async () => {
    const member = addMember('bob@example.com');

    const result = await send(member, 'GET', '/admin/users');

    expect(result.statusCode).toBe(403);
    expect((JSON.parse(result.body) as ErrorResponse).error.message).toContain(
      '"admins"',
    );
  });

  it('rejects a member changing a cap', async () => {
    const member = addMember('mallory@example.com');

    const result = await send(member, 'PUT', `/admin/users/${member.sub}`, {
      resource: '/admin/users/{id}',
      pathParameters: { id: member.sub },
      body: { capBytes: 10 * GiB },
    });

    expect(result.statusCode).toBe(403);
  });

  it('lists members with usage for an admin', async () => {
    const admin = addMember('admin@example.com', true);
    const member = addMember('carol@example.com');
    await store(member, 'x.jpg', 100);

    const response = await call<AdminUsersResponse>(
      admin,
      'GET',
      '/admin/users',
    );

    const carol = response.members.find((entry) => entry.id === member.sub);
    expect(carol?.usedBytes).toBe(100);
    expect(carol?.fileCount).toBe(1);
    expect(carol?.lastUploadAt).not.toBeNull();
    expect(
      response.members.find((entry) => entry.id === admin.sub)?.isAdmin,
    ).toBe(true);
  });

  it('warns when a cap falls below usage', async () => {
    const admin = addMember('admin2@example.com', true);
    const member = addMember('dave@example.com');
    await store(member, 'big.jpg', 500);

    const response = await call<AdminUserResponse>(
      admin,
      'PUT',
      `/admin/users/${member.sub}`,
      {
        resource: '/admin/users/{id}',
        pathParameters: { id: member.sub },
        body: { capBytes: 100 },
      },
    );
    const upload = await call<SessionResponse>(member, 'PUT', '/session', {
      body: {
        files: [{ path: 'more.jpg', size: 1, contentType: 'image/jpeg' }],
      },
    });

    expect(response.member.capBytes).toBe(100);
    expect(response.warning).toContain('nothing stored is deleted');
    expect(upload.uploads[0]?.state).toBe('REJECTED');
    expect(upload.quota.usedBytes).toBe(500);
  });

  it('disables a member', async () => {
    const admin = addMember('admin3@example.com', true);
    const member = addMember('erin@example.com');

    const response = await call<AdminUserResponse>(
      admin,
      'PUT',
      `/admin/users/${member.sub}`,
      {
        resource: '/admin/users/{id}',
        pathParameters: { id: member.sub },
        body: { enabled: false },
      },
    );

    expect(response.member.enabled).toBe(false);
    expect(users.find((user) => user.id === member.sub)?.enabled).toBe(false);
  });

  it('invites a member with a cap', async () => {
    const admin = addMember('admin4@example.com', true);

    const response = await call<AdminInviteResponse>(
      admin,
      'POST',
      '/admin/users',
      { body: { email: 'Frank@Example.com', capBytes: 2 * GiB } },
    );

    expect(response.member.email).toBe('frank@example.com');
    expect(response.member.capBytes).toBe(2 * GiB);
    expect(response.temporaryPassword).toBe('Tmp-password-1a');
  });

  it('applies a new default cap to members without their own', async () => {
    const admin = addMember('admin5@example.com', true);
    const member = addMember('gina@example.com');

    await call(admin, 'PUT', '/admin/settings', {
      body: { defaultCapBytes: 3 * GiB },
    });
    const listing = await call<ListResponse>(member, 'GET', '/session');
    await call(admin, 'PUT', '/admin/settings', {
      body: { defaultCapBytes: GiB },
    });

    expect(listing.quota.capBytes).toBe(3 * GiB);
  });

  it('reports the household cost and 12 months of savings', async () => {
    const admin = addMember('admin6@example.com', true);

    const response = await call<HouseholdCostResponse>(
      admin,
      'GET',
      '/admin/cost',
    );

    expect(response.savings).toHaveLength(12);
    expect(response.savings[0]?.month).toBe('2026-12');
    expect(response.household.monthlyUsd).toBeGreaterThan(0);
    expect(response.members.length).toBe(users.length);
  });
});

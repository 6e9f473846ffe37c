import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type {
  ErrorResponse,
  InitiatedUpload,
  ListResponse,
  SessionResponse,
} from '../amplify/core/api';
import { getMember } from '../amplify/services/members';
import type { RecountReport } from '../amplify/services/recount';
import { memberItemKey } from '../amplify/services/table';
import { getFile } from '../amplify/services/uploads';
import { projectRoot } from './config';
import type { SeededUser } from './cognito/seed';
import type { StackHandle } from './stack';
import {
  callSession,
  createDataDir,
  pollUntil,
  removeDataDir,
  signIn,
  startTestStack,
} from './test-support';

const run = promisify(execFile);

function userOf(stack: StackHandle, email: string): SeededUser {
  const user = stack.users.find((candidate) => candidate.email === email);
  if (!user) {
    throw new Error(`No demo user ${email}`);
  }

  return user;
}

async function putSession(
  stack: StackHandle,
  token: string,
  files: unknown[],
): Promise<Response> {
  return callSession(stack, { method: 'PUT', token, body: { files } });
}

async function startUpload(
  stack: StackHandle,
  token: string,
  path: string,
  size: number,
): Promise<InitiatedUpload> {
  const response = await putSession(stack, token, [
    { path, size, contentType: 'application/octet-stream' },
  ]);
  expect(response.status).toBe(200);
  const upload = ((await response.json()) as SessionResponse).uploads[0];
  expect(upload?.state).toBe('INITIATED');

  return upload as InitiatedUpload;
}

function postUpload(upload: InitiatedUpload, size: number) {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) {
    form.append(name, value);
  }
  form.append('file', new Blob([new Uint8Array(size)]), upload.path);

  return fetch(upload.url, { method: 'POST', body: form });
}

function callAdminRecount(stack: StackHandle, token: string) {
  return fetch(`${stack.endpoints.api}admin/recount`, {
    method: 'POST',
    headers: { Authorization: token },
  });
}

async function memberOf(stack: StackHandle, sub: string) {
  return getMember(stack.clients.dynamo, stack.config.tableName, sub);
}

async function setUsedBytes(stack: StackHandle, sub: string, bytes: number) {
  await stack.clients.dynamo.send(
    new UpdateCommand({
      TableName: stack.config.tableName,
      Key: memberItemKey(sub),
      UpdateExpression: 'SET usedBytes = :bytes',
      ExpressionAttributeValues: { ':bytes': bytes },
    }),
  );
}

describe('accounting through the local stack', () => {
  let dataDir: string;
  let stack: StackHandle;
  let alice: SeededUser;
  let bob: SeededUser;
  let aliceToken: string;

  beforeAll(async () => {
    dataDir = await createDataDir();
    stack = await startTestStack(dataDir);
    alice = userOf(stack, 'alice@example.com');
    bob = userOf(stack, 'bob@example.com');
    aliceToken = (await signIn(stack, alice.email)).IdToken;
  });

  afterAll(async () => {
    await stack?.stop();
    await removeDataDir(dataDir);
  });

  describe('events', () => {
    it('stores and counts a replayed policy once', async () => {
      const size = 4321;
      const upload = await startUpload(stack, aliceToken, 'replay.bin', size);
      const before = await memberOf(stack, alice.sub);

      const first = await postUpload(upload, size);
      const afterFirst = await pollUntil(
        () =>
          getFile(
            stack.clients.dynamo,
            stack.config.tableName,
            alice.sub,
            'replay.bin',
          ),
        (file) => file?.state === 'COMPLETE',
      );
      const second = await postUpload(upload, size);
      await pollUntil(
        () =>
          getFile(
            stack.clients.dynamo,
            stack.config.tableName,
            alice.sub,
            'replay.bin',
          ),
        (file) => file?.sequencer !== afterFirst?.sequencer,
      );

      expect(first.status).toBe(204);
      expect(second.status).toBe(204);
      const after = await memberOf(stack, alice.sub);
      expect(after.usedBytes).toBe(before.usedBytes + size);
      expect(after.reservedBytes).toBe(before.reservedBytes - size);
      expect(after.fileCount).toBe(before.fileCount + 1);
      const listed = await stack.clients.s3.send(
        new ListObjectsV2Command({
          Bucket: stack.config.bucketName,
          Prefix: upload.key,
        }),
      );
      expect(listed.Contents?.map((object) => object.Key)).toEqual([
        upload.key,
      ]);
    });

    it('counts an object Shoebox never issued by its size', async () => {
      const key = `users/${alice.sub}/copied in/notes.txt`;
      const before = await memberOf(stack, alice.sub);

      await stack.clients.s3.send(
        new PutObjectCommand({
          Bucket: stack.config.bucketName,
          Key: key,
          Body: 'x'.repeat(333),
        }),
      );
      const after = await pollUntil(
        () => memberOf(stack, alice.sub),
        (member) => member.fileCount === before.fileCount + 1,
      );

      expect(after.usedBytes).toBe(before.usedBytes + 333);
      expect(after.reservedBytes).toBe(before.reservedBytes);
    });
  });

  describe('access to another member', () => {
    it.each([
      ['a ".." segment', () => `../${bob.sub}/x.jpg`],
      ['a leading slash', () => `/users/${bob.sub}/x.jpg`],
      ['a backslash', () => `..\\${bob.sub}\\x.jpg`],
    ])('rejects a path with %s', async (_case, path) => {
      const bobBefore = await memberOf(stack, bob.sub);

      const response = await putSession(stack, aliceToken, [
        { path: path(), size: 1, contentType: 'image/jpeg' },
      ]);

      expect(response.status).toBe(400);
      const error = ((await response.json()) as ErrorResponse).error;
      expect(error.code).toBe('INVALID_PATH');
      expect(error.message).toContain('files[0].path');
      expect(await memberOf(stack, bob.sub)).toEqual(bobBefore);
    });

    it.each([
      ['encoded slashes', () => `..%2F${bob.sub}%2Fx.jpg`],
      ['another sub as folder', () => `users/${bob.sub}/x.jpg`],
      ['bob’s sub as folder', () => `${bob.sub}/x.jpg`],
    ])('keeps a path with %s under the caller', async (_case, path) => {
      const upload = await startUpload(stack, aliceToken, path(), 1);

      expect(upload.key).toBe(`users/${alice.sub}/${path()}`);
      expect(upload.fields.key).toBe(upload.key);
      const policy = JSON.parse(
        Buffer.from(upload.fields.Policy ?? '', 'base64').toString(),
      ) as { conditions: unknown[] };
      expect(policy.conditions).toContainEqual({ key: upload.key });
    });

    it.each([
      ['a ".." prefix', `../${'SUB'}`],
      ['an encoded ".." prefix', `..%2F${'SUB'}`],
    ])('rejects a listing with %s', async (_case, template) => {
      const prefix = template.replace('SUB', bob.sub);

      const response = await callSession(stack, {
        token: aliceToken,
        query: `?prefix=${prefix}`,
      });

      expect(response.status).toBe(400);
      const error = ((await response.json()) as ErrorResponse).error;
      expect(error.message).toContain('prefix');
    });

    it('lists bob’s sub as a folder of the caller', async () => {
      const response = await callSession(stack, {
        token: aliceToken,
        query: `?prefix=${encodeURIComponent(`users/${bob.sub}/`)}`,
      });

      expect(response.status).toBe(200);
      const list = (await response.json()) as ListResponse;
      for (const file of list.files) {
        expect(file.key.startsWith(`users/${alice.sub}/`)).toBe(true);
      }
      expect(list.quota.capBytes).toBe(alice.capBytes);
    });
  });

  describe('admin recount', () => {
    it('returns 403 to a member', async () => {
      await setUsedBytes(stack, bob.sub, 777);

      const response = await callAdminRecount(stack, aliceToken);

      expect(response.status).toBe(403);
      const error = ((await response.json()) as ErrorResponse).error;
      expect(error.code).toBe('FORBIDDEN');
      expect((await memberOf(stack, bob.sub)).usedBytes).toBe(777);
    });

    it('repairs drift for an admin', async () => {
      await setUsedBytes(stack, bob.sub, 777);
      const adminToken = (await signIn(stack, 'admin@example.com')).IdToken;

      const response = await callAdminRecount(stack, adminToken);

      expect(response.status).toBe(200);
      const report = (await response.json()) as RecountReport;
      expect(report.counterFixes).toContainEqual({
        memberId: bob.sub,
        counter: 'usedBytes',
        before: 777,
        after: 0,
      });
      expect((await memberOf(stack, bob.sub)).usedBytes).toBe(0);
    });

    it('repairs drift from npm run recount', async () => {
      await setUsedBytes(stack, bob.sub, 555);

      const { stdout } = await run('npx', ['tsx', 'local/recount.ts'], {
        cwd: projectRoot,
        env: { ...process.env, SHOEBOX_OUTPUTS_PATH: stack.outputsPath },
      });

      expect(stdout).toContain(`${bob.sub} usedBytes: 555 -> 0`);
      expect(stdout).toMatch(/fixed \d+ files and 1 counters\./);
      expect((await memberOf(stack, bob.sub)).usedBytes).toBe(0);
    });
  });

  describe('authorizer', () => {
    it('rejects an ID token of another app client', async () => {
      const { UserPoolClient } = await stack.clients.cognito.send(
        new CreateUserPoolClientCommand({
          UserPoolId: stack.userPoolId,
          ClientName: 'another-app',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
        }),
      );
      const { AuthenticationResult } = await stack.clients.cognito.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: UserPoolClient?.ClientId,
          AuthParameters: {
            USERNAME: alice.email,
            PASSWORD: stack.config.demoPassword,
          },
        }),
      );

      const response = await callSession(stack, {
        token: AuthenticationResult?.IdToken,
      });

      expect(AuthenticationResult?.IdToken).toBeDefined();
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: 'Unauthorized' });
    });

    it('rejects an ID token of another user pool', async () => {
      const cognito = stack.clients.cognito;
      const { UserPool } = await cognito.send(
        new CreateUserPoolCommand({
          PoolName: 'another-pool',
          UsernameAttributes: ['email'],
        }),
      );
      const { UserPoolClient } = await cognito.send(
        new CreateUserPoolClientCommand({
          UserPoolId: UserPool?.Id,
          ClientName: 'another-pool-app',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
        }),
      );
      await cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: UserPool?.Id,
          Username: alice.email,
          UserAttributes: [{ Name: 'email', Value: alice.email }],
          MessageAction: 'SUPPRESS',
        }),
      );
      await cognito.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: UserPool?.Id,
          Username: alice.email,
          Password: stack.config.demoPassword,
          Permanent: true,
        }),
      );
      const { AuthenticationResult } = await cognito.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: UserPoolClient?.ClientId,
          AuthParameters: {
            USERNAME: alice.email,
            PASSWORD: stack.config.demoPassword,
          },
        }),
      );

      const response = await callSession(stack, {
        token: AuthenticationResult?.IdToken,
      });

      expect(AuthenticationResult?.IdToken).toBeDefined();
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: 'Unauthorized' });
    });
  });
});

describe('sweep in the local stack', () => {
  let dataDir: string;
  let stack: StackHandle;

  beforeAll(async () => {
    dataDir = await createDataDir();
    stack = await startTestStack(dataDir, {
      environment: {
        SHOEBOX_POLICY_EXPIRY_SECONDS: '1',
        SHOEBOX_SWEEP_INTERVAL_SECONDS: '1',
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await removeDataDir(dataDir);
  });

  it('expires an unused policy without a request', async () => {
    const alice = userOf(stack, 'alice@example.com');
    const { IdToken: token } = await signIn(stack, alice.email);
    await startUpload(stack, token, 'never sent.jpg', 2048);
    const reserved = await memberOf(stack, alice.sub);

    const released = await pollUntil(
      () => memberOf(stack, alice.sub),
      (member) => member.reservedBytes === 0,
    );

    expect(reserved.reservedBytes).toBe(2048);
    expect(released.committedBytes).toBe(released.usedBytes);
    const file = await getFile(
      stack.clients.dynamo,
      stack.config.tableName,
      alice.sub,
      'never sent.jpg',
    );
    expect(file?.state).toBe('EXPIRED');
  });
});

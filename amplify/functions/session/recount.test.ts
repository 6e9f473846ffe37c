import { randomUUID } from 'node:crypto';

import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type {
  ErrorResponse,
  InitiatedUpload,
  SessionResponse,
} from '../../core/api';
import { getMember } from '../../services/members';
import type { RecountReport } from '../../services/recount';
import { memberItemKey } from '../../services/table';
import { getFile } from '../../services/uploads';
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

beforeAll(async () => {
  stack = await startTestStack({ SHOEBOX_DEFAULT_CAP_BYTES: '100000' });
  handle = createSessionHandler(stack.dependencies);
});

afterAll(async () => {
  await stack?.close();
});

const admin = { sub: randomUUID(), 'cognito:groups': 'family,admins' };

function postRecount(claims: {
  sub: string;
  'cognito:groups'?: string;
}): Promise<APIGatewayProxyResult> {
  return handle(
    createApiEvent({ method: 'POST', path: '/admin/recount', claims }),
  );
}

async function recount(): Promise<RecountReport> {
  const result = await postRecount(admin);
  expect(result.statusCode, result.body).toBe(200);

  return JSON.parse(result.body) as RecountReport;
}

async function startUpload(sub: string, path: string, size: number) {
  const result = await handle(
    createApiEvent({
      method: 'PUT',
      claims: { sub },
      body: JSON.stringify({
        files: [{ path, size, contentType: 'image/jpeg' }],
      }),
    }),
  );

  return (JSON.parse(result.body) as SessionResponse)
    .uploads[0] as InitiatedUpload;
}

async function putObject(key: string, size: number): Promise<void> {
  await stack.s3.send(
    new PutObjectCommand({
      Bucket: stack.settings.bucketName,
      Key: key,
      Body: new Uint8Array(size),
    }),
  );
}

async function usageOf(sub: string) {
  const member = await getMember(stack.dynamo, stack.settings.tableName, sub);

  return {
    usedBytes: member.usedBytes,
    reservedBytes: member.reservedBytes,
    fileCount: member.fileCount,
  };
}

describe('POST /admin/recount', () => {
  it.each([
    ['without groups', {}],
    ['in another group', { 'cognito:groups': 'family' }],
    ['in a group named like admins', { 'cognito:groups': 'admins-old' }],
  ])('returns 403 for a member %s', async (_case, groups) => {
    const sub = randomUUID();
    await putObject(`users/${sub}/stray.jpg`, 10);

    const result = await postRecount({ sub, ...groups });

    expect(result.statusCode).toBe(403);
    const error = (JSON.parse(result.body) as ErrorResponse).error;
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain('"admins" group');
    expect(await usageOf(sub)).toEqual({
      usedBytes: 0,
      reservedBytes: 0,
      fileCount: 0,
    });
  });

  it('returns 405 for GET', async () => {
    const result = await handle(
      createApiEvent({ method: 'GET', path: '/admin/recount', claims: admin }),
    );

    expect(result.statusCode).toBe(405);
    expect(result.headers?.Allow).toBe('POST, OPTIONS');
  });

  it('counts an object whose event never arrived', async () => {
    const sub = randomUUID();
    const upload = await startUpload(sub, 'a.jpg', 300);
    await putObject(upload.key, 300);

    const report = await recount();

    expect(report.fileFixes).toContainEqual({
      memberId: sub,
      path: 'a.jpg',
      before: { state: 'INITIATED', size: 300 },
      after: { state: 'COMPLETE', size: 300 },
    });
    expect(await usageOf(sub)).toEqual({
      usedBytes: 300,
      reservedBytes: 0,
      fileCount: 1,
    });
  });

  it('counts an object Shoebox never issued', async () => {
    const sub = randomUUID();
    await putObject(`users/${sub}/from elsewhere/b.png`, 450);

    const report = await recount();

    expect(report.fileFixes).toContainEqual({
      memberId: sub,
      path: 'from elsewhere/b.png',
      before: null,
      after: { state: 'COMPLETE', size: 450 },
    });
    expect(await usageOf(sub)).toEqual({
      usedBytes: 450,
      reservedBytes: 0,
      fileCount: 1,
    });
  });

  it('removes a file whose object is gone', async () => {
    const sub = randomUUID();
    const upload = await startUpload(sub, 'c.jpg', 200);
    await putObject(upload.key, 200);
    await createEventsHandler(stack.dependencies)(
      createS3Event(
        createS3Record({
          eventName: 'ObjectCreated:Put',
          bucketName: stack.settings.bucketName,
          key: upload.key,
          size: 200,
          sequencer: '0055AED6DCD90281E5',
        }),
      ),
    );
    await stack.s3.send(
      new DeleteObjectCommand({
        Bucket: stack.settings.bucketName,
        Key: upload.key,
      }),
    );

    const report = await recount();

    expect(report.fileFixes).toContainEqual({
      memberId: sub,
      path: 'c.jpg',
      before: { state: 'COMPLETE', size: 200 },
      after: { state: 'DELETED', size: 200 },
    });
    expect(await usageOf(sub)).toEqual({
      usedBytes: 0,
      reservedBytes: 0,
      fileCount: 0,
    });
    const file = await getFile(
      stack.dynamo,
      stack.settings.tableName,
      sub,
      'c.jpg',
    );
    expect(file?.state).toBe('DELETED');
  });

  it('sets drifted counters to the sum of the files', async () => {
    const sub = randomUUID();
    await putObject(`users/${sub}/d.jpg`, 120);
    await recount();
    await stack.dynamo.send(
      new UpdateCommand({
        TableName: stack.settings.tableName,
        Key: memberItemKey(sub),
        UpdateExpression: 'SET usedBytes = :used, fileCount = :files',
        ExpressionAttributeValues: { ':used': 99_999, ':files': 7 },
      }),
    );

    const report = await recount();

    expect(report.counterFixes).toEqual([
      { memberId: sub, counter: 'usedBytes', before: 99_999, after: 120 },
      { memberId: sub, counter: 'fileCount', before: 7, after: 1 },
    ]);
    const member = await getMember(stack.dynamo, stack.settings.tableName, sub);
    expect(member.usedBytes).toBe(120);
    expect(member.committedBytes).toBe(120);
  });

  it('reports nothing once the table agrees', async () => {
    await recount();

    const report = await recount();

    expect(report.fileFixes).toEqual([]);
    expect(report.counterFixes).toEqual([]);
    expect(report.skippedMembers).toEqual([]);
    expect(report.checkedObjects).toBeGreaterThan(0);
  });
});

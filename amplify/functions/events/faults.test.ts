import { randomUUID } from 'node:crypto';

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SessionResponse } from '../../core/api';
import { getMember } from '../../services/members';
import {
  pendingChangeLeaseMs,
  type WriteStep,
} from '../../services/pending-changes';
import { memberItemKey } from '../../services/table';
import { getFile } from '../../services/uploads';
import {
  createApiEvent,
  createS3Event,
  createS3Record,
} from '../../test/events';
import { startTestStack, type TestStack } from '../../test/servers';
import { createSessionHandler } from '../session/handler';
import { createEventsHandler, type EventsHandler } from './handler';

const fileBytes = 700;

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ SHOEBOX_DEFAULT_CAP_BYTES: '100000' });
});

afterAll(async () => {
  await stack?.close();
});

/** Starts one upload for a new member and returns its sub and key. */
async function startUpload(): Promise<{ sub: string; key: string }> {
  const sub = randomUUID();
  const session = createSessionHandler(stack.dependencies);
  const result = await session(
    createApiEvent({
      method: 'PUT',
      claims: { sub },
      body: JSON.stringify({
        files: [{ path: 'a.jpg', size: fileBytes, contentType: 'image/jpeg' }],
      }),
    }),
  );
  const upload = (JSON.parse(result.body) as SessionResponse).uploads[0];
  if (upload?.state !== 'INITIATED') {
    throw new Error(`Upload was not granted: ${result.body}`);
  }

  return { sub, key: upload.key };
}

/**
 * Creates an events handler whose hook throws once, after the first write
 * of `step`, as a crash there would stop the function.
 */
function crashingOnce(step: WriteStep, clock: { now: number }): EventsHandler {
  let hasCrashed = false;

  return createEventsHandler({
    ...stack.dependencies,
    now: () => clock.now,
    afterWrite: (written) => {
      if (written === step && !hasCrashed) {
        hasCrashed = true;
        throw new Error(`Simulated crash after the ${step} write`);
      }
    },
  });
}

function createdEvent(key: string) {
  return createS3Event(
    createS3Record({
      eventName: 'ObjectCreated:Post',
      bucketName: stack.settings.bucketName,
      key,
      size: fileBytes,
      sequencer: '0055AED6DCD90281E5',
    }),
  );
}

async function usageOf(sub: string) {
  const member = await getMember(stack.dynamo, stack.settings.tableName, sub);

  return {
    usedBytes: member.usedBytes,
    reservedBytes: member.reservedBytes,
    committedBytes: member.committedBytes,
    fileCount: member.fileCount,
  };
}

const settled = {
  usedBytes: fileBytes,
  reservedBytes: 0,
  committedBytes: fileBytes,
  fileCount: 1,
};

describe('events handler after a crash', () => {
  it('converges on retry after a file-write crash', async () => {
    const { sub, key } = await startUpload();
    const clock = { now: Date.now() };
    const handle = crashingOnce('file', clock);

    await expect(handle(createdEvent(key))).rejects.toThrow(/retried/);
    const afterCrash = await usageOf(sub);
    await handle(createdEvent(key));
    await handle(createdEvent(key));

    expect(afterCrash.usedBytes).toBe(0);
    expect(await usageOf(sub)).toEqual(settled);
    const file = await getFile(
      stack.dynamo,
      stack.settings.tableName,
      sub,
      'a.jpg',
    );
    expect(file?.state).toBe('COMPLETE');
    expect(file?.pendingChange).toBeUndefined();
  });

  it('counts once after a member-write crash', async () => {
    const { sub, key } = await startUpload();
    const clock = { now: Date.now() };
    const handle = crashingOnce('member', clock);

    await expect(handle(createdEvent(key))).rejects.toThrow(/retried/);
    const afterCrash = await usageOf(sub);
    clock.now += pendingChangeLeaseMs + 1;
    await handle(createdEvent(key));

    expect(afterCrash).toEqual(settled);
    expect(await usageOf(sub)).toEqual(settled);
    const file = await getFile(
      stack.dynamo,
      stack.settings.tableName,
      sub,
      'a.jpg',
    );
    expect(file?.pendingChange).toBeUndefined();
    const member = await stack.dynamo.send(
      new GetCommand({
        TableName: stack.settings.tableName,
        Key: memberItemKey(sub),
      }),
    );
    expect(member.Item?.appliedChangeIds).toBeUndefined();
  });

  it('leaves a leased change to its holder', async () => {
    const { sub, key } = await startUpload();
    const clock = { now: Date.now() };
    const handle = crashingOnce('member', clock);

    await expect(handle(createdEvent(key))).rejects.toThrow(/retried/);
    const retried = handle(createdEvent(key));

    await expect(retried).rejects.toThrow(/retried/);
    const file = await getFile(
      stack.dynamo,
      stack.settings.tableName,
      sub,
      'a.jpg',
    );
    expect(file?.pendingChange).toBeDefined();
    expect(await usageOf(sub)).toEqual(settled);
  });
});

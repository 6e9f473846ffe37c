import { randomUUID } from 'node:crypto';

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type {
  FileRequest,
  ListResponse,
  SessionResponse,
} from '../../core/api';
import { getMember } from '../../services/members';
import type { WriteStep } from '../../services/pending-changes';
import { memberItemKey } from '../../services/table';
import { getFile } from '../../services/uploads';
import {
  createApiEvent,
  createS3Event,
  createS3Record,
} from '../../test/events';
import { startTestStack, type TestStack } from '../../test/servers';
import { createEventsHandler } from '../events/handler';
import { createSweepHandler } from '../sweep/handler';
import { createSessionHandler } from './handler';

const policyExpirySeconds = 60;
/** A moment after every policy issued at the start of a test ran out. */
const afterExpiryMs = (policyExpirySeconds + 1) * 1000;

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({
    SHOEBOX_DEFAULT_CAP_BYTES: '1000',
    SHOEBOX_POLICY_EXPIRY_SECONDS: String(policyExpirySeconds),
  });
});

afterAll(async () => {
  await stack?.close();
});

/** Handlers that read the time from `clock`, which a test moves on. */
function handlersAt(clock: { now: number }) {
  const dependencies = { ...stack.dependencies, now: () => clock.now };

  return {
    session: createSessionHandler(dependencies),
    events: createEventsHandler(dependencies),
    sweep: createSweepHandler(dependencies),
  };
}

async function put(
  handlers: ReturnType<typeof handlersAt>,
  sub: string,
  files: FileRequest[],
): Promise<SessionResponse> {
  const result = await handlers.session(
    createApiEvent({
      method: 'PUT',
      claims: { sub },
      body: JSON.stringify({ files }),
    }),
  );
  expect(result.statusCode, result.body).toBe(200);

  return JSON.parse(result.body) as SessionResponse;
}

async function list(
  handlers: ReturnType<typeof handlersAt>,
  sub: string,
): Promise<ListResponse> {
  const result = await handlers.session(
    createApiEvent({ method: 'GET', claims: { sub } }),
  );
  expect(result.statusCode, result.body).toBe(200);

  return JSON.parse(result.body) as ListResponse;
}

function photo(path: string, size: number): FileRequest {
  return { path, size, contentType: 'image/jpeg' };
}

async function stateOf(sub: string, path: string) {
  const file = await getFile(stack.dynamo, stack.settings.tableName, sub, path);

  return file?.state;
}

describe('upload expiry', () => {
  it('frees the reservation on the next PUT', async () => {
    const clock = { now: Date.now() };
    const handlers = handlersAt(clock);
    const sub = randomUUID();
    await put(handlers, sub, [photo('a.jpg', 800)]);

    clock.now += afterExpiryMs;
    const second = await put(handlers, sub, [photo('b.jpg', 900)]);

    expect(second.uploads[0]?.state).toBe('INITIATED');
    expect(second.quota.reservedBytes).toBe(900);
    expect(await stateOf(sub, 'a.jpg')).toBe('EXPIRED');
  });

  it('frees the reservation on the next GET', async () => {
    const clock = { now: Date.now() };
    const handlers = handlersAt(clock);
    const sub = randomUUID();
    await put(handlers, sub, [photo('a.jpg', 800)]);

    const before = await list(handlers, sub);
    clock.now += afterExpiryMs;
    const after = await list(handlers, sub);

    expect(before.quota.reservedBytes).toBe(800);
    expect(after.quota.reservedBytes).toBe(0);
    expect(after.quota.availableBytes).toBe(1000);
    expect(after.files).toEqual([]);
  });

  it('keeps an unexpired upload reserved', async () => {
    const clock = { now: Date.now() };
    const handlers = handlersAt(clock);
    const sub = randomUUID();
    await put(handlers, sub, [photo('a.jpg', 300)]);
    clock.now += afterExpiryMs;
    await put(handlers, sub, [photo('b.jpg', 400)]);

    clock.now += 1000;
    const listed = await list(handlers, sub);

    expect(listed.quota.reservedBytes).toBe(400);
    expect(await stateOf(sub, 'b.jpg')).toBe('INITIATED');
  });

  it('frees reservations of idle members by sweep', async () => {
    const clock = { now: Date.now() };
    const handlers = handlersAt(clock);
    const sub = randomUUID();
    await put(handlers, sub, [photo('a.jpg', 500), photo('b.jpg', 200)]);

    clock.now += afterExpiryMs;
    const result = await handlers.sweep();

    expect(result.expiredCount).toBeGreaterThanOrEqual(2);
    const member = await getMember(stack.dynamo, stack.settings.tableName, sub);
    expect(member.reservedBytes).toBe(0);
    expect(member.committedBytes).toBe(0);
    expect(await stateOf(sub, 'a.jpg')).toBe('EXPIRED');
  });

  it('counts a late object of an expired upload', async () => {
    const clock = { now: Date.now() };
    const handlers = handlersAt(clock);
    const sub = randomUUID();
    const started = await put(handlers, sub, [photo('a.jpg', 600)]);
    const key =
      started.uploads[0]?.state === 'INITIATED' ? started.uploads[0].key : '';
    clock.now += afterExpiryMs;
    await handlers.sweep();

    await handlers.events(
      createS3Event(
        createS3Record({
          eventName: 'ObjectCreated:Post',
          bucketName: stack.settings.bucketName,
          key,
          size: 600,
          sequencer: '0055AED6DCD90281E5',
        }),
      ),
    );

    const listed = await list(handlers, sub);
    expect(listed.quota.usedBytes).toBe(600);
    expect(listed.quota.reservedBytes).toBe(0);
    expect(listed.files.map((file) => file.state)).toEqual(['COMPLETE']);
  });

  it('keeps an expired path taken', async () => {
    const clock = { now: Date.now() };
    const handlers = handlersAt(clock);
    const sub = randomUUID();
    await put(handlers, sub, [photo('a.jpg', 100)]);
    clock.now += afterExpiryMs;

    const again = await put(handlers, sub, [photo('a.jpg', 100)]);

    expect(again.uploads[0]?.path).toBe('a (2).jpg');
    expect(again.quota.reservedBytes).toBe(100);
  });
});

describe('PUT /session after a crash', () => {
  /** Handlers whose hook throws once, after the first write of `step`. */
  function crashingOnce(step: WriteStep, clock: { now: number }) {
    let hasCrashed = false;
    const dependencies = {
      ...stack.dependencies,
      now: () => clock.now,
      afterWrite: (written: WriteStep) => {
        if (written === step && !hasCrashed) {
          hasCrashed = true;
          throw new Error(`Simulated crash after the ${step} write`);
        }
      },
    };

    return {
      session: createSessionHandler(dependencies),
      sweep: createSweepHandler(dependencies),
    };
  }

  async function reservedBytesOf(sub: string): Promise<number> {
    const member = await getMember(stack.dynamo, stack.settings.tableName, sub);
    expect(member.committedBytes).toBe(member.usedBytes + member.reservedBytes);

    return member.reservedBytes;
  }

  it.each<[string, WriteStep]>([
    ['the reservation', 'member'],
    ['the path claims', 'file'],
  ])(
    'gives back bytes reserved before a crash after %s',
    async (_case, step) => {
      const clock = { now: Date.now() };
      const handlers = crashingOnce(step, clock);
      const sub = randomUUID();

      const failed = await handlers.session(
        createApiEvent({
          method: 'PUT',
          claims: { sub },
          body: JSON.stringify({ files: [photo('a.jpg', 700)] }),
        }),
      );
      const leaked = await reservedBytesOf(sub);
      clock.now += afterExpiryMs;
      const result = await handlers.sweep();

      expect(failed.statusCode).toBe(500);
      expect(leaked).toBe(700);
      expect(result.settledReservationCount).toBeGreaterThanOrEqual(1);
      expect(await reservedBytesOf(sub)).toBe(0);
      const retried = await put(handlersAt(clock), sub, [photo('a.jpg', 1000)]);
      expect(retried.uploads[0]?.state).toBe('INITIATED');
    },
  );

  it('gives the bytes back on the member’s next request', async () => {
    const clock = { now: Date.now() };
    const handlers = crashingOnce('member', clock);
    const sub = randomUUID();
    await handlers.session(
      createApiEvent({
        method: 'PUT',
        claims: { sub },
        body: JSON.stringify({ files: [photo('a.jpg', 900)] }),
      }),
    );

    clock.now += afterExpiryMs;
    const listed = await list(handlersAt(clock), sub);

    expect(listed.quota.reservedBytes).toBe(0);
    expect(listed.quota.availableBytes).toBe(1000);
  });

  it('closes the reservation of a request that finished', async () => {
    const clock = { now: Date.now() };
    const sub = randomUUID();
    await put(handlersAt(clock), sub, [photo('a.jpg', 100)]);

    const member = await stack.dynamo.send(
      new GetCommand({
        TableName: stack.settings.tableName,
        Key: memberItemKey(sub),
      }),
    );

    expect(member.Item?.reservations).toEqual({});
    expect(member.Item?.reservedBytes).toBe(100);
  });
});

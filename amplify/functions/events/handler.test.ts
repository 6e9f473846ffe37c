import { randomUUID } from 'node:crypto';

import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3EventRecord } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type {
  InitiatedUpload,
  ListResponse,
  SessionResponse,
} from '../../core/api';
import { getMember } from '../../services/members';
import { getFile } from '../../services/uploads';
import {
  createApiEvent,
  createS3Event,
  createS3Record,
} from '../../test/events';
import { startTestStack, type TestStack } from '../../test/servers';
import { createSessionHandler, type SessionHandler } from '../session/handler';
import { createEventsHandler, type EventsHandler } from './handler';

let stack: TestStack;
let session: SessionHandler;
let events: EventsHandler;
/** Source of increasing sequencers; S3's are hex and grow per key. */
let nextSequencer = 0x0055aed6dcd90281e0n;

beforeAll(async () => {
  stack = await startTestStack({ SHOEBOX_DEFAULT_CAP_BYTES: '100000' });
  session = createSessionHandler(stack.dependencies);
  events = createEventsHandler(stack.dependencies);
});

afterAll(async () => {
  await stack?.close();
});

function sequencer(): string {
  nextSequencer += 1n;

  return nextSequencer.toString(16).toUpperCase().padStart(18, '0');
}

async function startUpload(
  sub: string,
  path: string,
  size: number,
): Promise<InitiatedUpload> {
  const result = await session(
    createApiEvent({
      method: 'PUT',
      claims: { sub },
      body: JSON.stringify({
        files: [{ path, size, contentType: 'image/jpeg' }],
      }),
    }),
  );
  const upload = (JSON.parse(result.body) as SessionResponse).uploads[0];
  if (upload?.state !== 'INITIATED') {
    throw new Error(`Upload was not granted: ${result.body}`);
  }

  return upload;
}

async function postToS3(upload: InitiatedUpload, size: number): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) {
    form.append(name, value);
  }
  form.append('file', new Blob([new Uint8Array(size)]), 'file');
  const response = await fetch(upload.url, { method: 'POST', body: form });
  expect(response.status).toBe(204);
}

function created(key: string, size: number, seq = sequencer()): S3EventRecord {
  return createS3Record({
    eventName: 'ObjectCreated:Post',
    bucketName: stack.settings.bucketName,
    key,
    size,
    sequencer: seq,
  });
}

function removed(key: string, seq = sequencer()): S3EventRecord {
  return createS3Record({
    eventName: 'ObjectRemoved:Delete',
    bucketName: stack.settings.bucketName,
    key,
    sequencer: seq,
  });
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

describe('events handler, ObjectCreated', () => {
  it('completes the upload and turns reserved bytes into used', async () => {
    const sub = randomUUID();
    const upload = await startUpload(sub, 'Holiday 2024/IMG 0001.jpg', 1500);
    await postToS3(upload, 1500);

    await events(createS3Event(created(upload.key, 1500)));

    const file = await getFile(
      stack.dynamo,
      stack.settings.tableName,
      sub,
      'Holiday 2024/IMG 0001.jpg',
    );
    expect(file?.state).toBe('COMPLETE');
    expect(file?.size).toBe(1500);
    expect(await usageOf(sub)).toEqual({
      usedBytes: 1500,
      reservedBytes: 0,
      committedBytes: 1500,
      fileCount: 1,
    });
  });

  it('decodes keys with +, %2B, %25 and UTF-8 escapes', async () => {
    const sub = randomUUID();
    const path = 'c++/100% pr\u00e9sident.jpg';
    const upload = await startUpload(sub, path, 10);
    const record = created(upload.key, 10);

    expect(record.s3.object.key).toBe(
      `users/${sub}/c%2B%2B/100%25+pr%C3%A9sident.jpg`,
    );
    await events(createS3Event(record));

    const file = await getFile(
      stack.dynamo,
      stack.settings.tableName,
      sub,
      path,
    );
    expect(file?.state).toBe('COMPLETE');
  });

  it('counts the same event delivered twice once', async () => {
    const sub = randomUUID();
    const upload = await startUpload(sub, 'a.jpg', 700);
    const record = created(upload.key, 700);

    await events(createS3Event(record));
    await events(createS3Event(record));

    expect(await usageOf(sub)).toEqual({
      usedBytes: 700,
      reservedBytes: 0,
      committedBytes: 700,
      fileCount: 1,
    });
  });

  it('counts the same event delivered twice in parallel once', async () => {
    const sub = randomUUID();
    const upload = await startUpload(sub, 'a.jpg', 700);
    const record = created(upload.key, 700);

    await Promise.all([
      events(createS3Event(record)),
      events(createS3Event(record)),
    ]);

    expect((await usageOf(sub)).usedBytes).toBe(700);
    expect((await usageOf(sub)).fileCount).toBe(1);
  });

  it('counts an object without an upload from its event size', async () => {
    const sub = randomUUID();

    await events(createS3Event(created(`users/${sub}/Scans/a b.pdf`, 321)));

    const file = await getFile(
      stack.dynamo,
      stack.settings.tableName,
      sub,
      'Scans/a b.pdf',
    );
    expect(file?.state).toBe('COMPLETE');
    expect(file?.uploadId).toBeUndefined();
    expect(await usageOf(sub)).toMatchObject({ usedBytes: 321, fileCount: 1 });
  });

  it('asks S3 for the size when the event has none', async () => {
    const sub = randomUUID();
    const key = `users/${sub}/notes.txt`;
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.settings.bucketName,
        Key: key,
        Body: 'twelve bytes',
      }),
    );
    const record = createS3Record({
      eventName: 'ObjectCreated:Put',
      bucketName: stack.settings.bucketName,
      key,
      sequencer: sequencer(),
    });

    await events(createS3Event(record));

    expect((await usageOf(sub)).usedBytes).toBe(12);
  });

  it('counts a newer object by the size difference', async () => {
    const sub = randomUUID();
    const upload = await startUpload(sub, 'a.jpg', 100);
    await events(createS3Event(created(upload.key, 100)));

    await events(createS3Event(created(upload.key, 130)));

    expect(await usageOf(sub)).toMatchObject({ usedBytes: 130, fileCount: 1 });
  });

  it('lists the file as COMPLETE after the event', async () => {
    const sub = randomUUID();
    const upload = await startUpload(sub, 'a.jpg', 64);
    await postToS3(upload, 64);
    await events(createS3Event(created(upload.key, 64)));

    const result = await session(
      createApiEvent({ method: 'GET', claims: { sub } }),
    );

    const list = JSON.parse(result.body) as ListResponse;
    expect(list.files.map((file) => file.state)).toEqual(['COMPLETE']);
    expect(list.quota).toMatchObject({ usedBytes: 64, reservedBytes: 0 });
  });
});

describe('events handler, ObjectRemoved', () => {
  it('gives back the stored bytes once', async () => {
    const sub = randomUUID();
    const upload = await startUpload(sub, 'a.jpg', 900);
    await events(createS3Event(created(upload.key, 900)));
    const record = removed(upload.key);

    await events(createS3Event(record));
    await events(createS3Event(record));

    expect(await usageOf(sub)).toEqual({
      usedBytes: 0,
      reservedBytes: 0,
      committedBytes: 0,
      fileCount: 0,
    });
    const file = await getFile(
      stack.dynamo,
      stack.settings.tableName,
      sub,
      'a.jpg',
    );
    expect(file?.state).toBe('DELETED');
  });

  it('settles a removal that arrives before its create', async () => {
    const sub = randomUUID();
    const upload = await startUpload(sub, 'a.jpg', 900);
    const create = created(upload.key, 900);
    const remove = removed(upload.key);

    await events(createS3Event(remove));
    await events(createS3Event(create));

    expect(await usageOf(sub)).toEqual({
      usedBytes: 0,
      reservedBytes: 0,
      committedBytes: 0,
      fileCount: 0,
    });
  });

  it('drops a removed file from the listing and frees its path', async () => {
    const sub = randomUUID();
    const upload = await startUpload(sub, 'a.jpg', 5);
    await events(createS3Event(created(upload.key, 5)));
    await events(createS3Event(removed(upload.key)));

    const list = await session(
      createApiEvent({ method: 'GET', claims: { sub } }),
    );
    const again = await startUpload(sub, 'a.jpg', 6);

    expect((JSON.parse(list.body) as ListResponse).files).toEqual([]);
    expect(again.path).toBe('a.jpg');
  });

  it('ignores a create older than the removal on a reused path', async () => {
    const sub = randomUUID();
    const first = await startUpload(sub, 'a.jpg', 5);
    const staleCreate = created(first.key, 5);
    await events(createS3Event(created(first.key, 5)));
    await events(createS3Event(removed(first.key)));
    const second = await startUpload(sub, 'a.jpg', 8);

    await events(createS3Event(staleCreate));
    await events(createS3Event(created(second.key, 8)));

    expect(await usageOf(sub)).toMatchObject({
      usedBytes: 8,
      reservedBytes: 0,
      fileCount: 1,
    });
  });
});

describe('events handler, other payloads', () => {
  it('ignores a payload without Records', async () => {
    const testEvent = { Service: 'Amazon S3', Event: 's3:TestEvent' };

    await expect(
      events(testEvent as unknown as Parameters<EventsHandler>[0]),
    ).resolves.toBeUndefined();
  });

  it('ignores keys outside the members folder', async () => {
    await expect(
      events(createS3Event(created('public/readme.txt', 5))),
    ).resolves.toBeUndefined();
  });

  it('ignores a malformed key and settles the other records', async () => {
    const sub = randomUUID();
    const broken = created(`users/${sub}/x`, 5);
    broken.s3.object.key = `users/${sub}/bad%2`;

    await events(createS3Event(broken, created(`users/${sub}/ok.txt`, 5)));

    expect((await usageOf(sub)).usedBytes).toBe(5);
  });

  it('ignores other event types', async () => {
    const sub = randomUUID();
    const record = createS3Record({
      eventName: 'LifecycleTransition',
      bucketName: stack.settings.bucketName,
      key: `users/${sub}/a.jpg`,
      sequencer: sequencer(),
      size: 5,
    });

    await events(createS3Event(record));

    expect((await usageOf(sub)).usedBytes).toBe(0);
  });
});

describe('events handler logs', () => {
  it('writes one JSON line per record', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockReturnValue(true);
    const logged = createEventsHandler({
      ...stack.dependencies,
      logger: new Logger({ serviceName: 'shoebox-events', logLevel: 'INFO' }),
    });
    const sub = randomUUID();

    try {
      await logged(
        createS3Event(
          created(`users/${sub}/a.jpg`, 3),
          removed(`users/${sub}/a.jpg`),
        ),
      );
      const lines = write.mock.calls.map(([chunk]) =>
        JSON.parse(String(chunk)),
      );

      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({
        eventName: 'ObjectCreated:Post',
        memberId: sub,
        path: 'a.jpg',
        outcome: 'object without an upload counted',
        usedBytes: 3,
      });
      expect(lines[1]).toMatchObject({
        eventName: 'ObjectRemoved:Delete',
        memberId: sub,
        outcome: 'object removed',
        usedBytes: -3,
      });
    } finally {
      write.mockRestore();
    }
  });
});

describe('replacing a stored file', () => {
  async function putFiles(
    sub: string,
    body: unknown,
  ): Promise<SessionResponse> {
    const result = await session(
      createApiEvent({
        method: 'PUT',
        claims: { sub },
        body: JSON.stringify(body),
      }),
    );
    expect(result.statusCode, result.body).toBe(200);

    return JSON.parse(result.body) as SessionResponse;
  }

  async function storeFile(sub: string, path: string, size: number) {
    const upload = await startUpload(sub, path, size);
    await events(createS3Event(created(upload.key, size)));

    return upload;
  }

  it('overwrites the path when the request asks to replace', async () => {
    const sub = randomUUID();
    const stored = await storeFile(sub, 'a.jpg', 100);

    const response = await putFiles(sub, {
      replace: true,
      files: [{ path: 'a.jpg', size: 250, contentType: 'image/jpeg' }],
    });
    const whileUploading = await usageOf(sub);
    await events(createS3Event(created(stored.key, 250)));

    const upload = response.uploads[0] as InitiatedUpload;
    expect(upload.path).toBe('a.jpg');
    expect(upload.key).toBe(stored.key);
    expect(whileUploading).toEqual({
      usedBytes: 100,
      reservedBytes: 250,
      committedBytes: 350,
      fileCount: 1,
    });
    expect(await usageOf(sub)).toEqual({
      usedBytes: 250,
      reservedBytes: 0,
      committedBytes: 250,
      fileCount: 1,
    });
  });

  it('lowers used bytes by the difference for a smaller file', async () => {
    const sub = randomUUID();
    const stored = await storeFile(sub, 'b.jpg', 400);

    await putFiles(sub, {
      files: [
        { path: 'b.jpg', size: 150, contentType: 'image/jpeg', replace: true },
      ],
    });
    await events(createS3Event(created(stored.key, 150)));

    expect(await usageOf(sub)).toEqual({
      usedBytes: 150,
      reservedBytes: 0,
      committedBytes: 150,
      fileCount: 1,
    });
  });

  it('keeps both when the file overrides the request', async () => {
    const sub = randomUUID();
    await storeFile(sub, 'c.jpg', 100);

    const response = await putFiles(sub, {
      replace: true,
      files: [
        { path: 'c.jpg', size: 90, contentType: 'image/jpeg', replace: false },
      ],
    });

    expect(response.uploads[0]?.path).toBe('c (2).jpg');
  });

  it('keeps an upload in flight and takes a copy name', async () => {
    const sub = randomUUID();
    await startUpload(sub, 'd.jpg', 100);

    const response = await putFiles(sub, {
      replace: true,
      files: [{ path: 'd.jpg', size: 90, contentType: 'image/jpeg' }],
    });

    expect(response.uploads[0]?.path).toBe('d (2).jpg');
  });

  it('counts the old object until the new one arrives', async () => {
    const sub = randomUUID();
    const stored = await storeFile(sub, 'e.jpg', 300);
    await putFiles(sub, {
      replace: true,
      files: [{ path: 'e.jpg', size: 200, contentType: 'image/jpeg' }],
    });

    await events(createS3Event(removed(stored.key)));
    const afterRemoval = await usageOf(sub);
    await events(createS3Event(created(stored.key, 200)));

    expect(afterRemoval).toEqual({
      usedBytes: 0,
      reservedBytes: 0,
      committedBytes: 0,
      fileCount: 0,
    });
    expect(await usageOf(sub)).toEqual({
      usedBytes: 200,
      reservedBytes: 0,
      committedBytes: 200,
      fileCount: 1,
    });
  });
});

describe('events handler, any delivery order', () => {
  /** Every order of the items of `list`. */
  function permutations<T>(list: readonly T[]): T[][] {
    if (list.length <= 1) {
      return [[...list]];
    }

    return list.flatMap((item, i) =>
      permutations([...list.slice(0, i), ...list.slice(i + 1)]).map((rest) => [
        item,
        ...rest,
      ]),
    );
  }

  const orders = permutations([0, 1, 2]);

  it.each(orders.map((order) => [order.join(','), order] as const))(
    'settles create, remove, create sent as %s',
    async (_name, order) => {
      const sub = randomUUID();
      const upload = await startUpload(sub, 'p.jpg', 300);
      const records = [
        created(upload.key, 300),
        removed(upload.key),
        created(upload.key, 120),
      ];

      for (const i of order) {
        await events(createS3Event(records[i]!));
      }
      await Promise.all(records.map((record) => events(createS3Event(record))));

      expect(await usageOf(sub)).toEqual({
        usedBytes: 120,
        reservedBytes: 0,
        committedBytes: 120,
        fileCount: 1,
      });
    },
  );

  it('settles one create and a later remove sent in parallel', async () => {
    const sub = randomUUID();
    const upload = await startUpload(sub, 'q.jpg', 200);
    const create = created(upload.key, 200);
    const remove = removed(upload.key);

    await Promise.all([
      events(createS3Event(remove)),
      events(createS3Event(create)),
      events(createS3Event(create)),
      events(createS3Event(remove)),
    ]);

    expect(await usageOf(sub)).toEqual({
      usedBytes: 0,
      reservedBytes: 0,
      committedBytes: 0,
      fileCount: 0,
    });
    const file = await getFile(
      stack.dynamo,
      stack.settings.tableName,
      sub,
      'q.jpg',
    );
    expect(file?.state).toBe('DELETED');
    expect(file?.pendingChange).toBeUndefined();
  });
});

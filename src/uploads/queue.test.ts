import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  FileRequest,
  InitiatedUpload,
  ListResponse,
  Quota,
  SessionResponse,
  StoredFile,
  Upload,
} from '../../amplify/core/api';
import type { Connectivity } from './connectivity';
import { UploadQueue } from './queue';
import type { UploadQueueOptions, UploadTransport } from './queueTypes';
import { S3UploadError } from './s3Post';

const quota: Quota = {
  capBytes: 1000,
  usedBytes: 100,
  reservedBytes: 0,
  availableBytes: 900,
};

const startTime = new Date('2026-03-01T12:00:00.000Z');
const policyLifetimeMs = 600_000;
const confirmIntervalMs = 1000;
const confirmTimeoutMs = 10_000;
const retryBaseMs = 1000;

function makeFile(name: string, size = 10, type = 'image/jpeg'): File {
  return new File([new Uint8Array(size)], name, { type });
}

function queued(...names: string[]) {
  return names.map((name) => ({ file: makeFile(name), path: name }));
}

function initiated(
  path: string,
  lifetimeMs = policyLifetimeMs,
): InitiatedUpload {
  return {
    path,
    state: 'INITIATED',
    uploadId: `upload-${path}`,
    key: `users/sub-1/${path}`,
    url: 'https://bucket.s3.test/',
    fields: { key: `users/sub-1/${path}` },
    expiresAt: new Date(Date.now() + lifetimeMs).toISOString(),
  };
}

function completeFile(path: string): StoredFile {
  return {
    key: `users/sub-1/${path}`,
    path,
    size: 10,
    state: 'COMPLETE',
    lastModified: '2026-03-01T12:00:00.000Z',
  };
}

function listing(files: StoredFile[], cursor: string | null = null) {
  const response: ListResponse = { quota, files, folders: [], cursor };

  return response;
}

type Post = {
  resolve: () => void;
  reject: (error: Error) => void;
  signal: AbortSignal;
};

/** Creates a transport whose S3 posts stay open until the test settles them. */
function makeTransport(
  uploads: (files: FileRequest[]) => Upload[] = (files) =>
    files.map((file) => initiated(file.path)),
) {
  const posts = new Map<string, Post>();
  const transport = {
    requestUploads: vi.fn(
      async (files: FileRequest[]): Promise<SessionResponse> => ({
        quota,
        uploads: uploads(files),
      }),
    ),
    postObject: vi.fn<UploadTransport['postObject']>(
      (upload, _file, { signal }) =>
        new Promise<void>((resolve, reject) => {
          posts.set(upload.path, { resolve, reject, signal });
        }),
    ),
    listFiles: vi.fn(async (): Promise<ListResponse> => listing([])),
  } satisfies UploadTransport;

  return { transport, posts };
}

function makeConnectivity() {
  let isOnline = true;
  const listeners = new Set<() => void>();
  const connectivity: Connectivity = {
    isOnline: () => isOnline,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const setOnline = (value: boolean) => {
    isOnline = value;
    for (const listener of listeners) {
      listener();
    }
  };

  return { connectivity, setOnline };
}

function makeQueue(
  transport: UploadTransport,
  options: Partial<UploadQueueOptions> = {},
) {
  const queue = new UploadQueue(transport, {
    concurrency: 4,
    batchSize: 100,
    confirmIntervalMs,
    confirmTimeoutMs,
    maxAttempts: 3,
    retryBaseMs,
    // The largest delay of each backoff step, so the tests know it.
    random: () => 1,
    connectivity: makeConnectivity().connectivity,
    ...options,
  });
  queue.start();

  return queue;
}

function itemOf(queue: UploadQueue, path: string) {
  return queue.getSnapshot().items.find((item) => item.path === path);
}

function statusOf(queue: UploadQueue, path: string) {
  return itemOf(queue, path)?.status;
}

/** Runs pending promise callbacks without moving the clock. */
async function settle() {
  await vi.advanceTimersByTimeAsync(0);
}

function networkError() {
  return new S3UploadError('NetworkError', 'The upload to S3 failed.');
}

describe('UploadQueue', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(startTime);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  describe('batching', () => {
    it('requests every file of a batch in one call', async () => {
      const { transport } = makeTransport();
      const queue = makeQueue(transport);

      queue.add([
        { file: makeFile('a.jpg', 3), path: 'Holiday/a.jpg' },
        { file: makeFile('notes', 5, ''), path: 'Holiday/notes' },
      ]);
      await settle();

      expect(transport.requestUploads).toHaveBeenCalledTimes(1);
      expect(transport.requestUploads).toHaveBeenCalledWith([
        { path: 'Holiday/a.jpg', size: 3, contentType: 'image/jpeg' },
        {
          path: 'Holiday/notes',
          size: 5,
          contentType: 'application/octet-stream',
        },
      ]);
    });

    it('requests the next batch only when policies run low', async () => {
      const { transport, posts } = makeTransport();
      const queue = makeQueue(transport, { concurrency: 2, batchSize: 4 });
      const names = ['1', '2', '3', '4', '5', '6'].map((n) => `${n}.jpg`);

      queue.add(queued(...names));
      await settle();

      expect(transport.requestUploads).toHaveBeenCalledTimes(1);
      expect(transport.postObject).toHaveBeenCalledTimes(2);

      posts.get('1.jpg')?.resolve();
      await settle();

      const batches = transport.requestUploads.mock.calls.map(([files]) =>
        files.map((file) => file.path),
      );
      // Two policies were left for two upload slots until 1.jpg finished.
      expect(batches).toEqual([
        ['1.jpg', '2.jpg', '3.jpg', '4.jpg'],
        ['5.jpg', '6.jpg'],
      ]);
    });

    it('marks rejected files refused and never posts them', async () => {
      const { transport } = makeTransport((files) =>
        files.map((file): Upload =>
          file.path === 'big.jpg'
            ? {
                path: file.path,
                state: 'REJECTED',
                reason: { code: 'QUOTA_EXCEEDED', message: 'No room.' },
              }
            : initiated(file.path),
        ),
      );
      const queue = makeQueue(transport);

      queue.add(queued('big.jpg', 'small.jpg'));
      await settle();

      expect(itemOf(queue, 'big.jpg')).toMatchObject({
        status: 'refused',
        message: 'No room.',
      });
      expect(transport.postObject).toHaveBeenCalledTimes(1);
    });

    it('shows the copy name that the API chose', async () => {
      const { transport } = makeTransport((files) =>
        files.map((file) => initiated(file.path.replace('.jpg', ' (2).jpg'))),
      );
      const queue = makeQueue(transport);

      queue.add(queued('a.jpg'));
      await settle();

      expect(statusOf(queue, 'a (2).jpg')).toBe('uploading');
    });

    it('reports the quota of each batch', async () => {
      const { transport } = makeTransport();
      const onQuota = vi.fn();
      const queue = makeQueue(transport, { onQuota });

      queue.add(queued('a.jpg'));
      await settle();

      expect(onQuota).toHaveBeenCalledWith(quota);
    });

    it('fails the batch when the session request is refused', async () => {
      const { transport } = makeTransport();
      transport.requestUploads.mockRejectedValueOnce(
        new Error('You are signed out; sign in again to continue.'),
      );
      const queue = makeQueue(transport);

      queue.add(queued('a.jpg', 'b.jpg'));
      await settle();

      const items = queue.getSnapshot().items;
      expect(items.map((item) => item.status)).toEqual(['failed', 'failed']);
      expect(items[0]?.message).toBe(
        'You are signed out; sign in again to continue.',
      );
      expect(transport.postObject).not.toHaveBeenCalled();
    });
  });

  describe('concurrency', () => {
    it('runs at most the configured number of uploads', async () => {
      const { transport, posts } = makeTransport();
      const queue = makeQueue(transport, { concurrency: 2 });

      queue.add(queued('a.jpg', 'b.jpg', 'c.jpg'));
      await settle();

      expect(queue.runningCount).toBe(2);
      expect(transport.postObject).toHaveBeenCalledTimes(2);

      posts.get('a.jpg')?.resolve();
      await settle();

      expect(transport.postObject).toHaveBeenCalledTimes(3);
      expect(statusOf(queue, 'c.jpg')).toBe('uploading');
    });
  });

  describe('completion', () => {
    it('marks a file stored once the listing shows it', async () => {
      const { transport, posts } = makeTransport();
      transport.listFiles.mockResolvedValue(listing([completeFile('a.jpg')]));
      const onStored = vi.fn();
      const queue = makeQueue(transport, { onStored });
      queue.add(queued('a.jpg'));
      await settle();

      posts.get('a.jpg')?.resolve();
      await settle();

      expect(statusOf(queue, 'a.jpg')).toBe('confirming');

      await vi.advanceTimersByTimeAsync(confirmIntervalMs);

      expect(statusOf(queue, 'a.jpg')).toBe('stored');
      expect(onStored).toHaveBeenCalledTimes(1);
    });

    it('fails a file that never shows as complete', async () => {
      const { transport, posts } = makeTransport();
      const queue = makeQueue(transport);
      queue.add(queued('a.jpg'));
      await settle();

      posts.get('a.jpg')?.resolve();
      await vi.advanceTimersByTimeAsync(confirmTimeoutMs + confirmIntervalMs);

      expect(itemOf(queue, 'a.jpg')?.status).toBe('failed');
      expect(itemOf(queue, 'a.jpg')?.message).toMatch(
        /did not show it as stored within 10 s/,
      );
    });
  });

  describe('retry', () => {
    it('retries a network error after exponential backoff', async () => {
      const { transport, posts } = makeTransport();
      const queue = makeQueue(transport);
      queue.add(queued('a.jpg'));
      await settle();

      posts.get('a.jpg')?.reject(networkError());
      await settle();

      expect(itemOf(queue, 'a.jpg')).toMatchObject({
        status: 'waiting',
        message: expect.stringMatching(/^Retrying in 1 s \(attempt 2 of 3\)/),
      });

      await vi.advanceTimersByTimeAsync(retryBaseMs - 1);

      expect(transport.postObject).toHaveBeenCalledTimes(1);

      await vi.advanceTimersByTimeAsync(1);

      expect(transport.postObject).toHaveBeenCalledTimes(2);

      posts.get('a.jpg')?.reject(networkError());
      await vi.advanceTimersByTimeAsync(2 * retryBaseMs - 1);

      expect(transport.postObject).toHaveBeenCalledTimes(2);

      await vi.advanceTimersByTimeAsync(1);

      expect(transport.postObject).toHaveBeenCalledTimes(3);
    });

    it('draws each delay at random below the backoff', async () => {
      const { transport, posts } = makeTransport();
      const queue = makeQueue(transport, { random: () => 0.25 });
      queue.add(queued('a.jpg'));
      await settle();

      posts.get('a.jpg')?.reject(networkError());
      await vi.advanceTimersByTimeAsync(retryBaseMs / 4);

      expect(transport.postObject).toHaveBeenCalledTimes(2);
    });

    it('retries a 5xx from S3', async () => {
      const { transport, posts } = makeTransport();
      const queue = makeQueue(transport);
      queue.add(queued('a.jpg'));
      await settle();

      posts
        .get('a.jpg')
        ?.reject(
          new S3UploadError('SlowDown', 'Please reduce your rate.', 503),
        );
      await vi.advanceTimersByTimeAsync(retryBaseMs);

      expect(transport.postObject).toHaveBeenCalledTimes(2);
    });

    it('gives up after the last attempt', async () => {
      const { transport, posts } = makeTransport();
      const queue = makeQueue(transport);
      queue.add(queued('a.jpg'));
      await settle();

      for (let attempt = 1; attempt <= 3; attempt += 1) {
        posts.get('a.jpg')?.reject(networkError());
        await vi.advanceTimersByTimeAsync(30_000);
      }

      expect(transport.postObject).toHaveBeenCalledTimes(3);
      expect(itemOf(queue, 'a.jpg')).toMatchObject({
        status: 'failed',
        message: 'The upload to S3 failed. (gave up after 3 attempts)',
      });
    });

    it('does not retry a refusal by S3', async () => {
      const { transport, posts } = makeTransport();
      const queue = makeQueue(transport);
      queue.add(queued('a.jpg'));
      await settle();

      posts
        .get('a.jpg')
        ?.reject(
          new S3UploadError(
            'EntityTooLarge',
            'Your proposed upload exceeds the maximum allowed size (EntityTooLarge)',
            400,
          ),
        );
      await vi.advanceTimersByTimeAsync(60_000);

      expect(transport.postObject).toHaveBeenCalledTimes(1);
      expect(itemOf(queue, 'a.jpg')).toMatchObject({
        status: 'failed',
        message:
          'Your proposed upload exceeds the maximum allowed size (EntityTooLarge)',
      });
    });

    it('retries a session request that failed with a 5xx', async () => {
      const { transport } = makeTransport();
      const { SessionApiError } = await import('../api/errors');
      transport.requestUploads.mockRejectedValueOnce(
        new SessionApiError('BUSY', 'The service is busy; try again.', 503),
      );
      const queue = makeQueue(transport);

      queue.add(queued('a.jpg'));
      await settle();

      expect(statusOf(queue, 'a.jpg')).toBe('waiting');

      await vi.advanceTimersByTimeAsync(retryBaseMs);

      expect(transport.requestUploads).toHaveBeenCalledTimes(2);
      expect(statusOf(queue, 'a.jpg')).toBe('uploading');
    });

    it('queues failed files again on retryFailed', async () => {
      const { transport, posts } = makeTransport();
      const queue = makeQueue(transport);
      queue.add(queued('a.jpg'));
      await settle();
      posts
        .get('a.jpg')
        ?.reject(new S3UploadError('AccessDenied', 'Denied.', 403));
      await settle();

      queue.retryFailed();
      await settle();

      expect(statusOf(queue, 'a.jpg')).toBe('uploading');
      expect(transport.postObject).toHaveBeenCalledTimes(2);
      // The policy was still valid, so no new one was requested.
      expect(transport.requestUploads).toHaveBeenCalledTimes(1);
    });
  });

  describe('policy expiry', () => {
    it('requests a fresh policy when S3 reports it expired', async () => {
      const { transport, posts } = makeTransport();
      const queue = makeQueue(transport);
      queue.add(queued('a.jpg'));
      await settle();

      posts
        .get('a.jpg')
        ?.reject(
          new S3UploadError(
            'AccessDenied',
            'Invalid according to Policy: Policy expired. (AccessDenied)',
            403,
          ),
        );
      await settle();

      expect(transport.requestUploads).toHaveBeenCalledTimes(2);
      expect(transport.requestUploads.mock.calls[1]?.[0]).toEqual([
        { path: 'a.jpg', size: 10, contentType: 'image/jpeg' },
      ]);
      expect(transport.postObject).toHaveBeenCalledTimes(2);
    });

    it('renews a policy that expired while its file waited', async () => {
      const { transport, posts } = makeTransport((files) =>
        files.map((file) => initiated(file.path, 60_000)),
      );
      const queue = makeQueue(transport, { concurrency: 1 });
      queue.add(queued('a.jpg', 'b.jpg'));
      await settle();

      await vi.advanceTimersByTimeAsync(60_000);
      posts.get('a.jpg')?.resolve();
      await settle();

      const requested = transport.requestUploads.mock.calls.map(([files]) =>
        files.map((file) => file.path),
      );
      // a.jpg was sent in time; b.jpg's policy ran out before its turn.
      expect(requested).toEqual([['a.jpg', 'b.jpg'], ['b.jpg']]);
      expect(transport.postObject).toHaveBeenCalledTimes(2);
    });
  });

  describe('cancel', () => {
    it('aborts a running upload and holds its bytes', async () => {
      const { transport, posts } = makeTransport();
      const onHeldReleased = vi.fn();
      const queue = makeQueue(transport, { onHeldReleased });
      queue.add([{ file: makeFile('a.jpg', 300), path: 'a.jpg' }]);
      await settle();

      queue.cancel(queue.getSnapshot().items[0]?.id ?? 0);
      await settle();

      expect(posts.get('a.jpg')?.signal.aborted).toBe(true);
      const expiresAt = new Date(
        startTime.getTime() + policyLifetimeMs,
      ).toISOString();
      expect(itemOf(queue, 'a.jpg')).toMatchObject({
        status: 'cancelled',
        heldUntil: expiresAt,
      });
      expect(queue.getSnapshot().held).toEqual({
        bytes: 300,
        freeAt: expiresAt,
      });

      await vi.advanceTimersByTimeAsync(policyLifetimeMs);

      expect(queue.getSnapshot().held?.bytes).toBe(300);

      // The API releases the bytes once the expiry has passed by its clock.
      await vi.advanceTimersByTimeAsync(2000);

      expect(queue.getSnapshot().held).toBeUndefined();
      expect(itemOf(queue, 'a.jpg')?.message).toBe(
        'Cancelled. Its reserved bytes are free again.',
      );
      expect(onHeldReleased).toHaveBeenCalledTimes(1);
    });

    it('frees held bytes after a stop and start', async () => {
      const { transport } = makeTransport();
      const queue = makeQueue(transport);
      queue.add(queued('a.jpg'));
      await settle();
      queue.cancel(queue.getSnapshot().items[0]?.id ?? 0);

      queue.stop();
      queue.start();
      await vi.advanceTimersByTimeAsync(policyLifetimeMs + 2000);

      expect(queue.getSnapshot().held).toBeUndefined();
    });

    it('drops a file without a policy and holds nothing', async () => {
      const { transport } = makeTransport();
      const queue = makeQueue(transport, { batchSize: 1, concurrency: 1 });
      queue.add(queued('a.jpg', 'b.jpg', 'c.jpg'));
      await settle();

      const c = itemOf(queue, 'c.jpg');
      queue.cancel(c?.id ?? 0);
      await settle();

      expect(statusOf(queue, 'c.jpg')).toBe('cancelled');
      expect(queue.getSnapshot().held).toBeUndefined();
    });

    it('cancelAll aborts running uploads and drops waiting ones', async () => {
      const { transport, posts } = makeTransport();
      const queue = makeQueue(transport, { concurrency: 1 });
      queue.add(queued('a.jpg', 'b.jpg'));
      await settle();

      queue.cancelAll();
      await settle();

      expect(posts.get('a.jpg')?.signal.aborted).toBe(true);
      expect(statusOf(queue, 'a.jpg')).toBe('cancelled');
      expect(statusOf(queue, 'b.jpg')).toBe('cancelled');
      expect(transport.postObject).toHaveBeenCalledTimes(1);
      expect(queue.getSnapshot().held?.bytes).toBe(20);
    });
  });

  describe('offline', () => {
    it('pauses while offline and resumes when online', async () => {
      const { transport, posts } = makeTransport();
      const { connectivity, setOnline } = makeConnectivity();
      const queue = makeQueue(transport, { connectivity });
      queue.add(queued('a.jpg'));
      await settle();

      setOnline(false);
      await settle();

      expect(posts.get('a.jpg')?.signal.aborted).toBe(true);
      expect(queue.getSnapshot().isOnline).toBe(false);
      expect(itemOf(queue, 'a.jpg')).toMatchObject({
        status: 'waiting',
        message: 'Paused while the browser is offline.',
      });

      setOnline(true);
      await settle();

      expect(transport.postObject).toHaveBeenCalledTimes(2);
      expect(statusOf(queue, 'a.jpg')).toBe('uploading');
      expect(transport.requestUploads).toHaveBeenCalledTimes(1);
    });

    it('counts no attempt for an error while offline', async () => {
      const { transport, posts } = makeTransport();
      const { connectivity, setOnline } = makeConnectivity();
      const queue = makeQueue(transport, { connectivity, maxAttempts: 1 });
      queue.add(queued('a.jpg'));
      await settle();

      // The error can arrive before the browser's offline event.
      const post = posts.get('a.jpg');
      setOnline(false);
      post?.reject(networkError());
      await settle();
      setOnline(true);
      await settle();

      expect(statusOf(queue, 'a.jpg')).toBe('uploading');
    });
  });

  describe('snapshots', () => {
    it('reports progress as bytes of the file', async () => {
      const { transport } = makeTransport();
      const queue = makeQueue(transport);
      queue.add([{ file: makeFile('a.jpg', 1000), path: 'a.jpg' }]);
      await settle();

      const options = transport.postObject.mock.calls[0]?.[2];
      options?.onProgress(50, 200);
      await vi.advanceTimersByTimeAsync(100);

      expect(itemOf(queue, 'a.jpg')?.sentBytes).toBe(250);
      expect(queue.getSnapshot().stats).toMatchObject({
        sentBytes: 250,
        totalBytes: 1000,
        totalFiles: 1,
        activeFiles: 1,
      });
    });

    it('gathers progress events into one notification', async () => {
      const { transport } = makeTransport();
      const queue = makeQueue(transport);
      queue.add(queued('a.jpg', 'b.jpg'));
      await settle();
      const listener = vi.fn();
      queue.subscribe(listener);

      for (const [, , options] of transport.postObject.mock.calls) {
        for (let sent = 1; sent <= 50; sent += 1) {
          options.onProgress(sent, 100);
        }
      }
      await vi.advanceTimersByTimeAsync(99);

      expect(listener).not.toHaveBeenCalled();

      await vi.advanceTimersByTimeAsync(1);

      expect(listener).toHaveBeenCalledTimes(1);
    });

    it('announces a finished batch with its counts', async () => {
      const { transport, posts } = makeTransport();
      transport.listFiles.mockResolvedValue(listing([completeFile('a.jpg')]));
      const queue = makeQueue(transport);
      queue.add(queued('a.jpg', 'b.jpg'), [
        { path: 'c.jpg', size: 10, message: 'Too large.' },
      ]);
      await settle();

      posts.get('a.jpg')?.resolve();
      posts
        .get('b.jpg')
        ?.reject(new S3UploadError('AccessDenied', 'Denied.', 403));
      await vi.advanceTimersByTimeAsync(confirmIntervalMs);

      expect(queue.getSnapshot().announcement).toBe(
        'Upload finished: 1 of 3 files stored, 1 refused, 1 failed.',
      );
    });
  });
});

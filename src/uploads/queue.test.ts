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
import { UploadQueue, type UploadTransport } from './queue';

const quota: Quota = {
  capBytes: 1000,
  usedBytes: 100,
  reservedBytes: 0,
  availableBytes: 900,
};

const confirmIntervalMs = 1000;
const confirmTimeoutMs = 10_000;

function makeFile(name: string, size = 10, type = 'image/jpeg'): File {
  return new File([new Uint8Array(size)], name, { type });
}

function initiated(path: string): InitiatedUpload {
  return {
    path,
    state: 'INITIATED',
    uploadId: `upload-${path}`,
    key: `users/sub-1/${path}`,
    url: 'https://bucket.s3.test/',
    fields: { key: `users/sub-1/${path}` },
    expiresAt: '2030-01-01T00:00:00.000Z',
  };
}

function completeFile(path: string): StoredFile {
  return {
    key: `users/sub-1/${path}`,
    path,
    size: 10,
    state: 'COMPLETE',
    lastModified: '2025-01-01T00:00:00.000Z',
  };
}

function listing(files: StoredFile[], cursor: string | null = null) {
  const response: ListResponse = { quota, files, folders: [], cursor };

  return response;
}

type Deferred = { resolve: () => void; reject: (error: Error) => void };

/** Creates a transport whose S3 posts stay open until the test settles them. */
function makeTransport(uploads: (files: FileRequest[]) => Upload[]) {
  const posts = new Map<string, Deferred>();
  const transport = {
    requestUploads: vi.fn(
      async (files: FileRequest[]): Promise<SessionResponse> => ({
        quota,
        uploads: uploads(files),
      }),
    ),
    postObject: vi.fn<UploadTransport['postObject']>(
      (upload) =>
        new Promise<void>((resolve, reject) => {
          posts.set(upload.path, { resolve, reject });
        }),
    ),
    listFiles: vi.fn(async (): Promise<ListResponse> => listing([])),
  } satisfies UploadTransport;

  return { transport, posts };
}

function makeQueue(transport: UploadTransport, concurrency = 4) {
  return new UploadQueue(transport, {
    concurrency,
    batchSize: 100,
    confirmIntervalMs,
    confirmTimeoutMs,
  });
}

function statusOf(queue: UploadQueue, path: string) {
  return queue.getSnapshot().find((item) => item.path === path)?.status;
}

describe('UploadQueue', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('requests every file of a batch in one call', async () => {
    const { transport } = makeTransport((files) =>
      files.map((file) => initiated(file.path)),
    );
    const queue = makeQueue(transport);

    await queue.add(
      [makeFile('a.jpg', 3), makeFile('notes', 5, '')],
      'Holiday/',
    );

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

  it('splits a large drop into batches', async () => {
    const { transport } = makeTransport((files) =>
      files.map((file) => initiated(file.path)),
    );
    const queue = new UploadQueue(transport, {
      concurrency: 4,
      batchSize: 2,
      confirmIntervalMs,
      confirmTimeoutMs,
    });

    await queue.add(['1.jpg', '2.jpg', '3.jpg'].map((name) => makeFile(name)));

    const batches = transport.requestUploads.mock.calls.map(([files]) =>
      files.map((file) => file.path),
    );
    expect(batches).toEqual([['1.jpg', '2.jpg'], ['3.jpg']]);
    expect(transport.postObject).toHaveBeenCalledTimes(3);
  });

  it('runs at most the configured number of uploads at once', async () => {
    const { transport, posts } = makeTransport((files) =>
      files.map((file) => initiated(file.path)),
    );
    const queue = makeQueue(transport, 2);
    const names = ['1.jpg', '2.jpg', '3.jpg', '4.jpg', '5.jpg'];

    await queue.add(names.map((name) => makeFile(name)));

    expect(queue.runningCount).toBe(2);
    expect(transport.postObject).toHaveBeenCalledTimes(2);
    expect(statusOf(queue, '3.jpg')).toBe('waiting');

    posts.get('1.jpg')?.resolve();
    await vi.waitFor(() =>
      expect(transport.postObject).toHaveBeenCalledTimes(3),
    );
    expect(queue.runningCount).toBe(2);
    expect(statusOf(queue, '3.jpg')).toBe('uploading');

    posts.get('2.jpg')?.resolve();
    posts.get('3.jpg')?.reject(new Error('Network down'));
    await vi.waitFor(() =>
      expect(transport.postObject).toHaveBeenCalledTimes(5),
    );
    expect(queue.runningCount).toBe(2);
  });

  it('marks rejected files refused and never posts them', async () => {
    const { transport } = makeTransport((files) =>
      files.map((file) =>
        file.path === 'big.mov'
          ? {
              path: file.path,
              state: 'REJECTED',
              reason: {
                code: 'QuotaExceeded',
                message: 'needs 2 GB, 900 B left',
              },
            }
          : initiated(file.path),
      ),
    );
    const queue = makeQueue(transport);

    await queue.add([makeFile('big.mov'), makeFile('small.jpg')]);

    const big = queue.getSnapshot().find((item) => item.path === 'big.mov');
    expect(big?.status).toBe('refused');
    expect(big?.message).toBe('needs 2 GB, 900 B left');
    expect(transport.postObject).toHaveBeenCalledTimes(1);
    expect(transport.postObject.mock.calls[0]?.[0].path).toBe('small.jpg');
  });

  it('reports the quota of each batch', async () => {
    const { transport } = makeTransport((files) =>
      files.map((file) => initiated(file.path)),
    );
    const onQuota = vi.fn();
    const queue = new UploadQueue(transport, {
      concurrency: 1,
      batchSize: 100,
      confirmIntervalMs,
      confirmTimeoutMs,
      onQuota,
    });

    await queue.add([makeFile('a.jpg')]);

    expect(onQuota).toHaveBeenCalledWith(quota);
  });

  it('marks a file stored once the listing shows it complete', async () => {
    const { transport, posts } = makeTransport((files) =>
      files.map((file) => initiated(file.path)),
    );
    transport.listFiles
      .mockResolvedValueOnce(listing([]))
      .mockResolvedValueOnce(listing([completeFile('Trip/a.jpg')]));
    const onStored = vi.fn();
    const queue = new UploadQueue(transport, {
      concurrency: 1,
      batchSize: 100,
      confirmIntervalMs,
      confirmTimeoutMs,
      onStored,
    });
    await queue.add([makeFile('a.jpg')], 'Trip/');

    posts.get('Trip/a.jpg')?.resolve();
    await vi.waitFor(() =>
      expect(statusOf(queue, 'Trip/a.jpg')).toBe('confirming'),
    );
    await vi.advanceTimersByTimeAsync(confirmIntervalMs);

    expect(statusOf(queue, 'Trip/a.jpg')).toBe('confirming');
    expect(transport.listFiles).toHaveBeenCalledWith('Trip/', null);

    await vi.advanceTimersByTimeAsync(confirmIntervalMs);

    expect(statusOf(queue, 'Trip/a.jpg')).toBe('stored');
    expect(onStored).toHaveBeenCalledTimes(1);
    expect(onStored.mock.calls[0]?.[0][0].path).toBe('Trip/a.jpg');
  });

  it('follows listing pages until it finds the file', async () => {
    const { transport, posts } = makeTransport((files) =>
      files.map((file) => initiated(file.path)),
    );
    transport.listFiles
      .mockResolvedValueOnce(listing([completeFile('other.jpg')], 'page-2'))
      .mockResolvedValueOnce(listing([completeFile('a.jpg')]));
    const queue = makeQueue(transport);
    await queue.add([makeFile('a.jpg')]);

    posts.get('a.jpg')?.resolve();
    await vi.advanceTimersByTimeAsync(confirmIntervalMs);

    expect(transport.listFiles).toHaveBeenNthCalledWith(2, '', 'page-2');
    expect(statusOf(queue, 'a.jpg')).toBe('stored');
  });

  it('fails a file that never shows as complete', async () => {
    const { transport, posts } = makeTransport((files) =>
      files.map((file) => initiated(file.path)),
    );
    const queue = makeQueue(transport);
    await queue.add([makeFile('a.jpg')]);

    posts.get('a.jpg')?.resolve();
    await vi.advanceTimersByTimeAsync(confirmTimeoutMs + confirmIntervalMs);

    const item = queue.getSnapshot()[0];
    expect(item?.status).toBe('failed');
    expect(item?.message).toMatch(/did not show it as stored within 10 s/);
  });

  it('fails a file whose post to S3 fails, with the error', async () => {
    const { transport, posts } = makeTransport((files) =>
      files.map((file) => initiated(file.path)),
    );
    const queue = makeQueue(transport);
    await queue.add([makeFile('a.jpg')]);

    posts.get('a.jpg')?.reject(new Error('Policy expired (AccessDenied)'));

    await vi.waitFor(() => expect(statusOf(queue, 'a.jpg')).toBe('failed'));
    expect(queue.getSnapshot()[0]?.message).toBe(
      'Policy expired (AccessDenied)',
    );
    expect(transport.listFiles).not.toHaveBeenCalled();
  });

  it('fails the whole batch when the session request fails', async () => {
    const { transport } = makeTransport(() => []);
    transport.requestUploads.mockRejectedValueOnce(
      new Error('You are signed out; sign in again to continue.'),
    );
    const queue = makeQueue(transport);

    await queue.add([makeFile('a.jpg'), makeFile('b.jpg')]);

    const items = queue.getSnapshot();
    expect(items.map((item) => item.status)).toEqual(['failed', 'failed']);
    expect(items[0]?.message).toBe(
      'You are signed out; sign in again to continue.',
    );
    expect(transport.postObject).not.toHaveBeenCalled();
  });

  it('reports progress as a share of the request body', async () => {
    const { transport } = makeTransport((files) =>
      files.map((file) => initiated(file.path)),
    );
    const queue = makeQueue(transport);
    await queue.add([makeFile('a.jpg')]);

    const options = transport.postObject.mock.calls[0]?.[2];
    options?.onProgress(50, 200);

    expect(queue.getSnapshot()[0]?.progress).toBe(0.25);
  });

  it('notifies subscribers with a new snapshot on each change', async () => {
    const { transport } = makeTransport((files) =>
      files.map((file) => initiated(file.path)),
    );
    const queue = makeQueue(transport);
    const listener = vi.fn();
    const before = queue.getSnapshot();
    queue.subscribe(listener);

    await queue.add([makeFile('a.jpg')]);

    expect(listener).toHaveBeenCalled();
    expect(queue.getSnapshot()).not.toBe(before);
  });

  it('stop aborts running uploads and cancels waiting ones', async () => {
    const { transport } = makeTransport((files) =>
      files.map((file) => initiated(file.path)),
    );
    const queue = makeQueue(transport, 1);
    await queue.add([makeFile('a.jpg'), makeFile('b.jpg')]);
    const signal = transport.postObject.mock.calls[0]?.[2]?.signal;

    queue.stop();

    expect(signal?.aborted).toBe(true);
    expect(statusOf(queue, 'b.jpg')).toBe('failed');
    expect(transport.postObject).toHaveBeenCalledTimes(1);
  });
});

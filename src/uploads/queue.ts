import type {
  FileRequest,
  InitiatedUpload,
  ListResponse,
  Quota,
  SessionResponse,
} from '../../amplify/core/api';
import { CompletionWatcher, type CompletionResult } from './completionWatcher';
import { toFileRequest } from './filePath';

/**
 * State of one file in the queue. `confirming` means S3 accepted the bytes
 * and the app waits for the file list to show the object as stored.
 */
export type UploadStatus =
  'waiting' | 'uploading' | 'confirming' | 'stored' | 'refused' | 'failed';

export type UploadItem = {
  readonly id: number;
  /** Path the app requested, relative to the member's root. */
  readonly path: string;
  readonly size: number;
  readonly status: UploadStatus;
  /** Share of the request body sent to S3, from 0 to 1. */
  readonly progress: number;
  /** Reason for `refused`, or the error for `failed`. */
  readonly message?: string;
};

/** The calls the queue makes to the session API and to S3. */
export type UploadTransport = {
  requestUploads(files: FileRequest[]): Promise<SessionResponse>;
  postObject(
    upload: InitiatedUpload,
    file: File,
    options: {
      onProgress: (sentBytes: number, totalBytes: number) => void;
      signal: AbortSignal;
    },
  ): Promise<void>;
  listFiles(prefix: string, cursor: string | null): Promise<ListResponse>;
};

export type UploadQueueOptions = {
  /** Uploads to S3 that run at once. */
  concurrency: number;
  /** Files per `PUT /session`, at most the API's limit per request. */
  batchSize: number;
  /** Time between listings while waiting for uploads to show as stored. */
  confirmIntervalMs: number;
  /** How long to wait for that before reporting an upload as failed. */
  confirmTimeoutMs: number;
  /** Called with the quota that each `PUT /session` returns. */
  onQuota?: (quota: Quota) => void;
  /** Called when the file list shows uploads as stored. */
  onStored?: (items: UploadItem[]) => void;
};

type Entry = {
  id: number;
  file: File;
  request: FileRequest;
};

type Job = {
  id: number;
  upload: InitiatedUpload;
  file: File;
};

/**
 * Upload queue: requests policies for each batch of files with one
 * `PUT /session`, posts the accepted files to S3 a few at a time, and
 * follows each file to `stored`, `refused` or `failed`. It imports no UI
 * framework, so a UI subscribes to it and reads immutable snapshots.
 */
export class UploadQueue {
  readonly #transport: UploadTransport;
  readonly #options: UploadQueueOptions;
  readonly #watcher: CompletionWatcher;
  readonly #listeners = new Set<() => void>();
  readonly #waiting: Job[] = [];
  readonly #running = new Map<number, AbortController>();
  #items: readonly UploadItem[] = [];
  #nextId = 1;

  constructor(transport: UploadTransport, options: UploadQueueOptions) {
    this.#transport = transport;
    this.#options = options;
    this.#watcher = new CompletionWatcher(
      (prefix, cursor) => transport.listFiles(prefix, cursor),
      {
        intervalMs: options.confirmIntervalMs,
        timeoutMs: options.confirmTimeoutMs,
      },
      (result) => this.#applyCompletion(result),
    );
  }

  /** Registers a listener for any change and returns its removal. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);

    return () => this.#listeners.delete(listener);
  };

  /** Returns the items, as a new array after each change. */
  getSnapshot = (): readonly UploadItem[] => this.#items;

  /** Number of uploads to S3 running now. */
  get runningCount(): number {
    return this.#running.size;
  }

  /**
   * Adds files under `folder` (`''` or ending in `/`) and requests their
   * policies with one `PUT /session` per `batchSize` files. Resolves once
   * the API has responded, and the uploads go on in the background.
   */
  async add(files: readonly File[], folder = ''): Promise<void> {
    const entries = files.map((file) => ({
      id: this.#nextId++,
      file,
      request: toFileRequest(file, folder),
    }));
    this.#setItems([
      ...this.#items,
      ...entries.map(({ id, request }) => ({
        id,
        path: request.path,
        size: request.size,
        status: 'waiting' as const,
        progress: 0,
      })),
    ]);

    for (
      let start = 0;
      start < entries.length;
      start += this.#options.batchSize
    ) {
      await this.#requestBatch(
        entries.slice(start, start + this.#options.batchSize),
      );
    }
  }

  async #requestBatch(entries: Entry[]): Promise<void> {
    let response: SessionResponse;
    try {
      response = await this.#transport.requestUploads(
        entries.map(({ request }) => request),
      );
    } catch (error) {
      for (const { id } of entries) {
        this.#fail(id, messageOf(error));
      }
      return;
    }

    this.#options.onQuota?.(response.quota);
    if (response.uploads.length !== entries.length) {
      const message = `The session API returned ${response.uploads.length} uploads for ${entries.length} files, so none was uploaded. Try again.`;
      for (const { id } of entries) {
        this.#fail(id, message);
      }
      return;
    }

    entries.forEach(({ id, file }, index) => {
      const upload = response.uploads[index];
      if (upload?.state === 'INITIATED') {
        this.#waiting.push({ id, upload, file });
      } else if (upload?.state === 'REJECTED') {
        this.#update(id, { status: 'refused', message: upload.reason.message });
      }
    });
    this.#startNext();
  }

  /**
   * Aborts running uploads, drops waiting ones and stops polling. The queue
   * stays usable for new files.
   */
  stop(): void {
    for (const { id } of this.#waiting.splice(0)) {
      this.#fail(id, 'The upload was cancelled.');
    }
    for (const controller of this.#running.values()) {
      controller.abort();
    }
    this.#watcher.stop();
  }

  #startNext(): void {
    while (this.#running.size < this.#options.concurrency) {
      const job = this.#waiting.shift();
      if (!job) {
        return;
      }

      const controller = new AbortController();
      this.#running.set(job.id, controller);
      void this.#post(job, controller.signal).finally(() => {
        this.#running.delete(job.id);
        this.#startNext();
      });
    }
  }

  async #post({ id, upload, file }: Job, signal: AbortSignal): Promise<void> {
    this.#update(id, { status: 'uploading' });

    try {
      await this.#transport.postObject(upload, file, {
        signal,
        onProgress: (sentBytes, totalBytes) =>
          this.#update(id, { progress: sentBytes / totalBytes }),
      });
    } catch (error) {
      this.#fail(id, messageOf(error));
      return;
    }

    this.#update(id, { status: 'confirming', progress: 1 });
    this.#watcher.watch(id, upload.key, upload.path);
  }

  #applyCompletion({ storedIds, timedOut }: CompletionResult): void {
    for (const id of storedIds) {
      this.#update(id, { status: 'stored' });
    }
    for (const { id, message } of timedOut) {
      this.#fail(id, message);
    }

    const stored = this.#items.filter((item) => storedIds.includes(item.id));
    if (stored.length > 0) {
      this.#options.onStored?.(stored);
    }
  }

  #fail(id: number, message: string): void {
    this.#update(id, { status: 'failed', message });
  }

  #update(id: number, patch: Partial<Omit<UploadItem, 'id'>>): void {
    this.#setItems(
      this.#items.map((item) =>
        item.id === id ? { ...item, ...patch } : item,
      ),
    );
  }

  #setItems(items: readonly UploadItem[]): void {
    this.#items = items;
    for (const listener of this.#listeners) {
      listener();
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import type {
  FileRequest,
  InitiatedUpload,
  Upload,
} from '../../amplify/core/api';
import { requestThumbnail } from '../thumbnails/thumbnails';
import { CompletionWatcher, type CompletionResult } from './completionWatcher';
import { browserConnectivity, type Connectivity } from './connectivity';
import { HeldReservations } from './heldReservations';
import { PolicyRequester } from './policyRequester';
import type { Entry } from './queueEntry';
import type {
  QueuedFile,
  RefusedFile,
  UploadQueueOptions,
  UploadTransport,
} from './queueTypes';
import {
  backoffDelayMs,
  classifyPostError,
  messageOf,
  retryMessage,
} from './retry';
import type { QueueSnapshot, UploadItem } from './uploadItem';
import { UploadStore } from './uploadStore';

/**
 * A policy that expires within this margin is renewed before its upload
 * starts, so that no file sets out on a policy that is about to run out.
 */
const renewMarginMs = 5000;

/**
 * Upload queue. It requests policies just in time, one `PUT /session` per
 * batch whenever fewer policies are ready than uploads may run, and posts
 * files to S3 a few at a time. It retries network errors and 5xx with
 * backoff, renews expired policies, pauses while the browser is offline,
 * and follows each file to `stored`, `refused`, `failed` or `cancelled`.
 * It imports no UI framework, so a UI subscribes to it and reads immutable
 * snapshots.
 */
export class UploadQueue {
  readonly #transport: UploadTransport;
  readonly #options: UploadQueueOptions;
  readonly #connectivity: Connectivity;
  readonly #now: () => number;
  readonly #store: UploadStore;
  readonly #watcher: CompletionWatcher;
  readonly #held: HeldReservations;
  readonly #requester: PolicyRequester;
  readonly #entries = new Map<number, Entry>();
  #ready: Entry[] = [];
  readonly #running = new Set<Entry>();
  #nextId = 1;
  #nextBatchId = 1;
  #unsubscribe: (() => void) | undefined;

  constructor(transport: UploadTransport, options: UploadQueueOptions) {
    this.#transport = transport;
    this.#options = options;
    this.#connectivity = options.connectivity ?? browserConnectivity;
    this.#now = options.now ?? Date.now;
    this.#store = new UploadStore({
      progressIntervalMs: options.progressIntervalMs ?? 100,
      now: this.#now,
    });
    this.#requester = new PolicyRequester(
      transport,
      {
        batchSize: options.batchSize,
        maxAttempts: options.maxAttempts,
        backoff: (attempt) => this.#backoff(attempt),
        isOnline: () => this.#connectivity.isOnline(),
      },
      this.#store,
      {
        onQuota: (quota) => this.#options.onQuota?.(quota),
        onUpload: (entry, upload) => this.#applyUpload(entry, upload),
        onFail: (entry, message) => this.#fail(entry, message),
        onSettled: () => this.#pump(),
      },
    );
    this.#held = new HeldReservations(this.#store, this.#now, () =>
      this.#options.onHeldReleased?.(),
    );
    this.#watcher = new CompletionWatcher(
      (prefix, cursor) => transport.listFiles(prefix, cursor),
      {
        intervalMs: options.confirmIntervalMs,
        timeoutMs: options.confirmTimeoutMs,
      },
      (result) => this.#applyCompletion(result),
    );
    this.#store.setOnline(this.#connectivity.isOnline());
  }

  /**
   * Starts following the browser's connectivity, so that going offline
   * pauses the queue and coming back resumes it, until stop().
   */
  start(): void {
    this.#unsubscribe ??= this.#connectivity.subscribe(() =>
      this.#onConnectivityChange(),
    );
    this.#onConnectivityChange();
    // React runs the effect's cleanup and setup again on a dev refresh,
    // which keeps this queue, so held bytes must be followed again.
    this.#held.resume();
  }

  subscribe = (listener: () => void): (() => void) =>
    this.#store.subscribe(listener);

  /** Returns the snapshot, a new object after each change. */
  getSnapshot = (): QueueSnapshot => this.#store.getSnapshot();

  /** Number of uploads to S3 running now. */
  get runningCount(): number {
    return this.#running.size;
  }

  /**
   * Adds files as one batch and starts uploading; returns the batch id.
   * Policies are requested as the queue reaches the files. `refused` are
   * files of the batch that the app turned down before asking the API,
   * each with the reason, so the batch's summary counts them.
   */
  add(
    files: readonly QueuedFile[],
    refused: readonly RefusedFile[] = [],
  ): number {
    const batchId = this.#nextBatchId++;
    const entries = files.map(({ file, path, replace }): Entry => ({
      id: this.#nextId++,
      file,
      // Only a transport that can post thumbnails requests their policies.
      request: this.#withThumbnail({
        path,
        size: file.size,
        contentType: file.type || 'application/octet-stream',
        ...(replace ? { replace } : {}),
      }),
      place: 'pending',
      failures: 0,
      renewals: 0,
    }));
    for (const entry of entries) {
      this.#entries.set(entry.id, entry);
    }
    this.#requester.enqueue(entries);
    this.#store.addBatch(batchId, [
      ...entries.map(({ id, request }) => ({
        id,
        batchId,
        path: request.path,
        size: request.size,
        status: 'waiting' as const,
        sentBytes: 0,
      })),
      ...refused.map(({ path, size, message }) => ({
        id: this.#nextId++,
        batchId,
        path,
        size,
        status: 'refused' as const,
        sentBytes: 0,
        message,
      })),
    ]);
    this.#pump();

    return batchId;
  }

  /**
   * Cancels one file: drops it from the queue or aborts its upload. A file
   * that S3 has accepted cannot be cancelled. The bytes of an issued policy
   * stay held until it expires, because the policy cannot be revoked and
   * releasing them early would let its object in uncounted.
   */
  cancel(id: number): void {
    const entry = this.#entries.get(id);
    if (entry) {
      this.#cancelEntry(entry);
      this.#pump();
    }
  }

  /** Cancels every file that is not finished or being confirmed. */
  cancelAll(): void {
    for (const entry of this.#entries.values()) {
      this.#cancelEntry(entry);
    }
    this.#pump();
  }

  #cancelEntry(entry: Entry): void {
    if (entry.place === 'done') {
      return;
    }

    const wasRunning = entry.place === 'running';
    this.#requester.remove(entry);
    this.#ready = this.#ready.filter((other) => other !== entry);
    clearTimeout(entry.retryTimer);
    entry.place = 'done';
    this.#running.delete(entry);
    if (wasRunning) {
      entry.controller?.abort();
    }
    this.#markCancelled(entry);
  }

  /** Queues every failed file again, with a fresh count of attempts. */
  retryFailed(): void {
    for (const entry of this.#entries.values()) {
      if (this.#store.get(entry.id)?.status !== 'failed') {
        continue;
      }

      entry.failures = 0;
      entry.renewals = 0;
      if (entry.upload && this.#isFresh(entry.upload)) {
        entry.place = 'ready';
        this.#ready.push(entry);
      } else {
        entry.upload = undefined;
        this.#requester.enqueue([entry]);
      }
      this.#store.update(entry.id, {
        status: 'waiting',
        sentBytes: 0,
        message: undefined,
      });
    }
    this.#pump();
  }

  /**
   * Aborts running uploads, drops waiting ones, stops every timer and stops
   * following connectivity. For when the queue's page goes away.
   */
  stop(): void {
    for (const entry of this.#entries.values()) {
      clearTimeout(entry.retryTimer);
      entry.controller?.abort();
      entry.place = 'done';
    }
    this.#requester.stop();
    this.#ready = [];
    this.#running.clear();
    this.#held.stop();
    this.#watcher.stop();
    this.#store.stop();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  #pump(): void {
    if (!this.#connectivity.isOnline()) {
      return;
    }

    while (this.#running.size < this.#options.concurrency) {
      const entry = this.#ready.shift();
      if (!entry) {
        break;
      }
      if (entry.upload && this.#isFresh(entry.upload)) {
        this.#start(entry, entry.upload);
      } else {
        this.#renew(entry);
      }
    }

    // Just in time: the next batch is requested once fewer files hold a
    // policy than may upload at once, so policies do not age in line.
    if (
      this.#requester.isIdle &&
      this.#requester.hasPending &&
      this.#ready.length < this.#options.concurrency
    ) {
      void this.#requester.requestNext();
    }
  }

  #applyUpload(entry: Entry, upload: Upload): void {
    if (upload.state === 'REJECTED') {
      if (entry.place !== 'done') {
        entry.place = 'done';
        this.#store.update(entry.id, {
          status: 'refused',
          message: upload.reason.message,
        });
      }
      return;
    }
    entry.upload = upload;
    if (entry.place === 'done') {
      // Cancelled while its policy was being issued: the bytes are held.
      this.#markCancelled(entry);
      return;
    }
    entry.place = 'ready';
    this.#ready.push(entry);
    // The API gives a taken path the next free copy name.
    this.#store.update(entry.id, { path: upload.path });
  }

  #start(entry: Entry, upload: InitiatedUpload): void {
    const controller = new AbortController();
    entry.controller = controller;
    entry.place = 'running';
    this.#running.add(entry);
    this.#store.update(entry.id, {
      status: 'uploading',
      sentBytes: 0,
      message: undefined,
    });
    void this.#post(entry, upload, controller.signal);
  }

  async #post(
    entry: Entry,
    upload: InitiatedUpload,
    signal: AbortSignal,
  ): Promise<void> {
    try {
      await this.#transport.postObject(upload, entry.file, {
        signal,
        onProgress: (sent, total) =>
          this.#store.setProgress(
            entry.id,
            Math.min(
              entry.request.size,
              Math.round((sent / total) * entry.request.size),
            ),
          ),
      });
    } catch (error) {
      // A cancel or going offline has already moved the entry on.
      if (entry.place === 'running') {
        this.#running.delete(entry);
        this.#onPostError(entry, upload, error);
      }
      this.#pump();
      return;
    }

    if (entry.place !== 'running') {
      this.#pump();
      return;
    }

    this.#running.delete(entry);
    entry.place = 'done';
    this.#store.update(entry.id, {
      status: 'confirming',
      sentBytes: entry.request.size,
    });
    this.#pump();
    // The listing that confirms the upload also makes the grid load the
    // thumbnail, so the thumbnail is sent first.
    await this.#postThumbnail(entry, upload, signal);
    // Only stop() aborts a posted file's signal, and it ends the watching.
    if (!signal.aborted) {
      this.#watcher.watch(entry.id, upload.key, upload.path);
    }
  }

  #withThumbnail(request: FileRequest): FileRequest {
    return this.#transport.postThumbnail ? requestThumbnail(request) : request;
  }

  /**
   * Sends the thumbnail of a posted file. A thumbnail is optional, because
   * the grid shows an icon without one, so a failure is logged and the
   * upload goes on.
   */
  async #postThumbnail(
    entry: Entry,
    upload: InitiatedUpload,
    signal: AbortSignal,
  ): Promise<void> {
    if (!upload.thumbnail || !this.#transport.postThumbnail) {
      return;
    }

    try {
      const outcome = await this.#transport.postThumbnail(
        upload.thumbnail,
        entry.file,
        { signal },
      );
      if (outcome.status !== 'SENT') {
        console.warn(
          `Thumbnail of ${upload.path} not sent (${outcome.status}): ${outcome.reason}`,
        );
      }
    } catch (error) {
      console.warn(`Thumbnail of ${upload.path} not sent: ${messageOf(error)}`);
    }
  }

  #onPostError(entry: Entry, upload: InitiatedUpload, error: unknown): void {
    const action = classifyPostError(error, upload, this.#now());
    if (action === 'retry' && !this.#connectivity.isOnline()) {
      this.#pause(entry);
      return;
    }

    if (action === 'retry') {
      entry.failures += 1;
      if (entry.failures >= this.#options.maxAttempts) {
        this.#fail(
          entry,
          `${messageOf(error)} (gave up after ${entry.failures} attempts)`,
        );
        return;
      }

      const delayMs = this.#backoff(entry.failures);
      entry.place = 'delayed';
      this.#store.update(entry.id, {
        status: 'waiting',
        sentBytes: 0,
        message: retryMessage(
          delayMs,
          entry.failures,
          this.#options.maxAttempts,
          error,
        ),
      });
      entry.retryTimer = setTimeout(() => {
        entry.place = 'ready';
        this.#ready.unshift(entry);
        this.#pump();
      }, delayMs);
      return;
    }
    if (action === 'renew') {
      this.#renew(entry);
      return;
    }
    if (action === 'cancelled') {
      entry.place = 'done';
      this.#markCancelled(entry);
      return;
    }

    this.#fail(entry, messageOf(error));
  }

  /**
   * Puts a file back in line for a fresh policy.
   *
   * NOTE: the API treats the expired upload's path as taken, so the fresh
   * policy is for the next copy name, `name (2).ext`, and the old
   * reservation stays held until the API marks it expired.
   */
  #renew(entry: Entry): void {
    entry.renewals += 1;
    if (entry.renewals > this.#options.maxAttempts) {
      this.#fail(
        entry,
        `The upload policy expired ${entry.renewals - 1} times before the file was sent; try again on a faster connection.`,
      );
      return;
    }

    entry.upload = undefined;
    this.#requester.enqueueFirst(entry);
    this.#store.update(entry.id, {
      status: 'waiting',
      sentBytes: 0,
      message: 'The upload policy expired; requesting a new one.',
    });
  }

  #pause(entry: Entry): void {
    entry.place = 'ready';
    this.#ready.unshift(entry);
    this.#store.update(entry.id, {
      status: 'waiting',
      sentBytes: 0,
      message: 'Paused while the browser is offline.',
    });
  }

  #onConnectivityChange(): void {
    const isOnline = this.#connectivity.isOnline();
    this.#store.setOnline(isOnline);
    if (isOnline) {
      this.#pump();
      return;
    }

    // An upload cut off by the network can hang for minutes before the
    // browser reports it, so it is aborted and sent again once online.
    const running = [...this.#running].reverse();
    this.#running.clear();
    for (const entry of running) {
      this.#pause(entry);
      entry.controller?.abort();
    }
  }

  #markCancelled(entry: Entry): void {
    this.#held.markCancelled(entry.id, entry.request.size, entry.upload);
  }

  #applyCompletion({ storedIds, timedOut }: CompletionResult): void {
    const stored: UploadItem[] = [];
    for (const id of storedIds) {
      this.#store.update(id, { status: 'stored' });
      const item = this.#store.get(id);
      if (item) {
        stored.push(item);
      }
    }
    for (const { id, message } of timedOut) {
      this.#store.update(id, { status: 'failed', message });
    }

    if (stored.length > 0) {
      this.#options.onStored?.(stored);
    }
  }

  #fail(entry: Entry, message: string): void {
    entry.place = 'done';
    this.#store.update(entry.id, { status: 'failed', sentBytes: 0, message });
  }

  #isFresh(upload: InitiatedUpload): boolean {
    return this.#now() < Date.parse(upload.expiresAt) - renewMarginMs;
  }

  #backoff(attempt: number): number {
    return backoffDelayMs(
      attempt,
      this.#options.retryBaseMs,
      this.#options.random,
    );
  }
}

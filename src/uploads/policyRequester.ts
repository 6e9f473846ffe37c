import type { Quota, SessionResponse, Upload } from '../../amplify/core/api';
import type { Entry } from './queueEntry';
import type { UploadTransport } from './queueTypes';
import { classifySessionError, messageOf, retryMessage } from './retry';
import type { UploadStore } from './uploadStore';

export type PolicyRequesterOptions = {
  /** Files per `PUT /session`. */
  batchSize: number;
  /** Attempts of one request after network errors and 5xx. */
  maxAttempts: number;
  backoff: (attempt: number) => number;
  isOnline: () => boolean;
};

export type PolicyRequesterHooks = {
  onQuota: (quota: Quota) => void;
  /** Called for each requested entry with the API's upload for it. */
  onUpload: (entry: Entry, upload: Upload) => void;
  onFail: (entry: Entry, message: string) => void;
  /** Called when a request has settled or a retry is due. */
  onSettled: () => void;
};

/**
 * Requests upload policies for the entries in line, one `PUT /session` per
 * batch and one request at a time. A network error or 5xx puts the batch
 * back at the front and retries it after a backoff, and while the browser
 * is offline it waits without counting an attempt.
 */
export class PolicyRequester {
  readonly #transport: UploadTransport;
  readonly #options: PolicyRequesterOptions;
  readonly #store: UploadStore;
  readonly #hooks: PolicyRequesterHooks;
  #pending: Entry[] = [];
  #isRequesting = false;
  #failures = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    transport: UploadTransport,
    options: PolicyRequesterOptions,
    store: UploadStore,
    hooks: PolicyRequesterHooks,
  ) {
    this.#transport = transport;
    this.#options = options;
    this.#store = store;
    this.#hooks = hooks;
  }

  get hasPending(): boolean {
    return this.#pending.length > 0;
  }

  /** True when no request is in flight and no retry is waiting. */
  get isIdle(): boolean {
    return !this.#isRequesting && this.#retryTimer === undefined;
  }

  /** Puts entries at the back of the line. */
  enqueue(entries: readonly Entry[]): void {
    for (const entry of entries) {
      entry.place = 'pending';
    }
    this.#pending.push(...entries);
  }

  /** Puts an entry at the front of the line, e.g. for a fresh policy. */
  enqueueFirst(entry: Entry): void {
    entry.place = 'pending';
    this.#pending.unshift(entry);
  }

  remove(entry: Entry): void {
    this.#pending = this.#pending.filter((other) => other !== entry);
  }

  /** Empties the line and cancels a waiting retry. */
  stop(): void {
    this.#pending = [];
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  /** Requests policies for the next batch in line. */
  async requestNext(): Promise<void> {
    const entries = this.#pending.splice(0, this.#options.batchSize);
    for (const entry of entries) {
      entry.place = 'requesting';
    }
    this.#isRequesting = true;

    let response: SessionResponse;
    try {
      response = await this.#transport.requestUploads(
        entries.map(({ request }) => request),
      );
    } catch (error) {
      this.#isRequesting = false;
      this.#onError(entries, error);
      this.#hooks.onSettled();
      return;
    }

    this.#isRequesting = false;
    this.#failures = 0;
    this.#hooks.onQuota(response.quota);
    if (response.uploads.length !== entries.length) {
      const message = `The session API returned ${response.uploads.length} uploads for ${entries.length} files, so none was uploaded. Try again.`;
      for (const entry of entries) {
        this.#hooks.onFail(entry, message);
      }
    } else {
      entries.forEach((entry, index) => {
        const upload = response.uploads[index];
        if (upload) {
          this.#hooks.onUpload(entry, upload);
        }
      });
    }
    this.#hooks.onSettled();
  }

  #onError(entries: Entry[], error: unknown): void {
    // Entries cancelled during the request are finished with.
    const live = entries.filter((entry) => entry.place === 'requesting');
    for (const entry of live) {
      entry.place = 'pending';
    }
    if (classifySessionError(error) === 'retry') {
      if (!this.#options.isOnline()) {
        this.#pending.unshift(...live);
        return;
      }

      this.#failures += 1;
      if (this.#failures < this.#options.maxAttempts) {
        this.#retryLater(live, error);
        return;
      }
    }

    this.#failures = 0;
    for (const entry of live) {
      this.#hooks.onFail(entry, messageOf(error));
    }
  }

  #retryLater(entries: Entry[], error: unknown): void {
    const delayMs = this.#options.backoff(this.#failures);
    const message = retryMessage(
      delayMs,
      this.#failures,
      this.#options.maxAttempts,
      error,
    );
    for (const entry of entries) {
      this.#store.update(entry.id, { message });
    }
    this.#pending.unshift(...entries);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#hooks.onSettled();
    }, delayMs);
  }
}

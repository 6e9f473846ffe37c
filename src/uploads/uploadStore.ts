import { TransferRate } from './transferRate';
import {
  finalStatuses,
  type HeldBytes,
  type QueueSnapshot,
  type QueueStats,
  type UploadItem,
} from './uploadItem';

type Batch = { ids: number[]; unfinished: number };

export type UploadStoreOptions = {
  /**
   * Maximum delay before a progress change reaches subscribers. Progress
   * events arrive many times a second per file, so they are gathered into
   * one snapshot per interval rather than one render each.
   */
  progressIntervalMs: number;
  now: () => number;
};

/**
 * The queue's items as subscribers see them. Changes of status go out in
 * one snapshot per task (a batch of 250 refusals renders once), and
 * progress at most once per `progressIntervalMs`.
 */
export class UploadStore {
  readonly #options: UploadStoreOptions;
  readonly #listeners = new Set<() => void>();
  readonly #items = new Map<number, UploadItem>();
  readonly #batches = new Map<number, Batch>();
  readonly #rate = new TransferRate();
  #isOnline = true;
  #announcement = '';
  #snapshot: QueueSnapshot;
  #isFlushQueued = false;
  #progressTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: UploadStoreOptions) {
    this.#options = options;
    this.#snapshot = this.#buildSnapshot();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);

    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): QueueSnapshot => this.#snapshot;

  get(id: number): UploadItem | undefined {
    return this.#items.get(id);
  }

  values(): IterableIterator<UploadItem> {
    return this.#items.values();
  }

  /** Adds the items of one batch, all `waiting`. */
  addBatch(batchId: number, items: readonly UploadItem[]): void {
    for (const item of items) {
      this.#items.set(item.id, item);
    }
    const batch = {
      ids: items.map((item) => item.id),
      unfinished: items.filter((item) => !finalStatuses.has(item.status))
        .length,
    };
    this.#batches.set(batchId, batch);
    if (batch.unfinished === 0) {
      this.#announcement = this.#describeBatch(batch);
    }
    this.#queueFlush();
  }

  /** Changes one item; a change of status or message goes out at once. */
  update(id: number, patch: Partial<Omit<UploadItem, 'id'>>): void {
    const item = this.#items.get(id);
    if (!item) {
      return;
    }

    const next = { ...item, ...patch };
    this.#items.set(id, next);
    this.#countFinished(item, next);
    this.#queueFlush();
  }

  /** Records bytes sent; subscribers see it within `progressIntervalMs`. */
  setProgress(id: number, sentBytes: number): void {
    const item = this.#items.get(id);
    if (!item) {
      return;
    }

    this.#items.set(id, { ...item, sentBytes });
    this.#progressTimer ??= setTimeout(
      () => this.#flush(),
      this.#options.progressIntervalMs,
    );
  }

  setOnline(isOnline: boolean): void {
    this.#isOnline = isOnline;
    this.#rate.reset();
    this.#queueFlush();
  }

  /** Cancels pending notifications. */
  stop(): void {
    clearTimeout(this.#progressTimer);
    this.#progressTimer = undefined;
  }

  #countFinished(before: UploadItem, after: UploadItem): void {
    const batch = this.#batches.get(after.batchId);
    const wasFinal = finalStatuses.has(before.status);
    const isFinal = finalStatuses.has(after.status);
    if (!batch || wasFinal === isFinal) {
      return;
    }

    batch.unfinished += isFinal ? -1 : 1;
    if (batch.unfinished === 0) {
      this.#announcement = this.#describeBatch(batch);
    }
  }

  #describeBatch(batch: Batch): string {
    const counts = { stored: 0, refused: 0, failed: 0, cancelled: 0 };
    for (const id of batch.ids) {
      const status = this.#items.get(id)?.status;
      if (status && status in counts) {
        counts[status as keyof typeof counts] += 1;
      }
    }

    const parts = [`${counts.stored} of ${batch.ids.length} files stored`];
    for (const name of ['refused', 'failed', 'cancelled'] as const) {
      if (counts[name] > 0) {
        parts.push(`${counts[name]} ${name}`);
      }
    }

    return `Upload finished: ${parts.join(', ')}.`;
  }

  #queueFlush(): void {
    if (this.#isFlushQueued) {
      return;
    }
    this.#isFlushQueued = true;
    queueMicrotask(() => this.#flush());
  }

  #flush(): void {
    clearTimeout(this.#progressTimer);
    this.#progressTimer = undefined;
    this.#isFlushQueued = false;
    this.#snapshot = this.#buildSnapshot();
    for (const listener of this.#listeners) {
      listener();
    }
  }

  #buildSnapshot(): QueueSnapshot {
    const items = [...this.#items.values()];
    const stats = this.#countStats(items);

    return {
      items,
      stats,
      isOnline: this.#isOnline,
      held: this.#sumHeld(items),
      announcement: this.#announcement,
    };
  }

  #countStats(items: readonly UploadItem[]): QueueStats {
    const stats: QueueStats = {
      totalFiles: 0,
      storedFiles: 0,
      refusedFiles: 0,
      failedFiles: 0,
      cancelledFiles: 0,
      activeFiles: 0,
      totalBytes: 0,
      sentBytes: 0,
    };
    for (const item of items) {
      if (item.status === 'refused') {
        stats.refusedFiles += 1;
        continue;
      }
      if (item.status === 'cancelled') {
        stats.cancelledFiles += 1;
        continue;
      }

      stats.totalFiles += 1;
      stats.totalBytes += item.size;
      stats.sentBytes += item.sentBytes;
      if (item.status === 'stored') {
        stats.storedFiles += 1;
      } else if (item.status === 'failed') {
        stats.failedFiles += 1;
      } else if (item.status !== 'confirming') {
        stats.activeFiles += 1;
      }
    }

    this.#rate.record(this.#options.now(), stats.sentBytes);
    const bytesPerSecond = this.#rate.bytesPerSecond();
    if (bytesPerSecond !== undefined && bytesPerSecond > 0) {
      stats.bytesPerSecond = bytesPerSecond;
      if (stats.activeFiles > 0) {
        stats.secondsLeft =
          (stats.totalBytes - stats.sentBytes) / bytesPerSecond;
      }
    }

    return stats;
  }

  #sumHeld(items: readonly UploadItem[]): HeldBytes | undefined {
    let bytes = 0;
    let freeAt = '';
    for (const item of items) {
      if (item.heldUntil !== undefined) {
        bytes += item.size;
        freeAt = item.heldUntil > freeAt ? item.heldUntil : freeAt;
      }
    }

    return bytes > 0 ? { bytes, freeAt } : undefined;
  }
}

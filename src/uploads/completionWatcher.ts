import type { ListResponse } from '../../amplify/core/api';
import { folderOf } from './filePath';

type ListFiles = (
  prefix: string,
  cursor: string | null,
) => Promise<ListResponse>;

export type CompletionWatcherOptions = {
  intervalMs: number;
  timeoutMs: number;
};

export type CompletionResult = {
  /** Ids whose objects the file list shows as `COMPLETE`. */
  storedIds: number[];
  /** Ids given up on after `timeoutMs`, each with the message to show. */
  timedOut: { id: number; message: string }[];
};

type Pending = {
  key: string;
  prefix: string;
  deadline: number;
};

/**
 * Polls `GET /session` until uploads that S3 accepted show as `COMPLETE`.
 * S3 responds to the POST before its `ObjectCreated` event reaches the
 * events function, so an object is counted a moment after the upload ends.
 */
export class CompletionWatcher {
  readonly #listFiles: ListFiles;
  readonly #options: CompletionWatcherOptions;
  readonly #onResult: (result: CompletionResult) => void;
  readonly #pending = new Map<number, Pending>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #isPolling = false;

  constructor(
    listFiles: ListFiles,
    options: CompletionWatcherOptions,
    onResult: (result: CompletionResult) => void,
  ) {
    this.#listFiles = listFiles;
    this.#options = options;
    this.#onResult = onResult;
  }

  /** Starts watching for the object `key`, stored at `path`. */
  watch(id: number, key: string, path: string): void {
    this.#pending.set(id, {
      key,
      prefix: folderOf(path),
      deadline: Date.now() + this.#options.timeoutMs,
    });
    this.#schedule();
  }

  /** Stops polling and clears every pending upload. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending.clear();
  }

  #schedule(): void {
    if (
      this.#timer !== undefined ||
      this.#isPolling ||
      this.#pending.size === 0
    ) {
      return;
    }
    this.#timer = setTimeout(() => void this.#poll(), this.#options.intervalMs);
  }

  async #poll(): Promise<void> {
    this.#timer = undefined;
    this.#isPolling = true;
    const { completeKeys, error } = await this.#findCompleteKeys();
    this.#isPolling = false;

    const result: CompletionResult = { storedIds: [], timedOut: [] };
    const now = Date.now();
    for (const [id, pending] of this.#pending) {
      if (completeKeys.has(pending.key)) {
        result.storedIds.push(id);
        this.#pending.delete(id);
      } else if (now >= pending.deadline) {
        result.timedOut.push({ id, message: this.#timeoutMessage(error) });
        this.#pending.delete(id);
      }
    }

    if (result.storedIds.length > 0 || result.timedOut.length > 0) {
      this.#onResult(result);
    }
    this.#schedule();
  }

  /**
   * Lists each folder that has pending uploads, page by page, until every
   * pending key of that folder has been seen or the pages run out.
   */
  async #findCompleteKeys(): Promise<{
    completeKeys: Set<string>;
    error?: unknown;
  }> {
    const completeKeys = new Set<string>();
    let error: unknown;

    for (const [prefix, keys] of this.#pendingKeysByPrefix()) {
      let cursor: string | null = null;
      try {
        do {
          const page = await this.#listFiles(prefix, cursor);
          for (const file of page.files) {
            if (file.state === 'COMPLETE' && keys.delete(file.key)) {
              completeKeys.add(file.key);
            }
          }
          cursor = page.cursor;
        } while (cursor !== null && keys.size > 0);
      } catch (listError) {
        // The next poll tries again, and the error is shown if time runs out.
        error = listError;
      }
    }

    return { completeKeys, error };
  }

  #pendingKeysByPrefix(): Map<string, Set<string>> {
    const byPrefix = new Map<string, Set<string>>();
    for (const { key, prefix } of this.#pending.values()) {
      const keys = byPrefix.get(prefix) ?? new Set<string>();
      keys.add(key);
      byPrefix.set(prefix, keys);
    }

    return byPrefix;
  }

  #timeoutMessage(error: unknown): string {
    const seconds = Math.round(this.#options.timeoutMs / 1000);
    const base =
      `S3 accepted the file, but the file list did not show it as stored ` +
      `within ${seconds} s; reload the page later to check.`;
    if (error instanceof Error) {
      return `${base} Listing failed: ${error.message}`;
    }

    return base;
  }
}

import type { InitiatedUpload } from '../../amplify/core/api';
import { formatBytes } from '../../amplify/core/bytes';
import type { UploadStore } from './uploadStore';

/**
 * Wait after a cancelled upload's policy expiry before the app counts its
 * bytes as free and refetches the quota. The API releases a reservation
 * only once the expiry has passed by its own clock.
 */
const releaseLagMs = 2000;

/**
 * Tracks the bytes of cancelled uploads, which stay reserved until their
 * policy expires because a policy cannot be revoked. It marks them on the
 * items and clears the mark, then calls `onReleased`, once they are free.
 */
export class HeldReservations {
  readonly #store: UploadStore;
  readonly #now: () => number;
  readonly #onReleased: () => void;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(store: UploadStore, now: () => number, onReleased: () => void) {
    this.#store = store;
    this.#now = now;
    this.#onReleased = onReleased;
  }

  /** Marks item `id` cancelled, holding `size` bytes if `upload` is live. */
  markCancelled(id: number, size: number, upload?: InitiatedUpload): void {
    const heldUntil =
      upload && this.#now() < Date.parse(upload.expiresAt)
        ? upload.expiresAt
        : undefined;
    this.#store.update(id, {
      status: 'cancelled',
      sentBytes: 0,
      heldUntil,
      message: heldUntil
        ? `Cancelled. Its ${formatBytes(size)} stay reserved until its upload policy expires.`
        : 'Cancelled.',
    });
    this.#schedule();
  }

  /** Releases what is due and waits for the rest again after stop(). */
  resume(): void {
    this.#schedule();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Clears `heldUntil` from items whose policy has expired, when it does. */
  #schedule(): void {
    clearTimeout(this.#timer);
    const now = this.#now();
    let next = Infinity;
    let hasReleased = false;
    for (const item of this.#store.values()) {
      if (item.heldUntil === undefined) {
        continue;
      }

      const freeAtMs = Date.parse(item.heldUntil) + releaseLagMs;
      if (freeAtMs <= now) {
        this.#store.update(item.id, {
          heldUntil: undefined,
          message: 'Cancelled. Its reserved bytes are free again.',
        });
        hasReleased = true;
      } else {
        next = Math.min(next, freeAtMs);
      }
    }

    if (hasReleased) {
      this.#onReleased();
    }
    if (next !== Infinity) {
      this.#timer = setTimeout(() => this.#schedule(), next - now);
    }
  }
}

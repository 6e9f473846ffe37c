/** Window over which the upload speed is averaged. */
const windowMs = 10_000;

type Sample = { timeMs: number; sentBytes: number };

/**
 * Measures upload speed from the total bytes sent, sampled as progress
 * arrives, averaged over the last 10 s so one slow file does not swing it.
 */
export class TransferRate {
  #samples: Sample[] = [];

  /** Records that `sentBytes` had been sent in total at `timeMs`. */
  record(timeMs: number, sentBytes: number): void {
    const last = this.#samples.at(-1);
    if (last && sentBytes < last.sentBytes) {
      // Bytes of a failed or cancelled upload are no longer counted as sent.
      this.#samples = [];
    }
    this.#samples.push({ timeMs, sentBytes });
    while (
      this.#samples.length > 2 &&
      (this.#samples[0]?.timeMs ?? timeMs) < timeMs - windowMs
    ) {
      this.#samples.shift();
    }
  }

  /** Bytes per second over the window, or undefined before two samples. */
  bytesPerSecond(): number | undefined {
    const first = this.#samples[0];
    const last = this.#samples.at(-1);
    if (!first || !last || last.timeMs <= first.timeMs) {
      return undefined;
    }

    return (
      ((last.sentBytes - first.sentBytes) * 1000) / (last.timeMs - first.timeMs)
    );
  }

  /** Forgets every sample, e.g. when the queue pauses. */
  reset(): void {
    this.#samples = [];
  }
}

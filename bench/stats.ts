/** Summary statistics of repeated measurements. */

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/**
 * Returns the `p`th percentile by the nearest-rank method, so the result is
 * always one of the measured values. With fewer than 100 values the 99th
 * percentile is the maximum.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) {
    throw new Error('No values to summarise; measure at least once.');
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);

  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1]!;
}

/** Runs `work` and returns its wall-clock time in milliseconds. */
export async function timeMs(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();

  return performance.now() - start;
}

/** Backoff for writes that lose to concurrent writers or get throttled. */

const baseDelayMs = 20;
const maxDelayMs = 1000;

/**
 * Returns a random delay in `[0, min(maxDelayMs, baseDelayMs * 2^attempt))`,
 * the "full jitter" backoff, so that writers that collided once do not
 * collide again in step. `attempt` counts from 0.
 */
export function backoffDelayMs(
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);

  return Math.floor(random() * ceiling);
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

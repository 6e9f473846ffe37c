/**
 * The local stand-in for the sweep's EventBridge schedule: a timer that
 * runs the sweep handler every `sweepIntervalSeconds`, one run at a time.
 */

import type { Logger } from '@aws-lambda-powertools/logger';

export type SweepTimer = {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
};

/**
 * Starts running `sweep` (the sweep handler, or the trash lifecycle) every
 * `intervalSeconds`; the first run waits one interval.
 */
export function startSweepTimer(
  sweep: () => Promise<unknown>,
  intervalSeconds: number,
  logger: Logger,
): SweepTimer {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    // A run that outlasts the interval makes the next tick skip, as a
    // scheduled Lambda with reserved concurrency 1 would throttle.
    if (running !== undefined) {
      return;
    }
    running = sweep()
      .then(() => undefined)
      .catch((error: unknown) => {
        logger.error('Sweep failed; the next run retries', { error });
      })
      .finally(() => {
        running = undefined;
      });
  }, intervalSeconds * 1000);
  // The timer alone does not keep the process alive.
  timer.unref();

  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

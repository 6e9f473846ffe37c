/**
 * The local stack's Deep Archive restores. s3rver has no RestoreObject and
 * serves every object at once, so the stack keeps the restore in the
 * table: the session API records when it was requested, and the restore
 * counts as done after `delaySeconds`.
 */

import { restoreStateAt } from '../amplify/core/archive';
import type { ArchiveRestorer } from '../amplify/services/archive';

export type TimedRestoreOptions = {
  /** Seconds from the request until the file can be downloaded. */
  delaySeconds: number;
  /** Days the restored copy stays readable. */
  availableDays: number;
  now: () => number;
};

/** Creates a restorer whose restores finish after a fixed delay. */
export function createTimedArchiveRestorer(
  options: TimedRestoreOptions,
): ArchiveRestorer {
  const timing = {
    readyAfterMs: options.delaySeconds * 1000,
    availableDays: options.availableDays,
  };

  return {
    // The session API has recorded the request time before it calls this.
    requestRestore: () => Promise.resolve(true),
    readRestore: (object) =>
      Promise.resolve(
        restoreStateAt(object.restoreRequestedAt, options.now(), timing),
      ),
    // The estimate is exact here, since the delay is what ends a restore.
    estimateRestore: (object, nowMs) =>
      restoreStateAt(object.restoreRequestedAt, nowMs, timing),
  };
}

/**
 * Archive restore states computed from the time a restore was requested.
 * The listing uses this as an estimate in AWS (S3's own state needs a
 * HeadObject per file), and the local stack, which has no RestoreObject,
 * uses it as the state itself.
 */

import type { ArchiveRestore } from './api';

export type RestoreTiming = {
  /** Time from the request until the copy is readable. */
  readyAfterMs: number;
  /** Days the readable copy stays, counted from when it is ready. */
  availableDays: number;
};

/** Returns the state of a restore requested at `requestedAt` (ISO 8601). */
export function restoreStateAt(
  requestedAt: string | undefined,
  nowMs: number,
  timing: RestoreTiming,
): ArchiveRestore {
  const requestedMs =
    requestedAt === undefined ? Number.NaN : Date.parse(requestedAt);
  if (Number.isNaN(requestedMs)) {
    return { state: 'ARCHIVED' };
  }

  const readyMs = requestedMs + timing.readyAfterMs;
  const goneMs = readyMs + timing.availableDays * 86_400_000;
  if (nowMs < readyMs) {
    return {
      state: 'RESTORING',
      requestedAt,
      expectedAt: new Date(readyMs).toISOString(),
    };
  }
  if (nowMs < goneMs) {
    return {
      state: 'RESTORED',
      requestedAt,
      availableUntil: new Date(goneMs).toISOString(),
    };
  }

  return { state: 'ARCHIVED' };
}

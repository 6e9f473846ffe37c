/**
 * Quota arithmetic. A member's stored bytes plus the bytes reserved by
 * unexpired policies must stay within their cap. These functions decide
 * which files of a batch fit, without touching storage.
 */

import type { Quota, Reason } from './api';
import { formatBytes } from './bytes';

export type Usage = {
  capBytes: number;
  usedBytes: number;
  reservedBytes: number;
};

/** Returns the API's view of a member's usage. */
export function toQuota(usage: Usage): Quota {
  return {
    capBytes: usage.capBytes,
    usedBytes: usage.usedBytes,
    reservedBytes: usage.reservedBytes,
    availableBytes: availableBytes(usage),
  };
}

/** Returns the bytes a member may still reserve, never below zero. */
export function availableBytes(usage: Usage): number {
  return Math.max(0, usage.capBytes - usage.usedBytes - usage.reservedBytes);
}

export type FileFit = { fits: true } | { fits: false; reason: Reason };

export type FileDecision<File> = { file: File } & FileFit;

export type ReservationPlan<File> = {
  /** One decision per requested file, in request order. */
  decisions: FileDecision<File>[];
  /** Sum of the sizes of the files that fit. */
  reservedBytes: number;
};

/**
 * Decides, in request order, which files fit in what is left of the cap. A
 * file that does not fit is skipped and later, smaller files may still fit,
 * so one large video does not hold back a folder of photos.
 */
export function planReservation<File extends { path: string; size: number }>(
  usage: Usage,
  files: readonly File[],
): ReservationPlan<File> {
  let leftBytes = availableBytes(usage);
  let reservedBytes = 0;
  const decisions = files.map((file): FileDecision<File> => {
    if (file.size > leftBytes) {
      const reason = quotaExceeded(
        file.path,
        file.size,
        leftBytes,
        usage.capBytes,
      );

      return { file, fits: false, reason };
    }

    leftBytes -= file.size;
    reservedBytes += file.size;

    return { file, fits: true };
  });

  return { decisions, reservedBytes };
}

/**
 * Returns the reason for a file that does not fit, naming what it needs and
 * what is left, e.g. `"a.mov" needs 12.0 MiB, but 3.1 MiB is left of your
 * 5.0 MiB; ...`.
 */
export function quotaExceeded(
  path: string,
  neededBytes: number,
  leftBytes: number,
  capBytes: number,
): Reason {
  return {
    code: 'QUOTA_EXCEEDED',
    message:
      `${JSON.stringify(path)} needs ${formatBytes(neededBytes)}, but ` +
      `${formatBytes(leftBytes)} is left of your ${formatBytes(capBytes)}; ` +
      'delete files or ask an admin for a larger cap.',
  };
}

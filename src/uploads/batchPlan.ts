/**
 * The check before a batch uploads: which chosen files can go, which paths
 * exist already, and which files fit in what is free. Imports no UI
 * framework, so the rules are tested without rendering.
 */

import type { Quota } from '../../amplify/core/api';
import { normalizePath } from '../../amplify/core/keys';
import { planReservation } from '../../amplify/core/quota';
import { relativePathOf } from './filePath';
import type { QueuedFile } from './queueTypes';
import { isSystemFile } from './systemFiles';

/**
 * What to do with a file whose path is already taken, for the whole batch:
 * upload it under a copy name, overwrite the stored file, or leave it out.
 */
export type ConflictChoice = 'keepBoth' | 'replace' | 'skip';

/** A file set aside before any request, with the reason. */
export type InvalidFile = { path: string; size: number; message: string };

export type ChosenFiles = {
  /** Files that can be requested, at their NFC paths, in chosen order. */
  files: QueuedFile[];
  /** Files that cannot be requested, each with the reason. */
  invalid: InvalidFile[];
  /** System files left out because the setting says so. */
  skippedSystemFiles: number;
};

/**
 * Places chosen files under `folder` (`''` or ending in `/`), normalises
 * their paths as the API does, and sets aside invalid paths, repeated
 * paths and, with `skipSystemFiles`, files that operating systems write.
 */
export function prepareFiles(
  chosen: readonly File[],
  folder: string,
  skipSystemFiles: boolean,
): ChosenFiles {
  const result: ChosenFiles = { files: [], invalid: [], skippedSystemFiles: 0 };
  const seen = new Set<string>();
  for (const file of chosen) {
    const rawPath = folder + relativePathOf(file);
    if (skipSystemFiles && isSystemFile(rawPath)) {
      result.skippedSystemFiles += 1;
      continue;
    }

    let path: string;
    try {
      path = normalizePath(rawPath, 'The path');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result.invalid.push({ path: rawPath, size: file.size, message });
      continue;
    }
    if (seen.has(path)) {
      result.invalid.push({
        path,
        size: file.size,
        message: `${JSON.stringify(path)} was chosen twice; it is uploaded once.`,
      });
      continue;
    }

    seen.add(path);
    result.files.push({ file, path });
  }

  return result;
}

/** Returns the distinct folders, each `''` or ending in `/`, of `paths`. */
export function foldersOf(paths: readonly string[]): string[] {
  return [
    ...new Set(paths.map((path) => path.slice(0, path.lastIndexOf('/') + 1))),
  ];
}

/**
 * Returns the files to request for `choice`: all of them for `keepBoth`,
 * whose copy names the API picks, all with `replace` set on the taken
 * paths for `replace`, or those whose paths are free for `skip`.
 */
export function applyConflictChoice(
  files: readonly QueuedFile[],
  takenPaths: ReadonlySet<string>,
  choice: ConflictChoice,
): QueuedFile[] {
  if (choice === 'keepBoth') {
    return [...files];
  }
  if (choice === 'replace') {
    return files.map((queued) =>
      takenPaths.has(queued.path) ? { ...queued, replace: true } : queued,
    );
  }

  return files.filter(({ path }) => !takenPaths.has(path));
}

export type FitResult = {
  fitting: QueuedFile[];
  /** Files that do not fit, each with the API's own wording of why. */
  tooLarge: InvalidFile[];
  totalBytes: number;
  fittingBytes: number;
  /** Bytes the batch needs beyond what is free; 0 when it fits. */
  shortfallBytes: number;
};

/**
 * Splits files into those that fit in what is free and those that do not,
 * in order, the way the API reserves: a file that does not fit is passed
 * over and later, smaller files may still fit.
 */
export function fitToQuota(
  files: readonly QueuedFile[],
  quota: Quota,
): FitResult {
  const plan = planReservation(
    quota,
    files.map((queued) => ({
      path: queued.path,
      size: queued.file.size,
      queued,
    })),
  );
  const result: FitResult = {
    fitting: [],
    tooLarge: [],
    totalBytes: 0,
    fittingBytes: plan.reservedBytes,
    shortfallBytes: 0,
  };
  for (const decision of plan.decisions) {
    result.totalBytes += decision.file.size;
    if (decision.fits) {
      result.fitting.push(decision.file.queued);
    } else {
      result.tooLarge.push({
        path: decision.file.path,
        size: decision.file.size,
        message: decision.reason.message,
      });
    }
  }
  result.shortfallBytes = Math.max(0, result.totalBytes - quota.availableBytes);

  return result;
}

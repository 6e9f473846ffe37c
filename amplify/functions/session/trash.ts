/**
 * The trash routes: move files in, list, restore and empty. The order of
 * the steps keeps the member's counters exact at every moment. A move
 * copies the object first, then writes the trash item and marks the file
 * DELETED. Only then does it delete the original, so the events of the
 * copy and of the delete find nothing left to count.
 */

import type { Logger } from '@aws-lambda-powertools/logger';

import type {
  EmptyTrashResponse,
  Reason,
  TrashListResponse,
  TrashRequest,
  TrashResponse,
  TrashRestoreResponse,
  TrashRestoreResult,
  TrashResult,
} from '../../core/api';
import { InvalidInputError, ShoeboxError } from '../../core/errors';
import { toObjectKey } from '../../core/keys';
import { thumbnailKey } from '../../core/thumbnails';
import { toQuota } from '../../core/quota';
import {
  isTrashId,
  newTrashId,
  toTrashKey,
  trashExpiresAt,
} from '../../core/trash';
import type { ResolvedDependencies } from '../../services/dependencies';
import { getMember, memberUsage } from '../../services/members';
import { copyObject, deleteObject } from '../../services/objects';
import {
  deleteTrashItem,
  getTrashItem,
  listTrash,
  markFileTrashed,
  putTrashItem,
  restoreFileItem,
  type TrashRecord,
} from '../../services/trash';
import { getFile } from '../../services/uploads';
import { currentClass } from './library';
import { findFreeCopyName } from './paths';

/** Files moved at the same time; each move is three S3 and DynamoDB calls. */
const movesInParallel = 8;
/** Trash items listed per page and removed per `DELETE /session/trash`. */
const trashPageSize = 200;

/** `POST /session/trash`. */
export async function trashFiles(
  dependencies: ResolvedDependencies,
  logger: Logger,
  memberId: string,
  request: TrashRequest,
): Promise<TrashResponse> {
  const results = await inBatches(request.paths, (path) =>
    trashOne(dependencies, logger, memberId, path, request.permanent ?? false),
  );

  return { quota: await readQuota(dependencies, memberId), results };
}

async function trashOne(
  dependencies: ResolvedDependencies,
  logger: Logger,
  memberId: string,
  path: string,
  permanent: boolean,
): Promise<TrashResult> {
  const { dynamo, s3, settings } = dependencies;
  const file = await getFile(dynamo, settings.tableName, memberId, path);
  if (file === undefined || file.state !== 'COMPLETE') {
    return failed(path, 'NOT_FOUND', notStoredMessage(path, file?.state));
  }
  if (permanent) {
    // The removal event gives the bytes back.
    await deleteObject(s3, settings.bucketName, file.key);
    await deleteThumbnail(dependencies, logger, memberId, file.uploadId);
    logger.info('File deleted permanently', { path });

    return { path, outcome: 'DELETED' };
  }

  // The copy keeps the class the lifecycle rules have moved the file to.
  const now = new Date(dependencies.now());
  const storageClass = currentClass(file, settings, now.getTime());
  if (storageClass === 'DEEP_ARCHIVE') {
    return failed(
      path,
      'ARCHIVED_NEEDS_PERMANENT',
      `${JSON.stringify(path)} is in Deep Archive, which S3 cannot copy ` +
        'into the trash; delete it permanently instead.',
    );
  }
  if (file.pendingChange !== undefined) {
    return failed(
      path,
      'BUSY',
      `${JSON.stringify(path)} is being counted right now; try again.`,
    );
  }

  const trashId = newTrashId(now.getTime());
  const trashKey = toTrashKey(memberId, trashId, path);
  if (trashKey === undefined) {
    return failed(
      path,
      'PATH_TOO_LONG_FOR_TRASH',
      `${JSON.stringify(path)} is too long to fit the trash's key; delete ` +
        'it permanently or rename a folder above it.',
    );
  }

  await copyObject(s3, {
    bucketName: settings.bucketName,
    sourceKey: file.key,
    targetKey: trashKey,
    storageClass,
  });
  const trash: TrashRecord = {
    memberId,
    trashId,
    path,
    key: trashKey,
    size: file.size,
    contentType: file.contentType,
    storageClass,
    uploadId: file.uploadId,
    hasThumbnail: file.hasThumbnail,
    trashedAt: now.toISOString(),
    expiresAt: trashExpiresAt(now, settings.trashRetentionDays).toISOString(),
  };
  // NOTE: no transaction spans the next two writes (dynalite has none). If
  // the function stops between them, the file and its trash item both
  // exist until a recount; the counters stay right.
  await putTrashItem(dynamo, settings.tableName, trash);
  const marked = await markFileTrashed(
    dynamo,
    settings.tableName,
    file,
    trashId,
    now.toISOString(),
  );
  if (!marked) {
    await deleteTrashItem(dynamo, settings.tableName, memberId, trashId);
    await deleteObject(s3, settings.bucketName, trashKey);
    logger.warn('File changed while moving to the trash; move undone', {
      path,
      trashId,
    });

    return failed(
      path,
      'BUSY',
      `${JSON.stringify(path)} changed while it was moved; try again.`,
    );
  }

  await deleteObject(s3, settings.bucketName, file.key);
  logger.info('File moved to the trash', { path, trashId, size: file.size });

  return { path, outcome: 'TRASHED', trashId };
}

/** `GET /session/trash?cursor=`. The cursor is the last trash id returned. */
export async function listTrashPage(
  dependencies: ResolvedDependencies,
  memberId: string,
  cursor: string | undefined,
): Promise<TrashListResponse> {
  const { dynamo, settings } = dependencies;
  if (cursor !== undefined && !isTrashId(cursor)) {
    throw new InvalidInputError(
      'INVALID_CURSOR',
      `cursor ${JSON.stringify(cursor.slice(0, 40))} is not a cursor of ` +
        "GET /session/trash; send the previous page's cursor, or none.",
    );
  }

  const page = await listTrash(dynamo, settings.tableName, {
    memberId,
    afterTrashId: cursor,
    limit: trashPageSize,
  });

  return {
    quota: await readQuota(dependencies, memberId),
    retentionDays: settings.trashRetentionDays,
    items: page.items.map((item) => ({
      trashId: item.trashId,
      path: item.path,
      size: item.size,
      contentType: item.contentType ?? 'application/octet-stream',
      storageClass: item.storageClass,
      trashedAt: item.trashedAt,
      expiresAt: item.expiresAt,
    })),
    cursor: page.lastTrashId ?? null,
  };
}

/** `POST /session/trash/restore`. */
export async function restoreFromTrash(
  dependencies: ResolvedDependencies,
  logger: Logger,
  memberId: string,
  trashIds: readonly string[],
): Promise<TrashRestoreResponse> {
  const results = await inBatches(trashIds, async (trashId) => {
    try {
      return await restoreOne(dependencies, logger, memberId, trashId);
    } catch (error) {
      if (error instanceof ShoeboxError && error.isUserVisible) {
        logger.warn('File not restored from the trash', { trashId, error });
        const result: TrashRestoreResult = {
          trashId,
          outcome: 'FAILED',
          reason: { code: error.code, message: error.message },
        };
        return result;
      }
      throw error;
    }
  });

  return { quota: await readQuota(dependencies, memberId), results };
}

async function restoreOne(
  dependencies: ResolvedDependencies,
  logger: Logger,
  memberId: string,
  trashId: string,
): Promise<TrashRestoreResult> {
  const { dynamo, s3, settings } = dependencies;
  const trash = await getTrashItem(
    dynamo,
    settings.tableName,
    memberId,
    trashId,
  );
  if (trash === undefined) {
    return {
      trashId,
      outcome: 'FAILED',
      reason: {
        code: 'NOT_FOUND',
        message:
          'The file is no longer in the trash; it was restored or removed.',
      },
    };
  }

  const table = { dynamo, tableName: settings.tableName, memberId };
  const now = new Date(dependencies.now()).toISOString();
  let path = trash.path;
  const tried = new Set<string>();
  // The item is written before the copy, so the copy's create event finds
  // the file COMPLETE at its size and counts nothing.
  for (;;) {
    const key = toObjectKey(memberId, path, 'path');
    if (
      await restoreFileItem(dynamo, settings.tableName, trash, {
        path,
        key,
        now,
      })
    ) {
      await copyObject(s3, {
        bucketName: settings.bucketName,
        sourceKey: trash.key,
        targetKey: key,
        storageClass: trash.storageClass,
      });
      break;
    }
    tried.add(path);
    path = await findFreeCopyName(table, trash.path, 1, tried);
  }

  await deleteTrashItem(dynamo, settings.tableName, memberId, trashId);
  await deleteObject(s3, settings.bucketName, trash.key);
  logger.info('File restored from the trash', { trashId, path });

  return { trashId, outcome: 'RESTORED', path };
}

/**
 * `DELETE /session/trash`: deletes up to one page of trashed objects. The
 * trash items stay until S3 reports each removal, which lowers the meter.
 */
export async function emptyTrash(
  dependencies: ResolvedDependencies,
  logger: Logger,
  memberId: string,
): Promise<EmptyTrashResponse> {
  const { dynamo, s3, settings } = dependencies;
  const page = await listTrash(dynamo, settings.tableName, {
    memberId,
    limit: trashPageSize,
  });
  // Deleting one key at a time, because s3rver reports no events for
  // DeleteObjects and the events lower the meter.
  await inBatches(page.items, async (item) => {
    await deleteObject(s3, settings.bucketName, item.key);
  });
  logger.info('Trash emptied', { removedCount: page.items.length });

  return {
    quota: await readQuota(dependencies, memberId),
    removedCount: page.items.length,
    hasMore: page.lastTrashId !== undefined,
  };
}

/** Deletes a thumbnail; a failure only leaves a small orphan, so it is logged. */
export async function deleteThumbnail(
  dependencies: ResolvedDependencies,
  logger: Logger,
  memberId: string,
  uploadId: string | undefined,
): Promise<void> {
  if (uploadId === undefined) {
    return;
  }
  try {
    await deleteObject(
      dependencies.s3,
      dependencies.settings.bucketName,
      thumbnailKey(memberId, uploadId),
    );
  } catch (error) {
    logger.warn('Thumbnail could not be deleted', { uploadId, error });
  }
}

async function readQuota(dependencies: ResolvedDependencies, memberId: string) {
  const member = await getMember(
    dependencies.dynamo,
    dependencies.settings.tableName,
    memberId,
  );

  return toQuota(memberUsage(member, dependencies.settings.defaultCapBytes));
}

async function inBatches<T, R>(
  items: readonly T[],
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += movesInParallel) {
    results.push(
      ...(await Promise.all(
        items.slice(start, start + movesInParallel).map(run),
      )),
    );
  }

  return results;
}

function failed(path: string, code: string, message: string): TrashResult {
  const reason: Reason = { code, message };

  return { path, outcome: 'FAILED', reason };
}

function notStoredMessage(path: string, state: string | undefined): string {
  return state === 'INITIATED'
    ? `${JSON.stringify(path)} is still uploading; delete it once stored.`
    : `${JSON.stringify(path)} is not a stored file; reload the folder.`;
}

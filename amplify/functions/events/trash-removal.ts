/**
 * S3 events for keys under `trash/`. The session API records moves into
 * and out of the trash itself, so creates there change nothing. A removal
 * (`ObjectRemoved:*` after the trash is emptied, `LifecycleExpiration:*`
 * when the retention period ends) takes the file's bytes off its member,
 * once: the trash item is deleted with a condition, and only the delivery
 * that deleted it changes the counters.
 */

import type { Logger } from '@aws-lambda-powertools/logger';

import { parseTrashKey } from '../../core/trash';
import { thumbnailKey } from '../../core/thumbnails';
import type { ResolvedDependencies } from '../../services/dependencies';
import { changeUsage } from '../../services/members';
import { deleteObject } from '../../services/objects';
import { deleteTrashItem } from '../../services/trash';
import type { RecordOutcome } from './settle';

/**
 * Applies an event for a trash key. Returns undefined for keys outside
 * `trash/`, which the caller settles as member files.
 */
export async function settleTrashEvent(
  dependencies: ResolvedDependencies,
  logger: Logger,
  key: string,
  kind: 'created' | 'removed',
): Promise<RecordOutcome | undefined> {
  const owner = parseTrashKey(key);
  if (owner === undefined) {
    return undefined;
  }
  const { memberId, trashId } = owner;
  if (kind === 'created') {
    return { memberId, path: key, outcome: 'trash copy ignored' };
  }

  const { dynamo, settings } = dependencies;
  const removed = await deleteTrashItem(
    dynamo,
    settings.tableName,
    memberId,
    trashId,
  );
  if (removed === undefined) {
    // Restored, or a repeated delivery of this removal.
    return { memberId, path: key, outcome: 'trash removal already settled' };
  }

  // NOTE: no transaction joins the delete above and this update (dynalite
  // has none), so a crash between them leaves the bytes counted until a
  // recount.
  const member = await changeUsage(dynamo, settings.tableName, memberId, {
    usedBytes: -removed.size,
    reservedBytes: 0,
    fileCount: -1,
  });
  if (removed.hasThumbnail && removed.uploadId !== undefined) {
    try {
      await deleteObject(
        dependencies.s3,
        settings.bucketName,
        thumbnailKey(memberId, removed.uploadId),
      );
    } catch (error) {
      logger.warn('Thumbnail of a removed file was not deleted', {
        memberId,
        trashId,
        error,
      });
    }
  }

  return {
    memberId,
    path: removed.path,
    outcome: 'trashed file removed',
    usedBytes: member.usedBytes,
    fileCount: member.fileCount,
  };
}

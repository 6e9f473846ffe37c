/**
 * Trash items (`TRASH#<trash id>`) and the file item writes that move a
 * file into and out of the trash. A file's bytes stay on the member's
 * counters the whole time, because the trash item takes them over from the
 * file item. Neither move changes the counters, and the S3 events of the
 * copies and deletes that follow find nothing left to count.
 */

import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import type { UploadStorageClass } from '../core/api';
import { storageClasses } from '../core/settings';
import { optionalNumber, optionalString } from './attributes';
import {
  fileItemKey,
  isConditionalCheckFailed,
  memberPartitionKey,
  type ItemKey,
} from './table';
import type { FileRecord } from './uploads';

export const trashSortKeyPrefix = 'TRASH#';

export type TrashRecord = {
  memberId: string;
  trashId: string;
  /** Path of the file before it was deleted. */
  path: string;
  /** Key of the copy under `trash/`. */
  key: string;
  size: number;
  contentType?: string;
  storageClass: UploadStorageClass;
  uploadId?: string;
  hasThumbnail?: boolean;
  /** ISO 8601 times. */
  trashedAt: string;
  expiresAt: string;
};

export function trashItemKey(memberId: string, trashId: string): ItemKey {
  return {
    pk: memberPartitionKey(memberId),
    sk: `${trashSortKeyPrefix}${trashId}`,
  };
}

/** Writes a new trash item; returns false if the id is taken. */
export async function putTrashItem(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  record: TrashRecord,
): Promise<boolean> {
  const { memberId, ...attributes } = record;
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...trashItemKey(memberId, record.trashId),
          ...Object.fromEntries(
            Object.entries(attributes).filter(
              ([, value]) => value !== undefined,
            ),
          ),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );

    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) {
      return false;
    }
    throw error;
  }
}

export async function getTrashItem(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  memberId: string,
  trashId: string,
): Promise<TrashRecord | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: tableName,
      Key: trashItemKey(memberId, trashId),
      ConsistentRead: true,
    }),
  );

  return Item ? toTrashRecord(memberId, Item) : undefined;
}

/**
 * Deletes a trash item and returns it as it was, or undefined when another
 * request or event removed it first.
 */
export async function deleteTrashItem(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  memberId: string,
  trashId: string,
): Promise<TrashRecord | undefined> {
  try {
    const { Attributes } = await dynamo.send(
      new DeleteCommand({
        TableName: tableName,
        Key: trashItemKey(memberId, trashId),
        ConditionExpression: 'attribute_exists(pk)',
        ReturnValues: 'ALL_OLD',
      }),
    );

    return Attributes ? toTrashRecord(memberId, Attributes) : undefined;
  } catch (error) {
    if (isConditionalCheckFailed(error)) {
      return undefined;
    }
    throw error;
  }
}

/** Lists one page of a member's trash, newest first. */
export async function listTrash(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  query: { memberId: string; afterTrashId?: string; limit: number },
): Promise<{ items: TrashRecord[]; lastTrashId?: string }> {
  const pk = memberPartitionKey(query.memberId);
  const result = await dynamo.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': trashSortKeyPrefix },
      ExclusiveStartKey:
        query.afterTrashId === undefined
          ? undefined
          : trashItemKey(query.memberId, query.afterTrashId),
      ConsistentRead: true,
      Limit: query.limit,
    }),
  );
  const items = (result.Items ?? []).flatMap((item) => {
    const record = toTrashRecord(query.memberId, item);
    return record === undefined ? [] : [record];
  });
  const lastKey: Partial<ItemKey> | undefined = result.LastEvaluatedKey;

  return {
    items,
    lastTrashId: lastKey?.sk?.slice(trashSortKeyPrefix.length),
  };
}

/**
 * Marks a COMPLETE file DELETED because its bytes moved to a trash item,
 * if it is still as read: same state and sequencer, no pending change. The
 * update keeps the sequencer, so the removal event of the original object
 * that follows changes nothing. Returns false when the file changed.
 */
export async function markFileTrashed(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  file: FileRecord,
  trashId: string,
  now: string,
): Promise<boolean> {
  const sameSequencer =
    file.sequencer === undefined
      ? 'attribute_not_exists(sequencer)'
      : 'sequencer = :sequencer';
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: fileItemKey(file.memberId, file.path),
        UpdateExpression:
          'SET #state = :deleted, trashId = :trashId, updatedAt = :now',
        ConditionExpression:
          `#state = :complete AND ${sameSequencer} AND ` +
          'attribute_not_exists(pendingChange)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':deleted': 'DELETED',
          ':complete': 'COMPLETE',
          ':trashId': trashId,
          ':now': now,
          ...(file.sequencer === undefined
            ? {}
            : { ':sequencer': file.sequencer }),
        },
      }),
    );

    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) {
      return false;
    }
    throw error;
  }
}

/**
 * Writes a file that comes back from the trash as COMPLETE at `path`,
 * unless the path is taken. Updates rather than puts, so a DELETED item
 * keeps its sequencer and the create event of the copy changes nothing.
 * Returns false when the path is taken.
 */
export async function restoreFileItem(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  trash: TrashRecord,
  target: { path: string; key: string; now: string },
): Promise<boolean> {
  const attributes: Record<string, unknown> = {
    path: target.path,
    key: target.key,
    state: 'COMPLETE',
    size: trash.size,
    contentType: trash.contentType,
    storageClass: trash.storageClass,
    uploadId: trash.uploadId,
    hasThumbnail: trash.hasThumbnail,
    createdAt: target.now,
    updatedAt: target.now,
  };
  const entries = Object.entries(attributes).filter(
    ([, value]) => value !== undefined,
  );
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: fileItemKey(trash.memberId, target.path),
        UpdateExpression:
          `SET ${entries.map(([name]) => `#${name} = :${name}`).join(', ')}` +
          ' REMOVE trashId, replacedBytes, expiresAt, restoreRequestedAt',
        ConditionExpression: 'attribute_not_exists(pk) OR #state = :deleted',
        ExpressionAttributeNames: Object.fromEntries(
          entries.map(([name]) => [`#${name}`, name]),
        ),
        ExpressionAttributeValues: {
          ...Object.fromEntries(
            entries.map(([name, value]) => [`:${name}`, value]),
          ),
          ':deleted': 'DELETED',
        },
      }),
    );

    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) {
      return false;
    }
    throw error;
  }
}

function toTrashRecord(
  memberId: string,
  item: Record<string, unknown>,
): TrashRecord | undefined {
  const trashId = optionalString(item.trashId);
  const path = optionalString(item.path);
  const key = optionalString(item.key);
  const size = optionalNumber(item.size);
  const trashedAt = optionalString(item.trashedAt);
  const expiresAt = optionalString(item.expiresAt);
  if (
    trashId === undefined ||
    path === undefined ||
    key === undefined ||
    size === undefined ||
    trashedAt === undefined ||
    expiresAt === undefined
  ) {
    return undefined;
  }

  return {
    memberId,
    trashId,
    path,
    key,
    size,
    contentType: optionalString(item.contentType),
    storageClass:
      storageClasses.find((known) => known === item.storageClass) ?? 'STANDARD',
    uploadId: optionalString(item.uploadId),
    hasThumbnail: item.hasThumbnail === true ? true : undefined,
    trashedAt,
    expiresAt,
  };
}

/**
 * Sums the sizes and the number of a member's trash items, which count
 * toward usage, for a recount of the member's counters.
 */
export async function sumTrash(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  memberId: string,
): Promise<{ usedBytes: number; fileCount: number }> {
  const sum = { usedBytes: 0, fileCount: 0 };
  let afterTrashId: string | undefined;
  do {
    const page = await listTrash(dynamo, tableName, {
      memberId,
      afterTrashId,
      limit: 1000,
    });
    for (const item of page.items) {
      sum.usedBytes += item.size;
      sum.fileCount += 1;
    }
    afterTrashId = page.lastTrashId;
  } while (afterTrashId !== undefined);

  return sum;
}

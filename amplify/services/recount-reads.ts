/**
 * The reads a recount makes: every member object in the bucket, every
 * member id in the table, a member's file items, and one object's size.
 */

import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  QueryCommand,
  ScanCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import { memberPrefix, parseObjectKey } from '../core/keys';
import { fileSortKeyPrefix, memberPartitionKey } from './table';
import { toFileRecord, type FileRecord } from './uploads';

/** The clients and names a recount reads and writes through. */
export type RecountTarget = {
  dynamo: DynamoDBDocumentClient;
  s3: S3Client;
  tableName: string;
  bucketName: string;
  /** Milliseconds since the epoch. */
  now: () => number;
};

export type StoredObject = { key: string; size: number };

/** Lists every object under `users/`, by member id and then by path. */
export async function listMemberObjects(
  target: RecountTarget,
): Promise<Map<string, Map<string, StoredObject>>> {
  const objects = new Map<string, Map<string, StoredObject>>();
  let token: string | undefined;
  do {
    const page = await target.s3.send(
      new ListObjectsV2Command({
        Bucket: target.bucketName,
        Prefix: memberPrefix('').slice(0, -1),
        ContinuationToken: token,
      }),
    );
    for (const object of page.Contents ?? []) {
      const owner = object.Key ? parseObjectKey(object.Key) : undefined;
      if (owner === undefined || object.Key === undefined) {
        continue;
      }
      const memberObjects = objects.get(owner.memberId) ?? new Map();
      memberObjects.set(owner.path, {
        key: object.Key,
        size: object.Size ?? 0,
      });
      objects.set(owner.memberId, memberObjects);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);

  return objects;
}

export async function listMemberIds(target: RecountTarget): Promise<string[]> {
  const prefix = memberPartitionKey('');
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await target.dynamo.send(
      new ScanCommand({
        TableName: target.tableName,
        FilterExpression: 'sk = :member',
        ExpressionAttributeValues: { ':member': 'MEMBER' },
        ProjectionExpression: 'pk',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      if (typeof item.pk === 'string' && item.pk.startsWith(prefix)) {
        ids.push(item.pk.slice(prefix.length));
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);

  return ids;
}

export async function readFiles(
  target: RecountTarget,
  memberId: string,
): Promise<FileRecord[]> {
  const files: FileRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await target.dynamo.send(
      new QueryCommand({
        TableName: target.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': memberPartitionKey(memberId),
          ':prefix': fileSortKeyPrefix,
        },
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    for (const item of page.Items ?? []) {
      const file = toFileRecord(memberId, item);
      if (file !== undefined) {
        files.push(file);
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);

  return files;
}

export async function headObjectSize(
  target: RecountTarget,
  key: string,
): Promise<number | undefined> {
  try {
    const head = await target.s3.send(
      new HeadObjectCommand({ Bucket: target.bucketName, Key: key }),
    );

    return head.ContentLength ?? 0;
  } catch (error) {
    if (error instanceof Error && error.name === 'NotFound') {
      return undefined;
    }
    throw error;
  }
}

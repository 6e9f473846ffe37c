/**
 * A member's stored bytes as the cost model needs them: each COMPLETE file
 * and each trash item with its size, upload class and age. It reads every
 * item of the member with a projection, so it costs about one read unit
 * per 4 KB of items. The cost routes call it, and the listing does not.
 */

import {
  QueryCommand,
  ScanCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import type { CostFile } from '../core/cost';
import { storageClasses } from '../core/settings';
import { optionalNumber, optionalString } from './attributes';
import { memberPartitionKey } from './table';

const dayMs = 86_400_000;

export type MemberInventory = {
  files: CostFile[];
  /** ISO 8601 creation time of the newest file, or null. */
  lastUploadAt: string | null;
};

/** Reads a member's stored files and trash items for the cost model. */
export async function readInventory(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  memberId: string,
  nowMs: number,
): Promise<MemberInventory> {
  const inventory: MemberInventory = { files: [], lastUploadAt: null };
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ProjectionExpression:
          'sk, #state, #size, storageClass, createdAt, trashedAt',
        ExpressionAttributeNames: { '#state': 'state', '#size': 'size' },
        ExpressionAttributeValues: { ':pk': memberPartitionKey(memberId) },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      addItem(inventory, item, nowMs);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);

  return inventory;
}

function addItem(
  inventory: MemberInventory,
  item: Record<string, unknown>,
  nowMs: number,
): void {
  const sortKey = optionalString(item.sk) ?? '';
  const isFile = sortKey.startsWith('FILE#') && item.state === 'COMPLETE';
  const isTrash = sortKey.startsWith('TRASH#');
  const size = optionalNumber(item.size);
  if ((!isFile && !isTrash) || size === undefined) {
    return;
  }

  // A trash copy is a new object, so its lifecycle age starts in the trash.
  const since = optionalString(isTrash ? item.trashedAt : item.createdAt);
  const sinceMs = since === undefined ? nowMs : Date.parse(since);
  inventory.files.push({
    size,
    uploadClass:
      storageClasses.find((known) => known === item.storageClass) ?? 'STANDARD',
    ageDays: Math.max(0, Math.floor((nowMs - sinceMs) / dayMs)),
  });
  if (
    isFile &&
    since !== undefined &&
    (inventory.lastUploadAt === null || since > inventory.lastUploadAt)
  ) {
    inventory.lastUploadAt = since;
  }
}

/** Reads the ids of every member that has a member item. */
export async function listMemberIds(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
): Promise<string[]> {
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'sk = :member',
        ProjectionExpression: 'pk',
        ExpressionAttributeValues: { ':member': 'MEMBER' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const pk = optionalString(item.pk);
      if (pk?.startsWith('MEMBER#')) {
        ids.push(pk.slice('MEMBER#'.length));
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);

  return ids;
}

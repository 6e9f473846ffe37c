/**
 * Usage changes that reach the member item after the file item, without a
 * transaction (dynalite has none). A write that changes a file also stores
 * the member's change on the file item as `pendingChange`, with a unique
 * id. A caller that finds a pending change finishes it in four steps,
 * each safe to repeat after a crash:
 *
 * 0. Take a lease on the pending change, so that only one caller finishes
 *    it at a time and a caller that read it before it was cleared stops.
 * 1. Add the change to the member unless the member's `appliedChangeIds`
 *    already contains its id, and add the id in the same write.
 * 2. Remove the pending change from the file item.
 * 3. Remove the id from the member's `appliedChangeIds`.
 *
 * A crash before step 1 leaves the change pending for the next caller. A
 * crash after it leaves the id on the member, so the next caller, once the
 * lease has run out, skips the add. A crash between steps 2 and 3 leaves
 * the id on the member for good, which only costs its bytes, because ids
 * are never reused.
 */

import {
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import { isConditionalCheckFailed, fileItemKey, memberItemKey } from './table';
import type { PendingChange } from './uploads';

/** Names the write after which a test hook may simulate a crash. */
export type WriteStep = 'file' | 'member';

/**
 * Called after each write of a pending change and of the file item before
 * it. Tests throw from it to stop the function part way, as a crash would.
 */
export type AfterWriteHook = (step: WriteStep) => void;

export type PendingChangeTarget = {
  dynamo: DynamoDBDocumentClient;
  tableName: string;
  memberId: string;
  path: string;
  afterWrite?: AfterWriteHook;
};

/**
 * How long a caller may take from the lease to clearing the change. Twice
 * the longest timeout of the functions that finish changes (the sweep's 60
 * seconds), so a lease runs out only after its holder has stopped.
 */
export const pendingChangeLeaseMs = 120_000;

export type FinishResult =
  /** This call added the change to the member. */
  | 'applied'
  /** An earlier, interrupted call had added it; this call cleared it. */
  | 'already applied'
  /** Another caller holds the lease or cleared the change; read again. */
  | 'busy';

/**
 * Applies a file's pending change to its member at most once and clears
 * it. `now` is milliseconds since the epoch.
 */
export async function finishPendingChange(
  target: PendingChangeTarget,
  change: PendingChange,
  now: number,
): Promise<FinishResult> {
  if (!(await takeLease(target, change.id, now))) {
    return 'busy';
  }

  const added = await addChangeOnce(target, change);
  target.afterWrite?.('member');
  await clearPendingChange(target, change.id);
  await forgetChangeId(target, change.id);

  return added ? 'applied' : 'already applied';
}

async function takeLease(
  { dynamo, tableName, memberId, path }: PendingChangeTarget,
  id: string,
  now: number,
): Promise<boolean> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: fileItemKey(memberId, path),
        UpdateExpression: 'SET pendingChange.leaseUntil = :until',
        ConditionExpression:
          'pendingChange.id = :id AND ' +
          '(attribute_not_exists(pendingChange.leaseUntil) OR ' +
          'pendingChange.leaseUntil < :now)',
        ExpressionAttributeValues: {
          ':id': id,
          ':now': now,
          ':until': now + pendingChangeLeaseMs,
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

async function addChangeOnce(
  { dynamo, tableName, memberId }: PendingChangeTarget,
  change: PendingChange,
): Promise<boolean> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: memberItemKey(memberId),
        UpdateExpression:
          'ADD usedBytes :used, reservedBytes :reserved, ' +
          'committedBytes :committed, fileCount :files, ' +
          'appliedChangeIds :ids',
        ConditionExpression: 'NOT contains(appliedChangeIds, :id)',
        ExpressionAttributeValues: {
          ':used': change.usedBytes,
          ':reserved': change.reservedBytes,
          ':committed': change.usedBytes + change.reservedBytes,
          ':files': change.fileCount,
          ':ids': new Set([change.id]),
          ':id': change.id,
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

async function clearPendingChange(
  { dynamo, tableName, memberId, path }: PendingChangeTarget,
  id: string,
): Promise<void> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: fileItemKey(memberId, path),
        UpdateExpression: 'REMOVE pendingChange',
        ConditionExpression: 'pendingChange.id = :id',
        ExpressionAttributeValues: { ':id': id },
      }),
    );
  } catch (error) {
    // A caller whose lease ran out cleared the change first.
    if (!isConditionalCheckFailed(error)) {
      throw error;
    }
  }
}

async function forgetChangeId(
  { dynamo, tableName, memberId }: PendingChangeTarget,
  id: string,
): Promise<void> {
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName,
      Key: memberItemKey(memberId),
      UpdateExpression: 'DELETE appliedChangeIds :ids',
      ExpressionAttributeValues: { ':ids': new Set([id]) },
    }),
  );
}

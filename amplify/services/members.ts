/**
 * Member items: each member's cap and usage counters. `committedBytes` is
 * always `usedBytes + reservedBytes`, kept as its own attribute because a
 * DynamoDB condition can compare an attribute with a value but cannot add
 * two attributes.
 */

import {
  GetCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import type { UsageChange } from '../core/accounting';
import type { Usage } from '../core/quota';
import { optionalNumber, optionalString } from './attributes';
import { readReservations, type ReservationRecord } from './reservations';
import { isConditionalCheckFailed, memberItemKey } from './table';

export type Member = {
  memberId: string;
  email?: string;
  /** The member's own cap; undefined means the default cap applies. */
  capBytes?: number;
  usedBytes: number;
  reservedBytes: number;
  committedBytes: number;
  fileCount: number;
  /**
   * ISO 8601 time from which an INITIATED upload may have expired; absent
   * when no reservation was made since the last check.
   */
  nextExpiryAt?: string;
  /** Reservations whose request has not closed them yet. */
  reservations: ReservationRecord[];
  /** Whether the item has a `reservations` map to add entries to. */
  hasReservationMap: boolean;
};

/**
 * Reads a member with a strongly consistent read. A member with no item
 * yet has zero usage and the default cap.
 */
export async function getMember(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  memberId: string,
): Promise<Member> {
  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: tableName,
      Key: memberItemKey(memberId),
      ConsistentRead: true,
    }),
  );

  return toMember(memberId, Item);
}

/** Returns the member's usage with their own cap or `defaultCapBytes`. */
export function memberUsage(member: Member, defaultCapBytes: number): Usage {
  return {
    capBytes: member.capBytes ?? defaultCapBytes,
    usedBytes: member.usedBytes,
    reservedBytes: member.reservedBytes,
  };
}

/**
 * Creates a member or updates their email and cap, keeping any usage
 * already counted. The local stack seeds demo members with it.
 *
 * @example
 * await putMember(dynamo, 'shoebox', {
 *   sub: '8c1e…', email: 'bob@example.com', capBytes: 5 * 1024 ** 2,
 * });
 */
export async function putMember(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  member: { sub: string; email: string; capBytes: number },
): Promise<void> {
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName,
      Key: memberItemKey(member.sub),
      UpdateExpression:
        'SET email = :email, capBytes = :capBytes, ' +
        'usedBytes = if_not_exists(usedBytes, :zero), ' +
        'reservedBytes = if_not_exists(reservedBytes, :zero), ' +
        'committedBytes = if_not_exists(committedBytes, :zero), ' +
        'fileCount = if_not_exists(fileCount, :zero)',
      ExpressionAttributeValues: {
        ':email': member.email,
        ':capBytes': member.capBytes,
        ':zero': 0,
      },
    }),
  );
}

export type ReservationRequest = {
  /** The member as read before the files were chosen. */
  member: Member;
  email?: string;
  /** Bytes to reserve, at most the member's available bytes at the read. */
  bytes: number;
  /** The cap the files were chosen against. */
  capBytes: number;
  /** ISO 8601 time at which the policies of these files run out. */
  expiresAt: string;
  /** Key of the reservation's entry in the member's `reservations` map. */
  reservationId: string;
};

/**
 * Adds `bytes` to the member's reserved bytes in one conditional write that
 * holds only while the cap is unchanged and the committed bytes still leave
 * room. Concurrent reservations that all fit succeed without retrying.
 * Returns the updated member, or undefined when the condition failed and
 * the caller must read again and choose again.
 */
export async function reserveBytes(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  request: ReservationRequest,
): Promise<Member | undefined> {
  const { member, bytes, capBytes } = request;
  const roomClause =
    '(attribute_not_exists(committedBytes) OR committedBytes <= :limit)';
  const capClause =
    member.capBytes === undefined
      ? 'attribute_not_exists(capBytes)'
      : 'capBytes = :capBytes';
  const values: Record<string, unknown> = {
    ':bytes': bytes,
    ':limit': capBytes - bytes,
    ...(member.capBytes === undefined ? {} : { ':capBytes': capBytes }),
    ':expiresAt': request.expiresAt,
    ':reservation': { bytes, expiresAt: request.expiresAt },
    ...(request.email === undefined ? {} : { ':email': request.email }),
  };

  try {
    const { Attributes } = await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: memberItemKey(member.memberId),
        UpdateExpression:
          'SET nextExpiryAt = if_not_exists(nextExpiryAt, :expiresAt), ' +
          'reservations.#reservationId = :reservation' +
          (request.email === undefined ? ' ' : ', email = :email ') +
          'ADD reservedBytes :bytes, committedBytes :bytes',
        ConditionExpression: `${roomClause} AND ${capClause}`,
        ExpressionAttributeNames: { '#reservationId': request.reservationId },
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );

    return toMember(member.memberId, Attributes);
  } catch (error) {
    if (isConditionalCheckFailed(error)) {
      return undefined;
    }
    throw error;
  }
}

/**
 * Adds a usage change to a member without a condition, creating the member
 * if needed, and returns the member as written.
 */
export async function changeUsage(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  memberId: string,
  change: UsageChange,
): Promise<Member> {
  const { Attributes } = await dynamo.send(
    new UpdateCommand({
      TableName: tableName,
      Key: memberItemKey(memberId),
      UpdateExpression:
        'ADD usedBytes :used, reservedBytes :reserved, ' +
        'committedBytes :committed, fileCount :files',
      ExpressionAttributeValues: {
        ':used': change.usedBytes,
        ':reserved': change.reservedBytes,
        ':committed': change.usedBytes + change.reservedBytes,
        ':files': change.fileCount,
      },
      ReturnValues: 'ALL_NEW',
    }),
  );

  return toMember(memberId, Attributes);
}

/**
 * Removes the member's due expiry check before a pass looks for expired
 * uploads, unless another request took it since `seen` was read. Returns
 * whether this call took it. Reservations made during the pass set a new
 * check of their own.
 */
export async function takeExpiryCheck(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  memberId: string,
  seen: string,
): Promise<boolean> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: memberItemKey(memberId),
        UpdateExpression: 'REMOVE nextExpiryAt',
        ConditionExpression: 'nextExpiryAt = :seen',
        ExpressionAttributeValues: { ':seen': seen },
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
 * Sets the member's next expiry check to `at` (ISO 8601) unless an earlier
 * check is already set.
 */
export async function scheduleExpiryCheck(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  memberId: string,
  at: string,
): Promise<void> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: memberItemKey(memberId),
        UpdateExpression: 'SET nextExpiryAt = :at',
        ConditionExpression:
          'attribute_not_exists(nextExpiryAt) OR nextExpiryAt > :at',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) {
      throw error;
    }
  }
}

function toMember(
  memberId: string,
  item: Record<string, unknown> | undefined,
): Member {
  return {
    memberId,
    email: optionalString(item?.email),
    capBytes: optionalNumber(item?.capBytes),
    usedBytes: optionalNumber(item?.usedBytes) ?? 0,
    reservedBytes: optionalNumber(item?.reservedBytes) ?? 0,
    committedBytes: optionalNumber(item?.committedBytes) ?? 0,
    fileCount: optionalNumber(item?.fileCount) ?? 0,
    nextExpiryAt: optionalString(item?.nextExpiryAt),
    reservations: readReservations(memberId, item?.reservations),
    hasReservationMap:
      typeof item?.reservations === 'object' && item.reservations !== null,
  };
}

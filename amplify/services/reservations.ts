/**
 * Reservation records, which let a reservation be settled after the
 * request that made it failed part way. `PUT /session` reserves the bytes
 * of a whole batch with one conditional write on the member, then claims a
 * path for each file, then gives back the bytes of files that got no path.
 * Without a transaction a crash between those steps would leave bytes
 * reserved with no file to release them. So each reservation is first
 * recorded as a `RESERVATION#<id>` item. The member write adds the id to
 * the member's `openReservations`, and each claimed file item names it.
 * The closing write gives back the unclaimed bytes and removes the id in
 * one conditional update. A record whose request never closed it is
 * settled after its policies expired, from the files that name it.
 */

import {
  DeleteCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import { optionalNumber, optionalString } from './attributes';
import {
  fileSortKeyPrefix,
  isConditionalCheckFailed,
  memberItemKey,
  memberPartitionKey,
  type ItemKey,
} from './table';

/** Sort key prefix of reservation records. */
export const reservationSortKeyPrefix = 'RESERVATION#';

export type ReservationRecord = {
  memberId: string;
  reservationId: string;
  /** Bytes the member write reserves. */
  bytes: number;
  /** ISO 8601 time after which every policy of the batch has run out. */
  expiresAt: string;
};

export function reservationItemKey(
  memberId: string,
  reservationId: string,
): ItemKey {
  return {
    pk: memberPartitionKey(memberId),
    sk: `${reservationSortKeyPrefix}${reservationId}`,
  };
}

/** Records a reservation before the member write that makes it. */
export async function putReservation(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  record: ReservationRecord,
): Promise<void> {
  const { memberId, ...attributes } = record;
  await dynamo.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...reservationItemKey(memberId, record.reservationId),
        ...attributes,
      },
    }),
  );
}

/**
 * Gives back `releaseBytes` of an open reservation and closes it, in one
 * write that holds only while the member still lists it as open. Returns
 * false when it was never made or was already closed.
 */
export async function closeReservation(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  memberId: string,
  reservationId: string,
  releaseBytes: number,
): Promise<boolean> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: memberItemKey(memberId),
        UpdateExpression:
          'ADD reservedBytes :minus, committedBytes :minus ' +
          'DELETE openReservations :ids',
        ConditionExpression: 'contains(openReservations, :id)',
        ExpressionAttributeValues: {
          ':minus': -releaseBytes,
          ':ids': new Set([reservationId]),
          ':id': reservationId,
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

export async function deleteReservation(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  memberId: string,
  reservationId: string,
): Promise<void> {
  await dynamo.send(
    new DeleteCommand({
      TableName: tableName,
      Key: reservationItemKey(memberId, reservationId),
    }),
  );
}

/** Reads the member's reservation records that expired before `now`. */
export async function getExpiredReservations(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  memberId: string,
  now: string,
): Promise<ReservationRecord[]> {
  const records: ReservationRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'expiresAt < :now',
        ExpressionAttributeValues: {
          ':pk': memberPartitionKey(memberId),
          ':prefix': reservationSortKeyPrefix,
          ':now': now,
        },
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    for (const item of page.Items ?? []) {
      const record = toReservationRecord(memberId, item);
      if (record !== undefined) {
        records.push(record);
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);

  return records;
}

/**
 * Settles a reservation whose request may have stopped before closing it:
 * gives back what no file item claimed and deletes the record. Call it
 * only after `expiresAt`, when the request has long ended. Returns the
 * bytes given back.
 *
 * NOTE: a claimed file counts only while its item still names the
 * reservation. The failed request returned no policy, so only an object
 * written to the path by other means and removed again, followed by a new
 * upload to the path, takes the name away before this runs. Its bytes are
 * then given back twice, and reservedBytes stays too low by that much.
 */
export async function settleStaleReservation(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  record: ReservationRecord,
): Promise<number> {
  const claimedBytes = await sumClaimedBytes(dynamo, tableName, record);
  const releaseBytes = Math.max(0, record.bytes - claimedBytes);
  const closed = await closeReservation(
    dynamo,
    tableName,
    record.memberId,
    record.reservationId,
    releaseBytes,
  );
  await deleteReservation(
    dynamo,
    tableName,
    record.memberId,
    record.reservationId,
  );

  return closed ? releaseBytes : 0;
}

async function sumClaimedBytes(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  record: ReservationRecord,
): Promise<number> {
  let total = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'reservationId = :id',
        ProjectionExpression: '#size',
        ExpressionAttributeNames: { '#size': 'size' },
        ExpressionAttributeValues: {
          ':pk': memberPartitionKey(record.memberId),
          ':prefix': fileSortKeyPrefix,
          ':id': record.reservationId,
        },
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    for (const item of page.Items ?? []) {
      total += optionalNumber(item.size) ?? 0;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);

  return total;
}

/** Converts a reservation item; undefined if malformed. */
export function toReservationRecord(
  memberId: string,
  item: Record<string, unknown>,
): ReservationRecord | undefined {
  const reservationId = optionalString(item.reservationId);
  const bytes = optionalNumber(item.bytes);
  const expiresAt = optionalString(item.expiresAt);
  if (
    reservationId === undefined ||
    bytes === undefined ||
    expiresAt === undefined
  ) {
    return undefined;
  }

  return { memberId, reservationId, bytes, expiresAt };
}

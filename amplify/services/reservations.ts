/**
 * Open reservations, which let a reservation be settled after the request
 * that made it failed part way. `PUT /session` reserves the bytes of a
 * whole batch with one conditional write on the member, then claims a path
 * for each file, then gives back the bytes of files that got no path.
 * Without a transaction a crash between those steps would leave bytes
 * reserved with no file to release them. So the reservation write also
 * records the batch in the member's `reservations` map, by id, with its
 * bytes and expiry, and each claimed file item names the id. The closing
 * write gives back the unclaimed bytes and removes the entry in one
 * conditional update. An entry whose request never closed it is settled
 * after its policies expired, from the files that name it.
 */

import {
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
} from './table';

/** One open reservation, as the member's `reservations` map stores it. */
export type ReservationRecord = {
  memberId: string;
  reservationId: string;
  /** Bytes the reservation write added. */
  bytes: number;
  /** ISO 8601 time after which every policy of the batch has run out. */
  expiresAt: string;
};

/**
 * Adds an empty `reservations` map to a member that has none, because an
 * update can set an entry only inside an existing map.
 */
export async function ensureReservationMap(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  memberId: string,
): Promise<void> {
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName,
      Key: memberItemKey(memberId),
      UpdateExpression:
        'SET reservations = if_not_exists(reservations, :empty)',
      ExpressionAttributeValues: { ':empty': {} },
    }),
  );
}

/**
 * Gives back `releaseBytes` of an open reservation and removes its entry,
 * in one write that holds only while the entry exists. Returns false when
 * the reservation was never made or was already closed.
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
          'REMOVE reservations.#id ' +
          'ADD reservedBytes :minus, committedBytes :minus',
        ConditionExpression: 'attribute_exists(reservations.#id)',
        ExpressionAttributeNames: { '#id': reservationId },
        ExpressionAttributeValues: { ':minus': -releaseBytes },
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

/** Reads the open reservations of a member item's `reservations` map. */
export function readReservations(
  memberId: string,
  value: unknown,
): ReservationRecord[] {
  if (typeof value !== 'object' || value === null) {
    return [];
  }

  const records: ReservationRecord[] = [];
  for (const [reservationId, entry] of Object.entries(value)) {
    const fields = (entry ?? {}) as Record<string, unknown>;
    const bytes = optionalNumber(fields.bytes);
    const expiresAt = optionalString(fields.expiresAt);
    if (bytes !== undefined && expiresAt !== undefined) {
      records.push({ memberId, reservationId, bytes, expiresAt });
    }
  }

  return records;
}

/**
 * Settles a reservation whose request may have stopped before closing it:
 * gives back what no file item claimed and removes the entry. Call it only
 * after `expiresAt`, when the request has long ended. Returns the bytes
 * given back.
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

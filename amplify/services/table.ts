/**
 * The single DynamoDB table and its keys. Every item of a member shares the
 * partition key `MEMBER#<sub>`, so one Query reads a member's files in path
 * order. Sort keys:
 *
 * - `MEMBER`: email, capBytes (absent for the default cap), usedBytes,
 *   reservedBytes, committedBytes, fileCount.
 * - `FILE#<path>`: one file from its first upload on: key, path, state,
 *   size, contentType, uploadId, createdAt, updatedAt, expiresAt, sequencer.
 * - `UPLOAD#<uploadId>`: a REJECTED upload: path, key, size, contentType,
 *   reason, createdAt.
 */

import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** Name of the table's partition key, a string. */
export const partitionKeyName = 'pk';
/** Name of the table's sort key, a string. */
export const sortKeyName = 'sk';

export type ItemKey = { pk: string; sk: string };

/** Sort key prefix of file items; the rest of the sort key is the path. */
export const fileSortKeyPrefix = 'FILE#';

export function memberItemKey(memberId: string): ItemKey {
  return { pk: memberPartitionKey(memberId), sk: 'MEMBER' };
}

export function fileItemKey(memberId: string, path: string): ItemKey {
  return {
    pk: memberPartitionKey(memberId),
    sk: `${fileSortKeyPrefix}${path}`,
  };
}

export function uploadItemKey(memberId: string, uploadId: string): ItemKey {
  return { pk: memberPartitionKey(memberId), sk: `UPLOAD#${uploadId}` };
}

export function memberPartitionKey(memberId: string): string {
  return `MEMBER#${memberId}`;
}

/**
 * Returns the CreateTable request for the table, for the local stack and
 * tests. The backend declares the same keys with CDK.
 */
export function createTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: partitionKeyName, AttributeType: 'S' },
      { AttributeName: sortKeyName, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: partitionKeyName, KeyType: 'HASH' },
      { AttributeName: sortKeyName, KeyType: 'RANGE' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  };
}

/**
 * Tells whether a DynamoDB call failed because its condition expression
 * did not hold, the expected outcome of an optimistic write that lost.
 */
export function isConditionalCheckFailed(error: unknown): boolean {
  return (
    error instanceof Error && error.name === 'ConditionalCheckFailedException'
  );
}

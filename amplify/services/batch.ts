/**
 * BatchGetItem and BatchWriteItem over any number of items. DynamoDB takes
 * at most 100 keys per BatchGetItem and 25 requests per BatchWriteItem, and
 * may return part of a batch unprocessed under throttling, so each chunk is
 * retried with backoff until it is done or the attempts run out.
 */

import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import { backoffDelayMs, sleep } from './retry';
import type { ItemKey } from './table';

const maxGetKeys = 100;
const maxWriteRequests = 25;
const maxAttempts = 8;

/** Reads items by key with strongly consistent reads, in no fixed order. */
export async function batchGetItems(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly ItemKey[],
  projection?: { expression: string; names: Record<string, string> },
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (const chunk of chunks(keys, maxGetKeys)) {
    let pending: Record<string, unknown>[] = chunk;
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt === maxAttempts) {
        throw new Error(
          `BatchGetItem on ${tableName} left ${pending.length} keys ` +
            `unprocessed after ${maxAttempts} attempts.`,
        );
      }
      if (attempt > 0) {
        await sleep(backoffDelayMs(attempt));
      }

      const result = await dynamo.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: pending,
              ConsistentRead: true,
              ProjectionExpression: projection?.expression,
              ExpressionAttributeNames: projection?.names,
            },
          },
        }),
      );
      items.push(...(result.Responses?.[tableName] ?? []));
      pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }

  return items;
}

/** Puts items without conditions, which BatchWriteItem does not support. */
export async function batchPutItems(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  for (const chunk of chunks(items, maxWriteRequests)) {
    let pending = chunk.map((item) => ({ PutRequest: { Item: item } }));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt === maxAttempts) {
        throw new Error(
          `BatchWriteItem on ${tableName} left ${pending.length} puts ` +
            `unprocessed after ${maxAttempts} attempts.`,
        );
      }
      if (attempt > 0) {
        await sleep(backoffDelayMs(attempt));
      }

      const result = await dynamo.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
      );
      pending = (result.UnprocessedItems?.[tableName] ?? []).flatMap(
        ({ PutRequest }) =>
          PutRequest?.Item ? [{ PutRequest: { Item: PutRequest.Item } }] : [],
      );
    }
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }

  return result;
}

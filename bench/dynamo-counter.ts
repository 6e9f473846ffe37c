/**
 * Counts the DynamoDB requests that an SDK client sends, by operation, as
 * they go on the wire: the middleware runs after the SDK's retry step, so
 * each retried attempt counts once more.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Operations that write items; the rest only read. */
const writeOperations = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

export type DynamoCount = {
  /** HTTP requests, by operation name, e.g. `{ PutItem: 3 }`. */
  requests: Record<string, number>;
  /** Every request, reads and writes. */
  totalRequests: number;
  /**
   * Items written: one per PutItem, UpdateItem or DeleteItem, and one per
   * Put, Update or Delete inside BatchWriteItem and TransactWriteItems.
   * DynamoDB bills a transactional write as two write units; this counts
   * it once.
   */
  itemWrites: number;
};

export class DynamoRequestCounter {
  private requests: Record<string, number> = {};
  private itemWrites = 0;

  record(operation: string, body: string | undefined): void {
    this.requests[operation] = (this.requests[operation] ?? 0) + 1;
    if (writeOperations.has(operation)) {
      this.itemWrites += countItemWrites(operation, body);
    }
  }

  /** Returns the counts since the last reset and starts again from zero. */
  take(): DynamoCount {
    const count: DynamoCount = {
      requests: this.requests,
      totalRequests: Object.values(this.requests).reduce((a, b) => a + b, 0),
      itemWrites: this.itemWrites,
    };
    this.requests = {};
    this.itemWrites = 0;

    return count;
  }
}

type WireRequest = { headers?: Record<string, string>; body?: unknown };

/**
 * Adds a counter to `client`. A DynamoDBDocumentClient shares the
 * middleware stack of the client it wraps, so every handler that uses this
 * client is counted.
 */
export function countDynamoRequests(
  client: DynamoDBDocumentClient,
): DynamoRequestCounter {
  const counter = new DynamoRequestCounter();
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as WireRequest;
      // The JSON protocol names the operation in X-Amz-Target, e.g.
      // `DynamoDB_20120810.PutItem`.
      const target = request.headers?.['x-amz-target'] ?? 'unknown';
      const body = typeof request.body === 'string' ? request.body : undefined;
      counter.record(target.slice(target.lastIndexOf('.') + 1), body);

      return next(args);
    },
    {
      step: 'finalizeRequest',
      priority: 'low',
      name: 'benchDynamoRequestCounter',
    },
  );

  return counter;
}

function countItemWrites(operation: string, body: string | undefined): number {
  if (operation !== 'BatchWriteItem' && operation !== 'TransactWriteItems') {
    return 1;
  }
  const input = JSON.parse(body ?? '{}') as {
    RequestItems?: Record<string, unknown[]>;
    TransactItems?: Record<string, unknown>[];
  };
  if (operation === 'TransactWriteItems') {
    // A ConditionCheck entry reads an item and writes nothing.
    return (input.TransactItems ?? []).filter(
      (item) => !('ConditionCheck' in item),
    ).length;
  }

  return Object.values(input.RequestItems ?? {}).reduce(
    (sum, requests) => sum + requests.length,
    0,
  );
}

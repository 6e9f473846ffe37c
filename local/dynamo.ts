/** DynamoDB for the local stack: dynalite, with the table created. */

import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

import { httpUrl, listen, type Listener } from './http';

export type DynamoOptions = {
  host: string;
  port: number;
  /** LevelDB directory, kept across restarts. */
  directory: string;
  listener: Listener;
};

/** Starts dynalite with its data in `directory`. */
export async function startDynamo(
  options: DynamoOptions,
): Promise<{ server: Server; port: number; endpoint: string }> {
  await mkdir(options.directory, { recursive: true });
  const server = dynalite({ path: options.directory, createTableMs: 0 });
  const port = await listen(
    server,
    options.host,
    options.port,
    options.listener,
  );

  return { server, port, endpoint: httpUrl(options.host, port) };
}

/**
 * Creates the table from `input` when it does not exist, then waits until
 * it is ACTIVE.
 */
export async function ensureTable(
  client: DynamoDBClient,
  input: CreateTableCommandInput,
): Promise<void> {
  const tableName = input.TableName;
  if (!tableName) {
    throw new Error('The CreateTable input names no table.');
  }

  if (!(await describeStatus(client, tableName))) {
    await client.send(new CreateTableCommand(input));
  }

  return waitUntilActive(client, tableName);
}

async function describeStatus(
  client: DynamoDBClient,
  tableName: string,
): Promise<string | undefined> {
  try {
    const { Table } = await client.send(
      new DescribeTableCommand({ TableName: tableName }),
    );

    return Table?.TableStatus;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) {
      return undefined;
    }
    throw error;
  }
}

// With createTableMs at 0 dynalite reports ACTIVE on the next tick, so a
// few short polls suffice. The SDK's waiter would poll every 20 seconds.
async function waitUntilActive(
  client: DynamoDBClient,
  tableName: string,
): Promise<void> {
  const pollMs = 20;
  const timeoutMs = 10_000;

  for (let waitedMs = 0; waitedMs < timeoutMs; waitedMs += pollMs) {
    if ((await describeStatus(client, tableName)) === 'ACTIVE') {
      return;
    }
    await sleep(pollMs);
  }

  throw new Error(
    `Table "${tableName}" did not become ACTIVE within ${timeoutMs} ms.`,
  );
}

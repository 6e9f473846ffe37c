import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';

import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { memberItemKey } from '../amplify/services/table';
import { PortInUseError } from './errors';
import type { StackHandle } from './stack';
import {
  createDataDir,
  decodeClaims,
  removeDataDir,
  signIn,
  startTestStack,
} from './test-support';

/** Holds a loopback port, as another program would. */
async function occupyPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return { server, port: (server.address() as AddressInfo).port };
}

describe('local stack restart', () => {
  let dataDir: string;
  let stack: StackHandle | undefined;

  beforeEach(async () => {
    dataDir = await createDataDir();
  });

  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
    await removeDataDir(dataDir);
  });

  it('keeps users, objects and caps across restarts', async () => {
    const first = await startTestStack(dataDir);
    const sub = decodeClaims((await signIn(first, 'bob@example.com')).IdToken)
      .sub as string;
    const key = `users/${sub}/Notes/kept across restarts.txt`;
    await first.clients.s3.send(
      new PutObjectCommand({
        Bucket: first.config.bucketName,
        Key: key,
        Body: 'still here',
      }),
    );
    const firstPoolId = first.userPoolId;
    await first.stop();

    stack = await startTestStack(dataDir);
    const tokens = await signIn(stack, 'bob@example.com');
    const object = await stack.clients.s3.send(
      new GetObjectCommand({ Bucket: stack.config.bucketName, Key: key }),
    );
    const { Item: member } = await stack.clients.dynamo.send(
      new GetCommand({
        TableName: stack.config.tableName,
        Key: memberItemKey(sub),
      }),
    );

    expect(stack.userPoolId).toBe(firstPoolId);
    expect(decodeClaims(tokens.IdToken).sub).toBe(sub);
    expect(await object.Body?.transformToString()).toBe('still here');
    expect(member?.capBytes).toBe(
      stack.users.find((user) => user.email === 'bob@example.com')?.capBytes,
    );
  });

  it('names the busy port, service and variable', async () => {
    const occupied = await occupyPort();

    const starting = startTestStack(dataDir, {
      config: { apiPort: occupied.port },
    });

    try {
      await expect(starting).rejects.toThrow(PortInUseError);
      await expect(starting).rejects.toThrow(
        `Port ${occupied.port} for the session API is already in use. ` +
          'Stop the process that uses it, or set SHOEBOX_API_PORT to ' +
          'another port.',
      );
    } finally {
      occupied.server.close();
    }
  });

  it('stops started servers when a later one fails', async () => {
    const occupied = await occupyPort();
    await startTestStack(dataDir, { config: { apiPort: occupied.port } }).catch(
      () => undefined,
    );
    occupied.server.close();

    // dynalite holds a lock on its LevelDB directory until it is closed,
    // so a second start in the same directory proves the first one closed.
    stack = await startTestStack(dataDir);

    expect(stack.users).toHaveLength(3);
  });
});

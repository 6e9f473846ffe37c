/**
 * A local stack for one benchmark section: free ports, a temporary data
 * directory, silent logs, and a counter on its DynamoDB client.
 */

import type { StackHandle, StackOptions } from '../local/stack';
import {
  createDataDir,
  removeDataDir,
  signIn,
  startTestStack,
} from '../local/test-support';
import {
  countDynamoRequests,
  type DynamoRequestCounter,
} from './dynamo-counter';

export type BenchStack = {
  stack: StackHandle;
  dynamoCounter: DynamoRequestCounter;
  /** Signs a demo member in and returns their ID token and `sub`. */
  signIn(email: string): Promise<{ idToken: string; memberId: string }>;
  /** Stops the stack and deletes its data. */
  stop(): Promise<void>;
};

export async function startBenchStack(
  options: StackOptions = {},
): Promise<BenchStack> {
  const dataDir = await createDataDir();
  let stack: StackHandle;
  try {
    stack = await startTestStack(dataDir, options);
  } catch (error) {
    await removeDataDir(dataDir);
    throw error;
  }

  return {
    stack,
    dynamoCounter: countDynamoRequests(stack.clients.dynamo),
    signIn: async (email) => {
      const member = stack.users.find((user) => user.email === email);
      if (!member) {
        throw new Error(`${email} is not a demo member of the local stack.`);
      }
      const tokens = await signIn(stack, email);

      return { idToken: tokens.IdToken, memberId: member.sub };
    },
    stop: async () => {
      try {
        await stack.stop();
      } finally {
        await removeDataDir(dataDir);
      }
    },
  };
}

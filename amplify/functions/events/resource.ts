import { defineFunction } from '@aws-amplify/backend';

/**
 * Receives the bucket's `ObjectCreated` and `ObjectRemoved` events and
 * settles each member's used bytes.
 */
export const events = defineFunction({
  name: 'events',
  entry: './handler.ts',
  runtime: 22,
  // The bucket notification points at this function, and the function
  // reads the bucket's name and ARN. In separate nested stacks each would
  // depend on the other, so the function lives in the storage stack.
  resourceGroupName: 'storage',
  // The SDK retries throttled DynamoDB writes with backoff, which can
  // outlast Amplify's default timeout of 3 seconds.
  timeoutSeconds: 30,
  environment: {
    POWERTOOLS_SERVICE_NAME: 'shoebox-events',
  },
});

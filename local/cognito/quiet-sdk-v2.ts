/**
 * Silences the end-of-support notice of the v2 AWS SDK, which cognito-local
 * 5.3 loads for Lambda triggers and KMS that the local stack does not use.
 * Imported before cognito-local, because the SDK prints the notice on a
 * timer it starts as it loads.
 */

import { createRequire } from 'node:module';

const requireFromCognitoLocal = createRequire(
  createRequire(import.meta.url).resolve('cognito-local'),
);

(
  requireFromCognitoLocal('aws-sdk/lib/maintenance_mode_message') as {
    suppress: boolean;
  }
).suppress = true;

import { defineBackend } from '@aws-amplify/backend';
import { Duration, Stack } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { auth } from './auth/resource';
import { createSessionApi } from './backend/api';
import {
  grantDirectoryAccess,
  grantEventsAccess,
  grantSessionAccess,
  grantThumbnailCleanup,
} from './backend/access';
import { configureBucket, notifyOnObjectChanges } from './backend/bucket';
import { readDeploySettings } from './backend/deploy-settings';
import { createTable } from './backend/table';
import { events } from './functions/events/resource';
import { session } from './functions/session/resource';
import { sweep } from './functions/sweep/resource';
import { storage } from './storage/resource';

/**
 * The Shoebox backend. Amplify puts each part in a nested stack: auth,
 * storage (the bucket and the events function), function (the session
 * function), data (the table) and api. The stacks reference each other
 * without a cycle: api uses function and auth, function uses storage and
 * data, and storage uses data.
 */
export const backend = defineBackend({
  auth,
  storage,
  session,
  events,
  sweep,
});

const settings = readDeploySettings(process.env);

// Only an admin creates members. The identity pool issues no guest
// credentials, because the app reaches AWS only through the API and
// presigned URLs.
const authResources = backend.auth.resources.cfnResources;
authResources.cfnUserPool.adminCreateUserConfig = {
  allowAdminCreateUserOnly: true,
};
authResources.cfnIdentityPool.allowUnauthenticatedIdentities = false;

const bucket = backend.storage.resources.bucket;
configureBucket(
  backend.storage.resources.cfnResources.cfnBucket,
  settings.appOrigins,
  {
    trashRetentionDays: settings.trashRetentionDays,
    transitions: settings.lifecycleTransitions,
  },
);

// The table has a stack of its own because both functions reference it and
// the api stack references the session function. Inside the api stack it
// would close a cycle through the function stack.
const table = createTable(backend.createStack('data'));

const sessionFunction = backend.session.resources.lambda;
const eventsFunction = backend.events.resources.lambda;
grantSessionAccess(sessionFunction, table, bucket);
grantEventsAccess(eventsFunction, table, bucket);
grantThumbnailCleanup(eventsFunction, bucket);
grantDirectoryAccess(sessionFunction, backend.auth.resources.userPool);
notifyOnObjectChanges(bucket, eventsFunction);

const sweepFunction = backend.sweep.resources.lambda;
table.grantReadWriteData(sweepFunction);
// EventBridge rates count whole minutes, one at the least.
new Rule(Stack.of(sweepFunction), 'SweepSchedule', {
  description: 'Expires unused upload policies and finishes pending usage',
  schedule: Schedule.rate(
    Duration.minutes(
      Math.max(1, Math.ceil(settings.sweepIntervalSeconds / 60)),
    ),
  ),
  targets: [new LambdaFunction(sweepFunction)],
});

for (const amplifyFunction of [
  backend.session,
  backend.events,
  backend.sweep,
]) {
  amplifyFunction.addEnvironment('SHOEBOX_TABLE_NAME', table.tableName);
  amplifyFunction.addEnvironment('SHOEBOX_BUCKET_NAME', bucket.bucketName);
  for (const [name, value] of Object.entries(settings.limitOverrides)) {
    amplifyFunction.addEnvironment(name, value);
  }
}

backend.session.addEnvironment(
  'SHOEBOX_ALLOWED_ORIGINS',
  settings.appOrigins.join(','),
);
backend.session.addEnvironment(
  'SHOEBOX_USER_POOL_ID',
  backend.auth.resources.userPool.userPoolId,
);

const api = createSessionApi(backend.createStack('api'), {
  handler: sessionFunction,
  userPool: backend.auth.resources.userPool,
  appOrigins: settings.appOrigins,
});

backend.addOutput({
  custom: {
    API: {
      [api.restApiName]: {
        endpoint: api.url,
        region: Stack.of(api).region,
        apiName: api.restApiName,
      },
    },
  },
});

import { defineFunction } from '@aws-amplify/backend';

/**
 * The session API behind `GET /session` and `PUT /session`. Its table,
 * bucket and origins are set as environment variables in `backend.ts`.
 */
export const session = defineFunction({
  name: 'session',
  entry: './handler.ts',
  runtime: 22,
  // API Gateway ends a REST integration after 29 seconds by default, so a
  // longer timeout would keep running after the caller has received a 504.
  timeoutSeconds: 29,
  environment: {
    POWERTOOLS_SERVICE_NAME: 'shoebox-session',
  },
});

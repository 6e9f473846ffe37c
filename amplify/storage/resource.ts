import { defineStorage } from '@aws-amplify/backend';

/**
 * The bucket that stores every member's objects under `users/<sub>/`.
 * Browsers reach it only through presigned POST policies and presigned GET
 * URLs from the session API, so it defines no Amplify access rules. CORS,
 * the public access block and the event notifications are set in
 * `backend.ts`.
 */
export const storage = defineStorage({
  name: 'shoeboxFiles',
  // A family archive outlives its stack. Amplify ignores this in sandbox
  // deployments and deletes the bucket with the sandbox.
  keepOnDelete: true,
});

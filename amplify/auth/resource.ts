import { defineAuth } from '@aws-amplify/backend';

/**
 * Cognito user pool for household members, who sign in with their email
 * address. Members of `admins` see everyone's usage and change caps.
 * Self-sign-up is switched off in `backend.ts`, so only an admin creates
 * members.
 */
export const auth = defineAuth({
  loginWith: {
    email: true,
  },
  groups: ['admins'],
});

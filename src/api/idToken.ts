import { fetchAuthSession } from 'aws-amplify/auth';
import { SessionApiError } from './errors';

/**
 * Returns the signed-in member's Cognito ID token, which API Gateway's
 * Cognito authorizer expects in the `Authorization` header. Amplify
 * refreshes an expired token here.
 */
export async function fetchIdToken(): Promise<string> {
  const { tokens } = await fetchAuthSession();
  const idToken = tokens?.idToken;
  if (!idToken) {
    throw new SessionApiError(
      'NotSignedIn',
      'You are signed out; sign in again to continue.',
    );
  }

  return idToken.toString();
}

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

/**
 * Reads the `cognito:groups` claim from a JWT's payload without verifying
 * the signature: the app only decides what to show, and the API verifies
 * the token and checks the group itself. Returns [] for a token without
 * the claim or one that is not a JWT.
 */
export function readGroups(token: string): string[] {
  const payload = token.split('.')[1];
  if (!payload) {
    return [];
  }

  let claims: unknown;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    claims = JSON.parse(atob(base64));
  } catch {
    return [];
  }
  if (typeof claims !== 'object' || claims === null) {
    return [];
  }

  const groups = (claims as Record<string, unknown>)['cognito:groups'];

  return Array.isArray(groups)
    ? groups.filter((group): group is string => typeof group === 'string')
    : [];
}

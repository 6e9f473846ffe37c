/**
 * Checks ID tokens the way API Gateway's Cognito user-pool authorizer does
 * when no OAuth scopes are set, and renders the claims as that authorizer
 * passes them to a Lambda proxy integration.
 */

import { JwtVerifier } from 'aws-jwt-verify';
import { JwtExpiredError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';

export type AuthorizerOptions = {
  /** Issuer of the pool's tokens: the Cognito endpoint plus the pool id. */
  issuer: string;
  /** The app client, which ID tokens name as audience. */
  clientId: string;
};

/** The claims of a valid token, or the message of API Gateway's 401. */
export type AuthorizerResult =
  | { isAuthorized: true; claims: Record<string, string> }
  | { isAuthorized: false; message: string };

export type Authorizer = (
  authorization: string | undefined,
) => Promise<AuthorizerResult>;

/**
 * Returns an authorizer that accepts an unexpired ID token signed with a
 * key from the pool's JWKS, issued by the pool for the app client. It
 * takes the token alone or after `Bearer `, as API Gateway does.
 */
export function createAuthorizer(options: AuthorizerOptions): Authorizer {
  const verifier = JwtVerifier.create(
    {
      issuer: options.issuer,
      audience: options.clientId,
      jwksUri: `${options.issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'id') {
          throw new Error(`token_use is ${String(payload.token_use)}`);
        }
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher: new HttpFetcher() }) },
  );

  return async (authorization) => {
    const token = authorization?.replace(/^Bearer\s+/i, '').trim();
    if (!token) {
      return { isAuthorized: false, message: 'Unauthorized' };
    }

    try {
      const payload = await verifier.verify(token);

      return { isAuthorized: true, claims: toClaimStrings(payload) };
    } catch (error) {
      const message =
        error instanceof JwtExpiredError
          ? 'The incoming token has expired'
          : 'Unauthorized';

      return { isAuthorized: false, message };
    }
  };
}

/**
 * Fetches the JWKS over plain HTTP. aws-jwt-verify's own fetcher speaks
 * only HTTPS, and the local pool serves its keys on loopback HTTP.
 */
class HttpFetcher implements Fetcher {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const response = await fetch(uri);
    if (!response.ok) {
      throw new Error(`GET ${uri} returned ${response.status}.`);
    }

    return response.arrayBuffer();
  }
}

/**
 * Renders claims as API Gateway's Cognito authorizer does: every value a
 * string, `exp` and `iat` as dates such as `Wed May 18 15:32:21 UTC 2022`,
 * and a list such as `cognito:groups` joined with commas.
 */
export function toClaimStrings(payload: JwtPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) {
      continue;
    }
    if ((name === 'exp' || name === 'iat') && typeof value === 'number') {
      claims[name] = formatClaimDate(value);
    } else if (Array.isArray(value)) {
      claims[name] = value.join(',');
    } else if (typeof value === 'object') {
      claims[name] = JSON.stringify(value);
    } else {
      claims[name] = String(value);
    }
  }

  return claims;
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

function formatClaimDate(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  const twoDigits = (value: number) => String(value).padStart(2, '0');
  const time = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    .map(twoDigits)
    .join(':');

  return [
    weekdays[date.getUTCDay()],
    months[date.getUTCMonth()],
    twoDigits(date.getUTCDate()),
    time,
    'UTC',
    date.getUTCFullYear(),
  ].join(' ');
}

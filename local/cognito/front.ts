/**
 * The Cognito endpoint the app talks to: cognito-local, plus the
 * `GetTokensFromRefreshToken` operation that aws-amplify v6 uses to refresh
 * tokens and that cognito-local 5.3 does not implement.
 */

import type {
  IncomingMessage,
  RequestListener,
  ServerResponse,
} from 'node:http';

import { readBody } from '../http';

const targetPrefix = 'AWSCognitoIdentityProviderService.';
const jsonType = 'application/x-amz-json-1.1';

/**
 * Returns a request handler that serves `GetTokensFromRefreshToken` itself
 * and passes every other request, preflights included, to `cognitoLocal`
 * unchanged. `baseUrl` is the URL of this handler, through which the
 * refresh calls cognito-local's `InitiateAuth`.
 */
export function createCognitoFront(
  cognitoLocal: RequestListener,
  baseUrl: string,
): RequestListener {
  return (request, response) => {
    const target = request.headers['x-amz-target'];
    if (
      request.method === 'POST' &&
      target === `${targetPrefix}GetTokensFromRefreshToken`
    ) {
      void refreshTokens(request, response, baseUrl).catch((error) => {
        sendJson(response, 500, {
          __type: 'InternalErrorException',
          message: `The local refresh failed: ${String(error)}`,
        });
      });
      return;
    }

    cognitoLocal(request, response);
  };
}

type RefreshRequest = {
  ClientId?: unknown;
  RefreshToken?: unknown;
  DeviceKey?: unknown;
  ClientMetadata?: unknown;
};

type InitiateAuthResponse = {
  AuthenticationResult?: { AccessToken?: string; IdToken?: string };
};

/**
 * Serves `GetTokensFromRefreshToken` by calling cognito-local's
 * `InitiateAuth` with `REFRESH_TOKEN_AUTH` and reshaping the result into
 * Cognito's response. cognito-local does not rotate refresh tokens, so the
 * response returns the one from the request, as Cognito does when rotation
 * is off.
 */
async function refreshTokens(
  request: IncomingMessage,
  response: ServerResponse,
  baseUrl: string,
): Promise<void> {
  const input = parseJson(await readBody(request)) as RefreshRequest | null;
  if (
    typeof input?.ClientId !== 'string' ||
    typeof input.RefreshToken !== 'string'
  ) {
    sendJson(response, 400, {
      __type: 'InvalidParameterException',
      message: 'ClientId and RefreshToken are required strings.',
    });
    return;
  }

  const authParameters: Record<string, string> = {
    REFRESH_TOKEN: input.RefreshToken,
  };
  if (typeof input.DeviceKey === 'string') {
    authParameters.DEVICE_KEY = input.DeviceKey;
  }

  const upstream = await fetch(baseUrl, {
    method: 'POST',
    headers: {
      'content-type': jsonType,
      'x-amz-target': `${targetPrefix}InitiateAuth`,
    },
    body: JSON.stringify({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: input.ClientId,
      AuthParameters: authParameters,
      ClientMetadata: input.ClientMetadata,
    }),
  });
  const upstreamBody = await upstream.text();
  if (!upstream.ok) {
    // Cognito's errors, such as NotAuthorizedException for an unknown
    // refresh token, have the same shape for both operations.
    sendText(response, upstream.status, upstreamBody);
    return;
  }

  const result = (parseJson(upstreamBody) as InitiateAuthResponse | null)
    ?.AuthenticationResult;
  if (!result?.AccessToken || !result.IdToken) {
    throw new Error(`InitiateAuth returned no tokens: ${upstreamBody}`);
  }

  sendJson(response, 200, {
    AuthenticationResult: {
      AccessToken: result.AccessToken,
      IdToken: result.IdToken,
      RefreshToken: input.RefreshToken,
      ExpiresIn: readLifetimeSeconds(result.AccessToken),
      TokenType: 'Bearer',
    },
  });
}

/** Returns `exp - iat` of a JWT, the lifetime Cognito reports as ExpiresIn. */
function readLifetimeSeconds(token: string): number {
  const payload = token.split('.')[1] ?? '';
  const claims = parseJson(Buffer.from(payload, 'base64url').toString()) as {
    exp?: number;
    iat?: number;
  } | null;

  return (claims?.exp ?? 0) - (claims?.iat ?? 0);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  sendText(response, status, JSON.stringify(body));
}

// cognito-local allows every origin, and so does this operation.
function sendText(response: ServerResponse, status: number, body: string) {
  if (response.headersSent) {
    response.destroy();
    return;
  }

  response.writeHead(status, {
    'content-type': jsonType,
    'access-control-allow-origin': '*',
  });
  response.end(body);
}

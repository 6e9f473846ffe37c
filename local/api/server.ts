/**
 * The local session API: API Gateway's part of a REST API with a Cognito
 * authorizer and a Lambda proxy integration, in front of the real handler.
 */

import type {
  IncomingMessage,
  RequestListener,
  ServerResponse,
} from 'node:http';

import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

import { apiRoutes, matchRoute } from '../../amplify/core/routes';
import { readBody } from '../http';
import type { Authorizer } from './authorizer';
import { toProxyEvent } from './proxy-event';

export type ProxyHandler = (
  event: APIGatewayProxyEvent,
) => Promise<APIGatewayProxyResult>;

/** Headers the CORS preflight allows, as in the backend definition. */
const allowedHeaders = ['Authorization', 'Content-Type'];

/** API Gateway's maximum request payload: 10 MB. */
const maxBodyBytes = 10 * 1024 * 1024;

export type ApiOptions = {
  authorizer: Authorizer;
  handler: ProxyHandler;
  /** Origins the preflight allows. Any other origin gets the first. */
  corsOrigins: string[];
  logger: Logger;
};

/** Returns the request handler of the local API. */
export function createApiListener(options: ApiOptions): RequestListener {
  return (request, response) => {
    void handleRequest(request, response, options).catch((error) => {
      options.logger.error('Local API failed a request', {
        method: request.method,
        url: request.url,
        error,
      });
      sendGatewayError(response, 502, 'Internal server error');
    });
  };
}

async function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  options: ApiOptions,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const route = matchRoute(url.pathname);
  const methods =
    route === undefined ? undefined : [...(apiRoutes[route.resource] ?? [])];
  const method = request.method ?? 'GET';

  if (methods && method === 'OPTIONS') {
    sendPreflight(request, response, methods, options.corsOrigins);
    return;
  }
  // API Gateway returns this for unknown resources and methods alike.
  if (!methods?.includes(method)) {
    sendGatewayError(response, 403, 'Missing Authentication Token');
    return;
  }

  const authorization = await options.authorizer(request.headers.authorization);
  if (!authorization.isAuthorized) {
    sendGatewayError(response, 401, authorization.message);
    return;
  }

  const body = await readBody(request);
  if (Buffer.byteLength(body) > maxBodyBytes) {
    sendGatewayError(response, 413, 'Request Too Long');
    return;
  }

  const event = toProxyEvent({
    request,
    url,
    resource: route?.resource ?? url.pathname,
    pathParameters: route?.parameters,
    body: body === '' ? null : body,
    claims: authorization.claims,
  });

  let result: APIGatewayProxyResult;
  try {
    result = await options.handler(event);
  } catch (error) {
    options.logger.error('Session handler threw', {
      requestId: event.requestContext.requestId,
      error,
    });
    sendGatewayError(response, 502, 'Internal server error');
    return;
  }

  sendResult(response, result);
}

/**
 * Responds to a preflight as the mock integration that CDK's
 * `defaultCorsPreflightOptions` creates: the request's origin when listed,
 * else the first listed origin.
 */
function sendPreflight(
  request: IncomingMessage,
  response: ServerResponse,
  methods: string[],
  origins: string[],
): void {
  const origin = request.headers.origin;
  const allowedOrigin =
    origin && origins.includes(origin) ? origin : (origins[0] ?? '*');

  response.writeHead(204, {
    'Access-Control-Allow-Headers': allowedHeaders.join(','),
    'Access-Control-Allow-Origin': allowedOrigin,
    'Access-Control-Allow-Methods': methods.join(','),
    Vary: 'Origin',
  });
  response.end();
}

/**
 * Sends an error that API Gateway raises itself. The backend gives these
 * responses `Access-Control-Allow-Origin: *`, so the app can read them.
 */
function sendGatewayError(
  response: ServerResponse,
  status: number,
  message: string,
): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }

  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Access-Control-Allow-Origin': '*',
  });
  response.end(JSON.stringify({ message }));
}

/** Writes the handler's result; CORS headers are the handler's to set. */
function sendResult(
  response: ServerResponse,
  result: APIGatewayProxyResult,
): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    headers[name] = values.map(String);
  }
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    headers[name] = String(value);
  }

  const body = Buffer.from(
    result.body ?? '',
    result.isBase64Encoded ? 'base64' : 'utf8',
  );
  response.writeHead(result.statusCode, headers);
  response.end(body);
}

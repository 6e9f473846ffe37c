/**
 * Builds the event that API Gateway's REST API sends to a Lambda proxy
 * integration, from a Node request.
 */

import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type { APIGatewayProxyEvent } from 'aws-lambda';

/** Stage name in `requestContext`; AWS deploys the API to `prod`. */
export const localStage = 'local';

export type ProxyEventInput = {
  request: IncomingMessage;
  url: URL;
  /** Resource path the request matched, such as `/admin/users/{id}`. */
  resource: string;
  /** Values of the resource's `{name}` parts; empty when it has none. */
  pathParameters?: Record<string, string>;
  /** The body as text, or null when the request had none. */
  body: string | null;
  claims: Record<string, string>;
};

export function toProxyEvent(input: ProxyEventInput): APIGatewayProxyEvent {
  const { request, url } = input;
  const method = request.method ?? 'GET';
  const headers = readHeaders(request);
  const query = readQuery(url);
  const now = Date.now();

  return {
    resource: input.resource,
    path: url.pathname,
    httpMethod: method,
    headers: headers.single,
    multiValueHeaders: headers.multi,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters:
      input.pathParameters && Object.keys(input.pathParameters).length > 0
        ? input.pathParameters
        : null,
    stageVariables: null,
    body: input.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: { claims: input.claims },
      protocol: `HTTP/${request.httpVersion}`,
      httpMethod: method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        user: null,
        userAgent: request.headers['user-agent'] ?? null,
        userArn: null,
      },
      path: `/${localStage}${url.pathname}`,
      stage: localStage,
      requestId: randomUUID(),
      requestTimeEpoch: now,
      resourceId: 'local',
      resourcePath: input.resource,
    },
  };
}

/**
 * Returns the headers with the names as the client sent them. In the
 * single-value map a repeated header keeps its last value, as in API
 * Gateway.
 */
function readHeaders(request: IncomingMessage) {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    single[name] = value;
    (multi[name] ??= []).push(value);
  }

  return { single, multi };
}

/**
 * Returns the decoded query parameters, or nulls when there are none, as
 * API Gateway sends them. Like API Gateway, this reads `+` as a space.
 */
function readQuery(url: URL) {
  if (url.searchParams.size === 0) {
    return { single: null, multi: null };
  }

  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) {
    single[name] = value;
    (multi[name] ??= []).push(value);
  }

  return { single, multi };
}

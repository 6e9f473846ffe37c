/** HTTP plumbing of the session API: CORS, JSON responses and error bodies. */

import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

import type { ErrorResponse } from '../../core/api';

/**
 * Returns the CORS headers for a request. The origin is echoed only when it
 * is allowed, and `Vary: Origin` keeps caches from serving the response to
 * another origin.
 */
export function corsHeaders(
  event: APIGatewayProxyEvent,
  allowedOrigins: readonly string[],
): Record<string, string> {
  const origin = readHeader(event, 'origin');
  const headers: Record<string, string> = { Vary: 'Origin' };
  if (origin !== undefined && allowedOrigins.includes(origin)) {
    headers['Access-Control-Allow-Origin'] = origin;
  }

  return headers;
}

/** Headers of a CORS preflight response for a path's methods, besides the origin. */
export function preflightHeaders(
  methods: readonly string[],
): Record<string, string> {
  return {
    'Access-Control-Allow-Methods': [...methods, 'OPTIONS'].join(', '),
    'Access-Control-Allow-Headers': 'Authorization, Content-Type',
    'Access-Control-Max-Age': '600',
  };
}

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string>,
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: {
      ...headers,
      'Content-Type': 'application/json',
      // Responses carry signed policies and private file lists.
      'Cache-Control': 'no-store',
    },
    body: JSON.stringify(body),
  };
}

export function errorBody(code: string, message: string): ErrorResponse {
  return { error: { code, message } };
}

/** Reads a header by name, ignoring case as HTTP does. */
export function readHeader(
  event: APIGatewayProxyEvent,
  name: string,
): string | undefined {
  const lowerName = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === lowerName && value !== undefined) {
      return value;
    }
  }

  return undefined;
}

/** Returns the request body as text, decoding base64 from API Gateway. */
export function readBody(event: APIGatewayProxyEvent): string | null {
  if (event.body === null || !event.isBase64Encoded) {
    return event.body;
  }

  return Buffer.from(event.body, 'base64').toString('utf8');
}

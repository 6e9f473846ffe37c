/**
 * CORS for browser POST uploads, handled by the gate itself like a bucket
 * CORS rule that allows POST from the configured origins with any header.
 * Every POST response carries the headers, errors too, so the app can read
 * S3's error code.
 */

import type { IncomingHttpHeaders } from 'node:http';

import { S3Error } from './s3-error';

/** Headers a browser script may read: Uppy and the app need ETag and Location. */
const exposedHeaders = 'ETag, Location, x-amz-request-id';

/** How long a browser may cache a preflight response, in seconds. */
const preflightMaxAgeSeconds = '3000';

/**
 * Returns the CORS headers for the response to a POST upload from `origin`:
 * none for an origin that is not allowed, apart from `Vary`.
 */
export function corsHeaders(
  origin: string | undefined,
  allowedOrigins: string[],
): Record<string, string> {
  const allowOrigin = matchOrigin(origin, allowedOrigins);
  if (allowOrigin === undefined) {
    return { Vary: 'Origin' };
  }

  return {
    'Access-Control-Allow-Origin': allowOrigin,
    'Access-Control-Allow-Methods': 'POST',
    'Access-Control-Expose-Headers': exposedHeaders,
    Vary: 'Origin',
  };
}

/**
 * Checks a preflight for a POST upload. Returns the headers of a 200, or
 * the S3 error for a missing or rejected origin.
 * NOTE: the two errors follow S3's responses as widely reported
 * (BadRequest, AccessForbidden); neither is in a recorded capture.
 */
export function checkPreflight(
  headers: IncomingHttpHeaders,
  allowedOrigins: string[],
): Record<string, string> | S3Error {
  const origin = headers.origin;
  if (origin === undefined) {
    return new S3Error(
      400,
      'BadRequest',
      'Insufficient information. Origin request header needed.',
    );
  }

  const method = headers['access-control-request-method'] ?? '';
  const allowOrigin = matchOrigin(origin, allowedOrigins);
  if (allowOrigin === undefined || method !== 'POST') {
    return new S3Error(
      403,
      'AccessForbidden',
      "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
      [
        ['Method', method],
        ['ResourceType', 'BUCKET'],
      ],
    );
  }

  const allowed: Record<string, string> = {
    'Access-Control-Allow-Origin': allowOrigin,
    'Access-Control-Allow-Methods': 'POST',
    'Access-Control-Expose-Headers': exposedHeaders,
    'Access-Control-Max-Age': preflightMaxAgeSeconds,
    Vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
  const requestedHeaders = headers['access-control-request-headers'];
  if (requestedHeaders) {
    allowed['Access-Control-Allow-Headers'] = requestedHeaders;
  }

  return allowed;
}

/** Returns the Access-Control-Allow-Origin value for `origin`, if allowed. */
function matchOrigin(
  origin: string | undefined,
  allowedOrigins: string[],
): string | undefined {
  if (origin === undefined) {
    return undefined;
  }
  if (allowedOrigins.includes('*')) {
    return '*';
  }

  return allowedOrigins.includes(origin) ? origin : undefined;
}

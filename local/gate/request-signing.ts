/**
 * SigV4 `Authorization` headers for the gate's own requests to the
 * upstream S3 server. The body is not hashed (`UNSIGNED-PAYLOAD`), so an
 * upload can stream through before its end is known.
 */

import { createHash, createHmac } from 'node:crypto';

import { deriveSigningKey, signingAlgorithm } from './sigv4';

export type SigningCredentials = {
  accessKeyId: string;
  secretAccessKey: string;
};

export type RequestToSign = {
  method: string;
  host: string;
  /** The path exactly as sent, already URI-encoded (see `encodeObjectPath`). */
  path: string;
  /**
   * Headers to sign besides `host`, `x-amz-date` and `x-amz-content-sha256`;
   * S3 requires every `x-amz-*` header to be signed.
   */
  headers: Record<string, string>;
  /** SHA-256 hex of the body, or `UNSIGNED-PAYLOAD`. */
  payloadHash: string;
};

export const unsignedPayload = 'UNSIGNED-PAYLOAD';

/**
 * Signs a request without a query string. Returns every header to send,
 * `Authorization` included.
 */
export function signRequest(
  request: RequestToSign,
  credentials: SigningCredentials,
  region: string,
  time: Date,
): Record<string, string> {
  const amzDate = time.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    ...lowerCaseNames(request.headers),
    host: request.host,
    'x-amz-content-sha256': request.payloadHash,
    'x-amz-date': amzDate,
  };

  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    request.method,
    request.path,
    '',
    ...names.map((name) => `${name}:${trimAll(headers[name]!)}`),
    '',
    signedHeaders,
    request.payloadHash,
  ].join('\n');

  const scope = `${day}/${region}/s3/aws4_request`;
  const stringToSign = [
    signingAlgorithm,
    amzDate,
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  const signingKey = deriveSigningKey(credentials.secretAccessKey, day, region);
  const signature = createHmac('sha256', signingKey)
    .update(stringToSign)
    .digest('hex');

  return {
    ...headers,
    authorization:
      `${signingAlgorithm} Credential=${credentials.accessKeyId}/${scope}, ` +
      `SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

/**
 * Encodes `/<bucket>/<key>` for a path-style URL as S3 signs it: every
 * byte except letters, digits, `-._~` and the `/` between segments.
 */
export function encodeObjectPath(bucket: string, key: string): string {
  return `/${[bucket, ...key.split('/')].map(encodeRfc3986).join('/')}`;
}

function encodeRfc3986(segment: string): string {
  return encodeURIComponent(segment).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Trims a header value and collapses inner runs of spaces, as SigV4 does. */
function trimAll(value: string): string {
  return value.trim().replace(/ +/g, ' ');
}

function lowerCaseNames(headers: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
}

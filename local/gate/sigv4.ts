/**
 * Signature Version 4 as S3 applies it to browser POST forms: the string to
 * sign is the base64 policy exactly as sent, with no canonical request,
 * headers or payload hash.
 */

import { createHmac, timingSafeEqual } from 'node:crypto';

import {
  emptyAccessKey,
  malformedCredential,
  wrongRegion,
} from './post-errors';
import type { S3Error } from './s3-error';

export const signingAlgorithm = 'AWS4-HMAC-SHA256';

/** The scope in `X-Amz-Credential`: `<key id>/<date>/<region>/s3/aws4_request`. */
export type CredentialScope = {
  accessKeyId: string;
  /** `yyyymmdd`, the day the signing key was derived for. */
  date: string;
  region: string;
};

/**
 * Derives the signing key: HMAC-SHA256 chained over the date, region,
 * service and `aws4_request`, starting from `"AWS4" + secret`.
 */
export function deriveSigningKey(
  secretAccessKey: string,
  date: string,
  region: string,
  service = 's3',
): Buffer {
  const dateKey = hmac(`AWS4${secretAccessKey}`, date);
  const regionKey = hmac(dateKey, region);
  const serviceKey = hmac(regionKey, service);

  return hmac(serviceKey, 'aws4_request');
}

/** Signs a base64 policy; returns the lower-case hex signature. */
export function signPolicy(policy: string, signingKey: Buffer): string {
  return hmac(signingKey, policy).toString('hex');
}

/** Compares two hex signatures in constant time. */
export function signaturesMatch(expected: string, provided: string): boolean {
  const expectedBytes = Buffer.from(expected, 'utf8');
  const providedBytes = Buffer.from(provided, 'utf8');
  if (expectedBytes.length !== providedBytes.length) {
    return false;
  }

  return timingSafeEqual(expectedBytes, providedBytes);
}

/**
 * Parses `X-Amz-Credential` and checks its region against the bucket's.
 * Returns the scope, or the S3 error for a malformed credential, an empty
 * access key id or a wrong region, checked in that order.
 */
export function parseCredential(
  credential: string,
  bucketRegion: string,
): CredentialScope | S3Error {
  const parts = credential.split('/');
  if (parts.length !== 5) {
    return malformedCredential(
      credential,
      'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    );
  }

  const [accessKeyId, date, region, service, terminal] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (!/^\d{8}$/.test(date)) {
    return malformedCredential(
      credential,
      `incorrect date format "${date}". This date in the credential must be in the format "yyyyMMdd".`,
    );
  }
  if (service !== 's3') {
    return malformedCredential(
      credential,
      `incorrect service "${service}". This endpoint belongs to "s3".`,
    );
  }
  if (terminal !== 'aws4_request') {
    return malformedCredential(
      credential,
      `incorrect terminal "${terminal}". This endpoint uses "aws4_request".`,
    );
  }
  if (accessKeyId === '') {
    return emptyAccessKey(credential);
  }
  if (region !== bucketRegion) {
    return wrongRegion(credential, region, bucketRegion);
  }

  return { accessKeyId, date, region };
}

/** Tells whether `value` is an ISO 8601 basic time: `yyyymmddThhmmssZ`. */
export function isAmzDate(value: string): boolean {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) {
    return false;
  }

  const [year, month, day, hour, minute, second] = match
    .slice(1)
    .map(Number) as [number, number, number, number, number, number];
  const time = new Date(Date.UTC(year, month - 1, day, hour, minute, second));

  return (
    time.getUTCFullYear() === year &&
    time.getUTCMonth() === month - 1 &&
    time.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60
  );
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

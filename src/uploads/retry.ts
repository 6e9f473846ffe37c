import type { InitiatedUpload } from '../../amplify/core/api';
import { SessionApiError } from '../api/errors';
import { S3UploadError } from './s3Post';

/** Maximum wait before a retry, however many attempts came before. */
export const maxRetryDelayMs = 30_000;

/**
 * What the queue does after a failed request. It retries network errors and
 * 5xx after a backoff, renews a policy that S3 reports expired, and marks an
 * aborted request `cancelled`. It fails on a refusal, because the same
 * request would only be refused again.
 */
export type FailureAction = 'retry' | 'renew' | 'cancelled' | 'fail';

/**
 * Returns the delay before retry number `attempt` (1 for the first retry):
 * exponential backoff from `baseMs`, capped at maxRetryDelayMs, with full
 * jitter, so uploads that failed together spread their retries out.
 */
export function backoffDelayMs(
  attempt: number,
  baseMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxRetryDelayMs, baseMs * 2 ** (attempt - 1));

  return Math.round(random() * ceiling);
}

/** Classifies an error of a POST to S3. */
export function classifyPostError(
  error: unknown,
  upload: InitiatedUpload,
  nowMs: number,
): FailureAction {
  if (!(error instanceof S3UploadError)) {
    return 'fail';
  }
  if (error.code === 'Aborted') {
    return 'cancelled';
  }
  if (isRetryable(error.code, error.status)) {
    return 'retry';
  }
  // S3 rejects an expired policy with 403 AccessDenied, the same code as a
  // broken condition, so the message and the policy's own expiry decide.
  const isExpired =
    error.code === 'AccessDenied' &&
    (/Policy expired/i.test(error.message) ||
      nowMs >= Date.parse(upload.expiresAt));

  return isExpired ? 'renew' : 'fail';
}

/** Classifies an error of `PUT /session`. */
export function classifySessionError(error: unknown): FailureAction {
  if (
    error instanceof SessionApiError &&
    isRetryable(error.code, error.status)
  ) {
    return 'retry';
  }

  return 'fail';
}

function isRetryable(code: string, status: number | undefined): boolean {
  // 429 is API Gateway's throttling, which passes like a 5xx.
  return (
    code === 'NetworkError' ||
    status === 429 ||
    (status !== undefined && status >= 500)
  );
}

/** Describes a retry that waits `delayMs`, for the file's row. */
export function retryMessage(
  delayMs: number,
  attempt: number,
  maxAttempts: number,
  error: unknown,
): string {
  const seconds = Math.max(1, Math.ceil(delayMs / 1000));

  return `Retrying in ${seconds} s (attempt ${attempt + 1} of ${maxAttempts}): ${messageOf(error)}`;
}

/** Returns an error's message, or the thrown value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

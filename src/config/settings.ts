import {
  readBoolean,
  readPositiveInteger,
  type Environment,
} from '../../amplify/core/environment';

/**
 * Limits of the browser app, each with its default. A build overrides them
 * with `VITE_SHOEBOX_*` environment variables, which Vite inlines.
 */
export type AppSettings = {
  /**
   * Uploads to S3 that run at once. Every upload goes to the bucket's host,
   * and Chromium and Firefox open at most six HTTP/1.1 connections to one
   * host, so more than six would only wait inside the browser.
   * `VITE_SHOEBOX_UPLOAD_CONCURRENCY`.
   */
  uploadConcurrency: number;
  /**
   * Files per `PUT /session`. The queue requests the next batch only when
   * its uploads with policies run low, and each policy expires after the
   * API's `SHOEBOX_POLICY_EXPIRY_SECONDS` (600 by default). 50 photos of
   * 5 MB take about 200 s over a 10 Mbit/s uplink, so a batch's last file
   * starts well before its policy runs out. It must not exceed the API's
   * `SHOEBOX_MAX_FILES_PER_REQUEST` (250). `VITE_SHOEBOX_SESSION_BATCH_SIZE`.
   */
  sessionBatchSize: number;
  /**
   * Time between listings while the app waits for S3's event to mark an
   * upload complete. `VITE_SHOEBOX_CONFIRM_INTERVAL_MS`.
   */
  confirmIntervalMs: number;
  /**
   * How long the app waits for that before it reports the upload as failed.
   * The S3 User Guide states that notifications typically arrive in seconds
   * but can take a minute or longer, so the default allows two minutes.
   * `VITE_SHOEBOX_CONFIRM_TIMEOUT_MS`.
   */
  confirmTimeoutMs: number;
  /**
   * Attempts of one upload to S3 after a network error or a 5xx, before it
   * is reported as failed. `VITE_SHOEBOX_UPLOAD_MAX_ATTEMPTS`.
   */
  uploadMaxAttempts: number;
  /**
   * First delay before a retry; each further retry doubles it, up to 30 s,
   * and a random share of it is used (full jitter) so that uploads that
   * failed together do not retry together. `VITE_SHOEBOX_RETRY_BASE_MS`.
   */
  retryBaseMs: number;
  /**
   * Skips files that operating systems write into folders
   * (`.DS_Store`, `Thumbs.db`, `desktop.ini`) when a folder is dropped or
   * picked. `VITE_SHOEBOX_SKIP_SYSTEM_FILES`, `true` or `false`.
   */
  skipSystemFiles: boolean;
};

export const defaultAppSettings: AppSettings = {
  uploadConcurrency: 4,
  sessionBatchSize: 50,
  confirmIntervalMs: 1000,
  confirmTimeoutMs: 120_000,
  uploadMaxAttempts: 5,
  retryBaseMs: 1000,
  skipSystemFiles: true,
};

/**
 * Reads the settings from Vite's environment. Throws when a variable is set
 * but is not a positive integer.
 */
export function readAppSettings(environment: Environment): AppSettings {
  return {
    uploadConcurrency: readPositiveInteger(
      environment,
      'VITE_SHOEBOX_UPLOAD_CONCURRENCY',
      defaultAppSettings.uploadConcurrency,
    ),
    sessionBatchSize: readPositiveInteger(
      environment,
      'VITE_SHOEBOX_SESSION_BATCH_SIZE',
      defaultAppSettings.sessionBatchSize,
    ),
    confirmIntervalMs: readPositiveInteger(
      environment,
      'VITE_SHOEBOX_CONFIRM_INTERVAL_MS',
      defaultAppSettings.confirmIntervalMs,
    ),
    confirmTimeoutMs: readPositiveInteger(
      environment,
      'VITE_SHOEBOX_CONFIRM_TIMEOUT_MS',
      defaultAppSettings.confirmTimeoutMs,
    ),
    uploadMaxAttempts: readPositiveInteger(
      environment,
      'VITE_SHOEBOX_UPLOAD_MAX_ATTEMPTS',
      defaultAppSettings.uploadMaxAttempts,
    ),
    retryBaseMs: readPositiveInteger(
      environment,
      'VITE_SHOEBOX_RETRY_BASE_MS',
      defaultAppSettings.retryBaseMs,
    ),
    skipSystemFiles: readBoolean(
      environment,
      'VITE_SHOEBOX_SKIP_SYSTEM_FILES',
      defaultAppSettings.skipSystemFiles,
    ),
  };
}

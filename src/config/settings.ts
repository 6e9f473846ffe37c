import { defaultSettings } from '../../amplify/core/settings';

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
   * Files per `PUT /session`. A larger drop takes several requests. It must
   * not exceed the API's `SHOEBOX_MAX_FILES_PER_REQUEST`, whose default it
   * shares. `VITE_SHOEBOX_SESSION_BATCH_SIZE`.
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
};

export const defaultAppSettings: AppSettings = {
  uploadConcurrency: 4,
  sessionBatchSize: defaultSettings.maxFilesPerRequest,
  confirmIntervalMs: 1000,
  confirmTimeoutMs: 120_000,
};

type Environment = Record<string, string | boolean | undefined>;

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
  };
}

function readPositiveInteger(
  environment: Environment,
  name: string,
  fallback: number,
): number {
  const raw = environment[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }

  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(
      `${name} is "${String(raw)}", but it must be a positive whole number; ` +
        `unset it to use the default ${fallback}.`,
    );
  }

  return value;
}

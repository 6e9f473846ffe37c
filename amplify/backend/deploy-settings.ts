import type { LifecycleTransition } from '../core/cost';
import { readSettings } from '../core/settings';

/** Origins the app is served from when `SHOEBOX_APP_ORIGINS` is not set. */
export const defaultAppOrigins = [
  'http://localhost:5173',
  'http://127.0.0.1:5173',
];

/**
 * Function settings with defaults in `amplify/core/settings.ts`. The backend
 * sets them on the functions only when the synth environment overrides them.
 */
const limitNames = [
  'SHOEBOX_DEFAULT_CAP_BYTES',
  'SHOEBOX_POLICY_EXPIRY_SECONDS',
  'SHOEBOX_MAX_FILES_PER_REQUEST',
  'SHOEBOX_LIST_PAGE_SIZE',
  'SHOEBOX_STORAGE_CLASS',
  'SHOEBOX_SWEEP_INTERVAL_SECONDS',
  'SHOEBOX_TRASH_RETENTION_DAYS',
  'SHOEBOX_DOWNLOAD_URL_EXPIRY_SECONDS',
  'SHOEBOX_THUMBNAIL_MAX_BYTES',
  'SHOEBOX_ARCHIVE_RESTORE_DAYS',
  'SHOEBOX_INFREQUENT_AFTER_DAYS',
  'SHOEBOX_ARCHIVE_INSTANT_AFTER_DAYS',
  'SHOEBOX_DEEP_ARCHIVE_AFTER_DAYS',
  'SHOEBOX_PRICES',
] as const;

export type DeploySettings = {
  /** Origins allowed by the bucket's CORS rule and the API's preflight. */
  appOrigins: string[];
  /** Limit overrides to set on every function, by variable name. */
  limitOverrides: Record<string, string>;
  /** Time between sweep runs, for the schedule rule. */
  sweepIntervalSeconds: number;
  /** Days before the bucket's lifecycle rule removes trashed files. */
  trashRetentionDays: number;
  /** The bucket's lifecycle transitions of member files. */
  lifecycleTransitions: LifecycleTransition[];
};

type Environment = Record<string, string | undefined>;

/**
 * Reads the settings that are fixed when the backend is synthesised.
 * Throws when an origin or a limit is malformed, so a bad value fails the
 * deploy rather than every request.
 */
export function readDeploySettings(environment: Environment): DeploySettings {
  const limitOverrides = readLimitOverrides(environment);
  const functionSettings = readSettings({
    ...limitOverrides,
    SHOEBOX_TABLE_NAME: 'checked-at-synth',
    SHOEBOX_BUCKET_NAME: 'checked-at-synth',
  });

  return {
    appOrigins: readAppOrigins(environment.SHOEBOX_APP_ORIGINS),
    limitOverrides,
    sweepIntervalSeconds: functionSettings.sweepIntervalSeconds,
    trashRetentionDays: functionSettings.trashRetentionDays,
    lifecycleTransitions: functionSettings.lifecycleTransitions,
  };
}

/**
 * Parses `SHOEBOX_APP_ORIGINS`, a comma-separated list such as
 * `https://photos.example.com,http://localhost:5173`.
 */
function readAppOrigins(raw: string | undefined): string[] {
  const origins = (raw ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  if (origins.length === 0) {
    return defaultAppOrigins;
  }

  for (const origin of origins) {
    if (!isOrigin(origin)) {
      throw new Error(
        `SHOEBOX_APP_ORIGINS contains "${origin}", which is not a valid ` +
          'origin. Write each origin the way a browser sends it: ' +
          'scheme://host[:port] in lower case, with no default port, path ' +
          'or trailing slash, e.g. https://photos.example.com.',
      );
    }
  }

  return origins;
}

function isOrigin(value: string): boolean {
  if (!URL.canParse(value)) {
    return false;
  }

  // Browsers send the Origin header in this serialised form, and the CORS
  // rules compare it as a string.
  return new URL(value).origin === value;
}

function readLimitOverrides(environment: Environment): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const name of limitNames) {
    const value = environment[name];
    if (value !== undefined && value !== '') {
      overrides[name] = value;
    }
  }

  // The functions parse these with readSettings on every cold start. Parsing
  // them here too rejects a bad value at synth time. The two names are
  // placeholders because readSettings requires them.
  readSettings({
    ...overrides,
    SHOEBOX_TABLE_NAME: 'checked-at-synth',
    SHOEBOX_BUCKET_NAME: 'checked-at-synth',
  });

  return overrides;
}

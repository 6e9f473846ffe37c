/**
 * Limits and names that a household may change, each with its default and
 * the environment variable that overrides it. The backend sets these on the
 * Lambda functions; the local stack sets them on its own process.
 */

import type { UploadStorageClass } from './api';
import { readPositiveInteger } from './environment';
import {
  applyPriceOverrides,
  defaultPrices,
  type LifecycleTransition,
  type PriceTable,
} from './cost';

const GiB = 1024 ** 3;

export type Settings = {
  /** Cap for a member who has no cap of their own. `SHOEBOX_DEFAULT_CAP_BYTES`. */
  defaultCapBytes: number;
  /**
   * Lifetime of an upload policy. Short, because a policy cannot be revoked
   * and its bytes stay reserved until it expires; long enough for a large
   * photo on a slow home uplink. `SHOEBOX_POLICY_EXPIRY_SECONDS`.
   */
  policyExpirySeconds: number;
  /**
   * Files accepted in one `PUT /session`. The response for one file takes
   * up to about 10 KB: a 1,024-byte key of `"` characters, each escaped in
   * JSON, plus its signed policy. So 250 keeps the largest response near
   * 2.5 MB, well under Lambda's 6 MB response limit.
   * `SHOEBOX_MAX_FILES_PER_REQUEST`.
   */
  maxFilesPerRequest: number;
  /** Files returned by one page of `GET /session`. `SHOEBOX_LIST_PAGE_SIZE`. */
  listPageSize: number;
  /**
   * Time between two runs of the sweep, which expires unused upload
   * policies and gives their reservations back. A member's own requests
   * expire their uploads at once, so the sweep serves members who make no
   * request. AWS rounds it up to whole minutes, because EventBridge rates
   * count minutes. `SHOEBOX_SWEEP_INTERVAL_SECONDS`.
   */
  sweepIntervalSeconds: number;
  /** DynamoDB table with members, uploads and files. `SHOEBOX_TABLE_NAME`. */
  tableName: string;
  /** Bucket that contains every member's objects. `SHOEBOX_BUCKET_NAME`. */
  bucketName: string;
  /**
   * Storage class that upload policies require. STANDARD, because family
   * photos are viewed often and the infrequent-access classes charge for
   * retrieval and for objects under 128 KiB or kept less than 30 days.
   * `SHOEBOX_STORAGE_CLASS`.
   */
  storageClass: StorageClass;
  /**
   * Browser origins that may call the API, matched exactly against the
   * `Origin` header. `SHOEBOX_ALLOWED_ORIGINS`, comma separated; the default
   * is the Vite dev server.
   */
  allowedOrigins: string[];
  /**
   * Days a deleted file stays in the trash, counted in usage, before S3
   * removes it. 30, so a mistaken delete noticed at the end of a month can
   * still be undone; STANDARD_IA's 30-day minimum is then always met.
   * `SHOEBOX_TRASH_RETENTION_DAYS`.
   */
  trashRetentionDays: number;
  /**
   * Lifetime of a presigned download URL. Long enough to start a large
   * download on a slow link; S3 checks it only when the GET starts.
   * `SHOEBOX_DOWNLOAD_URL_EXPIRY_SECONDS`.
   */
  downloadUrlExpirySeconds: number;
  /**
   * Largest thumbnail a policy accepts. It is sized for JPEG thumbnails of
   * 320 pixels on the long edge at quality 0.8, an estimated 10 to 40 KiB
   * each. 128 KiB leaves room for busy pictures and caps a folder of 1,000
   * thumbnails at 125 MiB.
   * `SHOEBOX_THUMBNAIL_MAX_BYTES`.
   */
  thumbnailMaxBytes: number;
  /**
   * Days a restored Deep Archive file stays readable. 7 gives a member a
   * week to download it; S3 bills the copy at STANDARD prices meanwhile.
   * `SHOEBOX_ARCHIVE_RESTORE_DAYS`.
   */
  archiveRestoreDays: number;
  /**
   * Lifecycle transitions by age, from `SHOEBOX_INFREQUENT_AFTER_DAYS`
   * (default 30), `SHOEBOX_ARCHIVE_INSTANT_AFTER_DAYS` (default 180) and
   * `SHOEBOX_DEEP_ARCHIVE_AFTER_DAYS` (default 0, off); 0 turns a
   * transition off. Family photos are looked at in the weeks after a trip
   * and rarely later. So after 30 days, S3's earliest STANDARD_IA
   * transition, they move to STANDARD_IA at about half the price. After 180
   * days they move to GLACIER_IR at about a sixth, still opening at once.
   * Deep Archive stays off by default, because a preview would then wait
   * up to 12 hours for a restore.
   */
  lifecycleTransitions: LifecycleTransition[];
  /**
   * Prices of the cost estimates: us-east-1 list prices unless
   * `SHOEBOX_PRICES` (JSON, e.g.
   * `{"STANDARD":{"storageUsdPerGbMonth":0.0245}}`) overrides some.
   */
  prices: PriceTable;
  /** True when `SHOEBOX_PRICES` changed any price. */
  arePricesOverridden: boolean;
};

/**
 * Storage classes that an upload may use: the four that the cost model
 * prices and that members choose from. S3 accepts more on a POST upload.
 */
export const storageClasses: readonly UploadStorageClass[] = [
  'STANDARD',
  'STANDARD_IA',
  'GLACIER_IR',
  'DEEP_ARCHIVE',
];

export type StorageClass = UploadStorageClass;

export const defaultSettings = {
  defaultCapBytes: 10 * GiB,
  policyExpirySeconds: 600,
  maxFilesPerRequest: 250,
  listPageSize: 500,
  sweepIntervalSeconds: 300,
  storageClass: 'STANDARD',
  allowedOrigins: ['http://localhost:5173', 'http://127.0.0.1:5173'],
  trashRetentionDays: 30,
  downloadUrlExpirySeconds: 900,
  thumbnailMaxBytes: 128 * 1024,
  archiveRestoreDays: 7,
  lifecycleTransitions: [
    { afterDays: 30, storageClass: 'STANDARD_IA' },
    { afterDays: 180, storageClass: 'GLACIER_IR' },
  ],
  prices: defaultPrices,
  arePricesOverridden: false,
} satisfies Partial<Settings>;

type Environment = Record<string, string | undefined>;

/**
 * Reads the settings from `environment`. Throws when a variable is set but
 * is not a positive integer, or when the table or bucket name is missing.
 */
export function readSettings(environment: Environment): Settings {
  return {
    defaultCapBytes: readPositiveInteger(
      environment,
      'SHOEBOX_DEFAULT_CAP_BYTES',
      defaultSettings.defaultCapBytes,
    ),
    policyExpirySeconds: readPositiveInteger(
      environment,
      'SHOEBOX_POLICY_EXPIRY_SECONDS',
      defaultSettings.policyExpirySeconds,
    ),
    maxFilesPerRequest: readPositiveInteger(
      environment,
      'SHOEBOX_MAX_FILES_PER_REQUEST',
      defaultSettings.maxFilesPerRequest,
    ),
    listPageSize: readPositiveInteger(
      environment,
      'SHOEBOX_LIST_PAGE_SIZE',
      defaultSettings.listPageSize,
    ),
    sweepIntervalSeconds: readPositiveInteger(
      environment,
      'SHOEBOX_SWEEP_INTERVAL_SECONDS',
      defaultSettings.sweepIntervalSeconds,
    ),
    tableName: readRequired(environment, 'SHOEBOX_TABLE_NAME'),
    bucketName: readRequired(environment, 'SHOEBOX_BUCKET_NAME'),
    storageClass: readStorageClass(environment),
    allowedOrigins: readList(
      environment,
      'SHOEBOX_ALLOWED_ORIGINS',
      defaultSettings.allowedOrigins,
    ),
    trashRetentionDays: readPositiveInteger(
      environment,
      'SHOEBOX_TRASH_RETENTION_DAYS',
      defaultSettings.trashRetentionDays,
    ),
    downloadUrlExpirySeconds: readPositiveInteger(
      environment,
      'SHOEBOX_DOWNLOAD_URL_EXPIRY_SECONDS',
      defaultSettings.downloadUrlExpirySeconds,
    ),
    thumbnailMaxBytes: readPositiveInteger(
      environment,
      'SHOEBOX_THUMBNAIL_MAX_BYTES',
      defaultSettings.thumbnailMaxBytes,
    ),
    archiveRestoreDays: readPositiveInteger(
      environment,
      'SHOEBOX_ARCHIVE_RESTORE_DAYS',
      defaultSettings.archiveRestoreDays,
    ),
    lifecycleTransitions: readLifecycleTransitions(environment),
    prices: readPrices(environment),
    arePricesOverridden: Boolean(environment.SHOEBOX_PRICES?.trim()),
  };
}

/** Variables of the lifecycle transitions, warm to cold. */
const transitionVariables = [
  ['SHOEBOX_INFREQUENT_AFTER_DAYS', 'STANDARD_IA', 30],
  ['SHOEBOX_ARCHIVE_INSTANT_AFTER_DAYS', 'GLACIER_IR', 180],
  ['SHOEBOX_DEEP_ARCHIVE_AFTER_DAYS', 'DEEP_ARCHIVE', 0],
] as const;

/**
 * Reads the lifecycle transitions, leaving out those set to 0. Throws when
 * a transition is due before S3 allows it: STANDARD_IA no earlier than day
 * 30, and each later class at least 30 days after STANDARD_IA, because S3
 * rejects such a lifecycle configuration.
 */
export function readLifecycleTransitions(
  environment: Environment,
): LifecycleTransition[] {
  const transitions: LifecycleTransition[] = [];
  for (const [name, storageClass, fallback] of transitionVariables) {
    const afterDays = readWholeNumber(environment, name, fallback);
    if (afterDays > 0) {
      transitions.push({ afterDays, storageClass });
    }
  }

  const infrequent = transitions.find(
    (transition) => transition.storageClass === 'STANDARD_IA',
  );
  if (infrequent !== undefined && infrequent.afterDays < 30) {
    throw new Error(
      `SHOEBOX_INFREQUENT_AFTER_DAYS is ${infrequent.afterDays}, but S3 ` +
        'moves files to STANDARD_IA no earlier than day 30; set 30 or more, ' +
        'or 0 to turn it off.',
    );
  }
  for (const transition of transitions) {
    if (
      infrequent !== undefined &&
      transition !== infrequent &&
      transition.afterDays < infrequent.afterDays + 30
    ) {
      throw new Error(
        `The ${transition.storageClass} transition on day ` +
          `${transition.afterDays} comes less than 30 days after ` +
          `STANDARD_IA on day ${infrequent.afterDays}, which S3 rejects; ` +
          `set it to ${infrequent.afterDays + 30} or more.`,
      );
    }
  }

  return transitions;
}

function readPrices(environment: Environment): PriceTable {
  const raw = environment.SHOEBOX_PRICES;
  if (raw === undefined || raw.trim() === '') {
    return defaultPrices;
  }

  let overrides: unknown;
  try {
    overrides = JSON.parse(raw);
  } catch (error) {
    throw new Error(
      `SHOEBOX_PRICES is not valid JSON (${String(error)}); unset it to ` +
        'use the us-east-1 list prices.',
      { cause: error },
    );
  }

  return applyPriceOverrides(defaultPrices, overrides, 'SHOEBOX_PRICES');
}

function readWholeNumber(
  environment: Environment,
  name: string,
  fallback: number,
): number {
  const raw = environment[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }

  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(
      `${name} is "${raw}", but it must be a whole number of days, or 0 to ` +
        `turn it off; unset it to use the default ${fallback}.`,
    );
  }

  return value;
}

function readStorageClass(environment: Environment): StorageClass {
  const name = 'SHOEBOX_STORAGE_CLASS';
  const raw = environment[name];
  if (raw === undefined || raw === '') {
    return defaultSettings.storageClass;
  }

  const storageClass = storageClasses.find((known) => known === raw);
  if (storageClass === undefined) {
    throw new Error(
      `${name} is "${raw}", but it must be one of ` +
        `${storageClasses.join(', ')}; unset it to use ` +
        `${defaultSettings.storageClass}.`,
    );
  }

  return storageClass;
}

function readList(
  environment: Environment,
  name: string,
  fallback: string[],
): string[] {
  const raw = environment[name];
  if (raw === undefined || raw.trim() === '') {
    return fallback;
  }

  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function readRequired(environment: Environment, name: string): string {
  const value = environment[name];
  if (!value) {
    throw new Error(`${name} is not set; set it to the resource's name.`);
  }

  return value;
}

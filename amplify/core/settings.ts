/**
 * Limits and names that a household may change, each with its default and
 * the environment variable that overrides it. The backend sets these on the
 * Lambda functions; the local stack sets them on its own process.
 */

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
   * Time between two runs of the sweep that expires unused upload policies
   * and gives their reservations back. A member's own requests expire their
   * uploads at once; the sweep covers members who make no request, so the
   * delay only matters to the recorded state. In AWS it is rounded up to
   * whole minutes, EventBridge's smallest rate. `SHOEBOX_SWEEP_INTERVAL_SECONDS`.
   */
  sweepIntervalSeconds: number;
  /** DynamoDB table with members, uploads and files. `SHOEBOX_TABLE_NAME`. */
  tableName: string;
  /** Bucket that holds every member's objects. `SHOEBOX_BUCKET_NAME`. */
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
};

/** Storage classes that S3 accepts on a POST upload. */
export const storageClasses = [
  'STANDARD',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER_IR',
  'GLACIER',
  'DEEP_ARCHIVE',
] as const;

export type StorageClass = (typeof storageClasses)[number];

export const defaultSettings = {
  defaultCapBytes: 10 * GiB,
  policyExpirySeconds: 600,
  maxFilesPerRequest: 250,
  listPageSize: 500,
  sweepIntervalSeconds: 300,
  storageClass: 'STANDARD',
  allowedOrigins: ['http://localhost:5173', 'http://127.0.0.1:5173'],
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
      `${name} is "${raw}", but it must be a positive whole number; ` +
        `unset it to use the default ${fallback}.`,
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

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
  /** Files accepted in one `PUT /session`. `SHOEBOX_MAX_FILES_PER_REQUEST`. */
  maxFilesPerRequest: number;
  /** Files returned by one page of `GET /session`. `SHOEBOX_LIST_PAGE_SIZE`. */
  listPageSize: number;
  /** DynamoDB table with members, uploads and files. `SHOEBOX_TABLE_NAME`. */
  tableName: string;
  /** Bucket that holds every member's objects. `SHOEBOX_BUCKET_NAME`. */
  bucketName: string;
};

export const defaultSettings = {
  defaultCapBytes: 10 * GiB,
  policyExpirySeconds: 600,
  maxFilesPerRequest: 1000,
  listPageSize: 500,
} as const;

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
    tableName: readRequired(environment, 'SHOEBOX_TABLE_NAME'),
    bucketName: readRequired(environment, 'SHOEBOX_BUCKET_NAME'),
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

function readRequired(environment: Environment, name: string): string {
  const value = environment[name];
  if (!value) {
    throw new Error(`${name} is not set; set it to the resource's name.`);
  }

  return value;
}

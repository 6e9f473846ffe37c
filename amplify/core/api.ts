/**
 * The JSON contract of the session API, shared by the Lambda handlers, the
 * local stack and the browser. Every byte count is an integer number of
 * bytes.
 */

export type Quota = {
  capBytes: number;
  usedBytes: number;
  /** Bytes held by issued policies whose objects have not arrived yet. */
  reservedBytes: number;
  /** `capBytes - usedBytes - reservedBytes`, never below zero. */
  availableBytes: number;
};

export type FileRequest = {
  /** Relative path as the browser reports it, e.g. `Holiday 2024/IMG 0001.jpg`. */
  path: string;
  size: number;
  /** Media type `type/subtype` with an IANA top-level type, no parameters. */
  contentType: string;
  /**
   * Overrides the request's `replace` for this file. Without replace, a
   * path that already contains a file keeps it, and the new file gets the
   * first free copy name, `name (2).jpg`.
   */
  replace?: boolean;
  /**
   * S3 storage class of the object, written into the policy as
   * `x-amz-storage-class`; defaults to CostResponse's `defaultStorageClass`.
   */
  storageClass?: UploadStorageClass;
  /**
   * True when the browser will send a thumbnail (JPEG, PNG, WebP and GIF
   * files only); the upload then carries the thumbnail's policy.
   */
  thumbnail?: boolean;
};

/**
 * Body of `PUT /session`. With `replace: true` (for the request, or for one
 * file), a file whose path contains a stored (COMPLETE) file overwrites it:
 * the old object stays counted until the new one arrives, and then used
 * bytes change by the size difference. The new file reserves its full size
 * meanwhile, because S3 stores it before the old one is gone from the
 * count. A path whose upload is still in flight (INITIATED or EXPIRED) is
 * not replaced; the file gets a copy name as without `replace`.
 */
export type SessionRequest = {
  files: FileRequest[];
  /** Default of `replace` for every file; false when absent. */
  replace?: boolean;
};

export type UploadState = 'INITIATED' | 'COMPLETE' | 'EXPIRED' | 'REJECTED';

export type Reason = {
  code: string;
  message: string;
};

export type InitiatedUpload = {
  path: string;
  state: 'INITIATED';
  uploadId: string;
  key: string;
  /** POST target returned by @aws-sdk/s3-presigned-post. */
  url: string;
  /** Form fields to send before the `file` part, in this order. */
  fields: Record<string, string>;
  /** ISO 8601 time after which S3 rejects the policy. */
  expiresAt: string;
  /**
   * Class written into the policy as `x-amz-storage-class`. The server
   * always sets it; it is optional so that older fixtures still type-check.
   */
  storageClass?: UploadStorageClass;
  /** Present when the request asked for a thumbnail. */
  thumbnail?: ThumbnailUpload;
};

export type RejectedUpload = {
  path: string;
  state: 'REJECTED';
  reason: Reason;
};

export type Upload = InitiatedUpload | RejectedUpload;

export type SessionResponse = {
  quota: Quota;
  uploads: Upload[];
};

export type StoredFile = {
  key: string;
  path: string;
  size: number;
  state: UploadState;
  /** ISO 8601 time of the last change to the file. */
  lastModified: string;
  /*
   * The server always sets the next three; they are optional so that older
   * fixtures still type-check.
   */
  contentType?: string;
  /** The class today: lifecycle rules move files to colder classes by age. */
  storageClass?: UploadStorageClass;
  /** ISO 8601 time the upload started, or the file left the trash. */
  createdAt?: string;
  /**
   * Presigned GET of the thumbnail, for files uploaded with one. It returns
   * 404 when the browser never sent the thumbnail; show the icon then.
   */
  thumbnailUrl?: string;
  /** Present for DEEP_ARCHIVE files only. */
  archive?: ArchiveRestore;
};

export type ListResponse = {
  quota: Quota;
  files: StoredFile[];
  /** Names of the folders directly under the listed prefix, ending in `/`. */
  folders: string[];
  cursor: string | null;
};

export type ErrorResponse = {
  error: Reason;
};

/*
 * Library, trash, storage classes, cost and admin routes. Every route takes
 * the Cognito ID token in `Authorization`; the `/admin/*` routes also need
 * the `admins` group in the token's `cognito:groups` claim and return 403
 * FORBIDDEN naming that group to anyone else. Errors use ErrorResponse.
 */

/** Storage classes that a member may choose for an upload. */
export type UploadStorageClass =
  'STANDARD' | 'STANDARD_IA' | 'GLACIER_IR' | 'DEEP_ARCHIVE';

/**
 * A storage class as the app offers it: plain words, its list prices and
 * the charges that make it a poor fit for small or short-lived files.
 */
export type StorageClassOption = {
  storageClass: UploadStorageClass;
  /** "Standard", "Infrequent", "Archive instant", "Deep archive". */
  label: string;
  /** One sentence on when to choose it, e.g. "often opened". */
  description: string;
  storageUsdPerGbMonth: number;
  /** Charge per GB read back; 0 for STANDARD. */
  retrievalUsdPerGb: number;
  /** Charge per 1,000 uploads (PUT, POST, COPY). */
  uploadUsdPer1000: number;
  /**
   * Days a file is billed for even if it is deleted, moved to the trash or
   * moved to another class sooner; 0 when there is no minimum.
   */
  minimumStorageDays: number;
  /** Smaller files are billed as this size; 0 when there is no minimum. */
  minimumBillableBytes: number;
  /** Hours until an archived file can be downloaded; 0 when instant. */
  restoreHours: number;
};

/** Source and date of the default prices, so the app can show how current they are. */
export type PriceSource = {
  /** AWS region of the list prices, e.g. `us-east-1`. */
  region: string;
  /** ISO 8601 date the prices were read, e.g. `2026-12-01`. */
  takenOn: string;
  /** True when a setting replaced some of the default prices. */
  isOverridden: boolean;
  currency: 'USD';
};

/** Bytes and estimated monthly cost of one storage class. */
export type ClassCost = {
  storageClass: UploadStorageClass;
  /** Stored bytes, trash included. */
  bytes: number;
  fileCount: number;
  /** Bytes billed after the minimum billable size per file. */
  billedBytes: number;
  monthlyUsd: number;
};

/** An estimated monthly storage bill, split by storage class. */
export type CostEstimate = {
  monthlyUsd: number;
  byClass: ClassCost[];
};

/**
 * `GET /session/cost`: the caller's estimated monthly storage cost by class,
 * and the classes an upload may choose with their prices. Each file counts
 * in the class it is in today, after the lifecycle rules moved it.
 */
export type CostResponse = {
  prices: PriceSource;
  storageClasses: StorageClassOption[];
  /** Class that `PUT /session` uses for a file that names none. */
  defaultStorageClass: UploadStorageClass;
  estimate: CostEstimate;
};

/** A POST target for a thumbnail: send the fields, then the `file` part. */
export type ThumbnailUpload = {
  key: string;
  url: string;
  fields: Record<string, string>;
  /** Largest thumbnail the policy accepts, in bytes. */
  maxBytes: number;
  /** Content types the policy accepts: `image/jpeg`. */
  contentTypes: string[];
};

/**
 * State of a Deep Archive file: ARCHIVED cannot be downloaded, RESTORING
 * waits for S3, RESTORED can be downloaded until `availableUntil`.
 */
export type ArchiveRestore = {
  state: 'ARCHIVED' | 'RESTORING' | 'RESTORED';
  /** ISO 8601; set while RESTORING or RESTORED. */
  requestedAt?: string;
  /** ISO 8601 estimate of when the copy is ready; set while RESTORING. */
  expectedAt?: string;
  /** ISO 8601 time the readable copy goes away; set while RESTORED. */
  availableUntil?: string;
};

/**
 * `GET /session/download?path=<path>&disposition=attachment|inline`: a
 * presigned GET for one COMPLETE file. S3 serves the file with
 * `Content-Disposition: attachment; filename="<ASCII fallback>";
 * filename*=UTF-8''<percent-encoded name>` (RFC 6266 and RFC 5987) and the
 * stored Content-Type. A DEEP_ARCHIVE file that is not RESTORED returns
 * 409 NOT_RESTORED.
 */
export type DownloadResponse = {
  path: string;
  url: string;
  /** ISO 8601 time after which S3 rejects the URL. */
  expiresAt: string;
  fileName: string;
};

/**
 * `POST /session/trash`: moves files into the trash. Files stay in the
 * trash, counted in usage, for TrashListResponse's `retentionDays`, then
 * S3 removes them. `permanent: true` deletes at once instead; Deep
 * Archive files cannot be copied into the trash without a restore, so they
 * need `permanent: true` or fail with ARCHIVED_NEEDS_PERMANENT.
 */
export type TrashRequest = {
  paths: string[];
  permanent?: boolean;
};

export type TrashResult =
  | { path: string; outcome: 'TRASHED'; trashId: string }
  | { path: string; outcome: 'DELETED' }
  | { path: string; outcome: 'FAILED'; reason: Reason };

export type TrashResponse = {
  quota: Quota;
  results: TrashResult[];
};

/** A file in the trash. */
export type TrashItem = {
  /** Opaque id for restore; stable while the file is in the trash. */
  trashId: string;
  /** Path the file had before it was deleted. */
  path: string;
  size: number;
  contentType: string;
  storageClass: UploadStorageClass;
  /** ISO 8601. */
  trashedAt: string;
  /** ISO 8601 time from which S3 may remove the file for good. */
  expiresAt: string;
};

/** `GET /session/trash?cursor=`: one page of the trash, newest first. */
export type TrashListResponse = {
  quota: Quota;
  retentionDays: number;
  items: TrashItem[];
  cursor: string | null;
};

/** `POST /session/trash/restore`: moves files back out of the trash. */
export type TrashRestoreRequest = {
  trashIds: string[];
};

/**
 * Each restored file returns to its old path, or to `name (1).ext` and so
 * on when a file now takes that path.
 */
export type TrashRestoreResult =
  | { trashId: string; outcome: 'RESTORED'; path: string }
  | { trashId: string; outcome: 'FAILED'; reason: Reason };

export type TrashRestoreResponse = {
  quota: Quota;
  results: TrashRestoreResult[];
};

/**
 * `DELETE /session/trash`: empties the trash. The objects are deleted at
 * once; the meter drops as S3 reports each removal, so `quota` may still
 * include them.
 */
export type EmptyTrashResponse = {
  quota: Quota;
  removedCount: number;
  /** True when more files are left; send the request again. */
  hasMore: boolean;
};

/**
 * `POST /session/archive-restore` with `{ path }`: requests a readable
 * copy of a Deep Archive file (Standard tier, about 12 hours in AWS). A
 * repeated request returns the current state and starts nothing new.
 */
export type ArchiveRestoreRequest = { path: string };

export type ArchiveRestoreResponse = {
  path: string;
  archive: ArchiveRestore;
};

/** A member as the admin pages show them. */
export type AdminMember = {
  /** Cognito sub; the `{id}` of `PUT /admin/users/{id}`. */
  id: string;
  email: string;
  enabled: boolean;
  isAdmin: boolean;
  capBytes: number;
  /** False when the member follows the household's default cap. */
  hasOwnCap: boolean;
  usedBytes: number;
  /** Bytes reserved by uploads in flight. */
  reservedBytes: number;
  fileCount: number;
  /** `usedBytes / capBytes * 100`, unrounded; may exceed 100. */
  percentOfCap: number;
  monthlyUsd: number;
  /** ISO 8601, or null when the member never uploaded. */
  lastUploadAt: string | null;
};

/** `GET /admin/users`: every member, in the user pool's order. */
export type AdminUsersResponse = {
  defaultCapBytes: number;
  members: AdminMember[];
};

/**
 * `PUT /admin/users/{id}`: changes a member. `capBytes: null` returns the
 * member to the default cap. A cap below usage blocks new uploads and
 * deletes nothing; `warning` then explains that.
 */
export type AdminUserUpdate = {
  capBytes?: number | null;
  enabled?: boolean;
};

export type AdminUserResponse = {
  member: AdminMember;
  warning?: string;
};

/**
 * `POST /admin/users`: invites a member by email. Cognito emails the
 * temporary password in AWS; the local stack, which sends no mail, returns
 * it here once.
 */
export type AdminInviteRequest = {
  email: string;
  capBytes?: number;
};

export type AdminInviteResponse = {
  member: AdminMember;
  temporaryPassword?: string;
};

/**
 * `GET /admin/settings` and `PUT /admin/settings`: the default cap of
 * members without a cap of their own, new members included.
 */
export type AdminSettings = {
  defaultCapBytes: number;
};

/** One month of the lifecycle savings series. */
export type MonthlySavings = {
  /** `YYYY-MM`. */
  month: string;
  /** Estimated bill if every file stayed in its upload class. */
  withoutLifecycleUsd: number;
  /** Estimated bill with the lifecycle rules moving files by age. */
  withLifecycleUsd: number;
  savedUsd: number;
};

/**
 * `GET /admin/cost`: the household's estimated monthly cost, each member's,
 * and what the lifecycle rules save in each of the next 12 months for the
 * files stored today (no new uploads assumed).
 */
export type HouseholdCostResponse = {
  prices: PriceSource;
  household: CostEstimate;
  members: { id: string; email: string; monthlyUsd: number }[];
  savings: MonthlySavings[];
};

/** One file item that a recount made agree with the bucket. */
export type RecountFileFix = {
  memberId: string;
  path: string;
  /** The item as found; null when the bucket had an object but no item. */
  before: { state: string; size: number } | null;
  after: { state: 'COMPLETE' | 'DELETED'; size: number };
};

/** One member counter that a recount set to the sum of their files. */
export type RecountCounterFix = {
  memberId: string;
  counter: 'usedBytes' | 'fileCount';
  before: number;
  after: number;
};

/**
 * `POST /admin/recount`: lists the bucket, makes each member's file items
 * and counters agree with their objects, and returns every fix.
 */
export type RecountResponse = {
  checkedMembers: number;
  checkedObjects: number;
  /** Sum of the sizes of every listed object. */
  checkedBytes: number;
  fileFixes: RecountFileFix[];
  counterFixes: RecountCounterFix[];
  /** Members left unrepaired because their items kept changing. */
  skippedMembers: string[];
};

/**
 * State of one file in the queue. `waiting` covers a file before its
 * upload, between retries and while the browser is offline. `confirming`
 * means S3 accepted the bytes and the app waits for the file list to show
 * the object as stored.
 */
export type UploadStatus =
  | 'waiting'
  | 'uploading'
  | 'confirming'
  | 'stored'
  | 'refused'
  | 'failed'
  | 'cancelled';

/** Statuses that need nothing more from the queue. */
export const finalStatuses: ReadonlySet<UploadStatus> = new Set([
  'stored',
  'refused',
  'failed',
  'cancelled',
]);

export type UploadItem = {
  readonly id: number;
  /** Files added together, e.g. one drop, share a batch id. */
  readonly batchId: number;
  /** Path relative to the member's root; the API may give it a copy name. */
  readonly path: string;
  readonly size: number;
  readonly status: UploadStatus;
  /** Bytes of the file sent to S3 so far. */
  readonly sentBytes: number;
  /** Reason for `refused`, the error for `failed`, or a note while waiting. */
  readonly message?: string;
  /**
   * ISO 8601 time when the bytes reserved for a cancelled upload free: its
   * policy's expiry, because a policy cannot be revoked.
   */
  readonly heldUntil?: string;
};

export type QueueStats = {
  /** Files that are to be stored: every file not refused or cancelled. */
  totalFiles: number;
  storedFiles: number;
  refusedFiles: number;
  failedFiles: number;
  cancelledFiles: number;
  /** Files waiting or uploading, which leaving the page would stop. */
  activeFiles: number;
  /** Bytes of the files that are to be stored. */
  totalBytes: number;
  sentBytes: number;
  /** Average over the last seconds, or undefined before it is known. */
  bytesPerSecond?: number;
  /** Estimate from the remaining bytes and `bytesPerSecond`. */
  secondsLeft?: number;
};

/** Bytes of cancelled uploads that stay reserved until their policy expires. */
export type HeldBytes = {
  bytes: number;
  /** ISO 8601 time when the last of them frees. */
  freeAt: string;
};

export type QueueSnapshot = {
  readonly items: readonly UploadItem[];
  readonly stats: QueueStats;
  readonly isOnline: boolean;
  readonly held?: HeldBytes;
  /** Summary of the last batch that finished, for a live region. */
  readonly announcement: string;
};

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
  contentType: string;
};

export type SessionRequest = {
  files: FileRequest[];
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

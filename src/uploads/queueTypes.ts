import type {
  FileRequest,
  InitiatedUpload,
  ListResponse,
  Quota,
  SessionResponse,
  ThumbnailUpload,
} from '../../amplify/core/api';
import type { ThumbnailOutcome } from '../thumbnails/thumbnails';
import type { Connectivity } from './connectivity';
import type { UploadItem } from './uploadItem';

/** The calls the queue makes to the session API and to S3. */
export type UploadTransport = {
  requestUploads(files: FileRequest[]): Promise<SessionResponse>;
  postObject(
    upload: InitiatedUpload,
    file: File,
    options: {
      onProgress: (sentBytes: number, totalBytes: number) => void;
      signal: AbortSignal;
    },
  ): Promise<void>;
  listFiles(prefix: string, cursor: string | null): Promise<ListResponse>;
  /**
   * Makes and posts the thumbnail of an uploaded file. Without it the
   * queue sends no thumbnails.
   */
  postThumbnail?(
    target: ThumbnailUpload,
    file: File,
    options: { signal: AbortSignal },
  ): Promise<ThumbnailOutcome>;
};

export type UploadQueueOptions = {
  /** Uploads to S3 that run at once. */
  concurrency: number;
  /** Files per `PUT /session`, at most the API's limit per request. */
  batchSize: number;
  /** Time between listings while waiting for uploads to show as stored. */
  confirmIntervalMs: number;
  /** How long to wait for that before reporting an upload as failed. */
  confirmTimeoutMs: number;
  /** Attempts of one request after network errors and 5xx. */
  maxAttempts: number;
  /** First backoff delay, doubled for each further retry. */
  retryBaseMs: number;
  /** Maximum delay before progress reaches subscribers, 100 by default. */
  progressIntervalMs?: number;
  connectivity?: Connectivity;
  now?: () => number;
  random?: () => number;
  /** Called with the quota that each `PUT /session` returns. */
  onQuota?: (quota: Quota) => void;
  /** Called when the file list shows uploads as stored. */
  onStored?: (items: UploadItem[]) => void;
  /** Called when the policies of cancelled uploads have expired. */
  onHeldReleased?: () => void;
};

/**
 * A file and the path, relative to the member's root, to store it at.
 * `replace` requests that the API overwrite a stored file at that path.
 */
export type QueuedFile = { file: File; path: string; replace?: boolean };

/** A file turned down before any request, with the reason. */
export type RefusedFile = { path: string; size: number; message: string };

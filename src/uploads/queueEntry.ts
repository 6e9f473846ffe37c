import type { FileRequest, InitiatedUpload } from '../../amplify/core/api';

/**
 * Position of an entry: waiting for a policy, in a `PUT /session`, holding
 * a policy, waiting out a backoff, posting to S3, or finished.
 */
export type Place =
  'pending' | 'requesting' | 'ready' | 'delayed' | 'running' | 'done';

export type Entry = {
  id: number;
  file: File;
  request: FileRequest;
  place: Place;
  upload?: InitiatedUpload;
  /** Failed attempts of the current policy's upload. */
  failures: number;
  /** Policies that expired before their upload succeeded. */
  renewals: number;
  controller?: AbortController;
  retryTimer?: ReturnType<typeof setTimeout>;
};

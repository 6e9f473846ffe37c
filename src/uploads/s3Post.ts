import type { InitiatedUpload } from '../../amplify/core/api';

/** Error from a browser POST upload to S3. */
export class S3UploadError extends Error {
  override name = 'S3UploadError';

  constructor(
    /** S3's error code, e.g. `AccessDenied`, or `NetworkError`. */
    readonly code: string,
    message: string,
    /** HTTP status, or undefined when no response arrived. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export type PostObjectOptions = {
  /**
   * Called as the request body goes out, with the bytes sent so far and the
   * body's total size, which includes the form fields.
   */
  onProgress?: (sentBytes: number, totalBytes: number) => void;
  signal?: AbortSignal;
};

/**
 * Posts `file` to S3 with the upload's POST policy as
 * `multipart/form-data`. Resolves when S3 responds 2xx, and rejects with an
 * S3UploadError that carries S3's own code and message otherwise.
 *
 * Uses XMLHttpRequest because fetch reports no upload progress.
 */
export function postObject(
  upload: InitiatedUpload,
  file: Blob,
  { onProgress, signal }: PostObjectOptions = {},
): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) {
    form.append(name, value);
  }
  // S3 ignores every field after `file`, so it goes last.
  form.append('file', file);

  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }

    const request = new XMLHttpRequest();
    request.open('POST', upload.url);

    request.upload.onprogress = (event) => {
      if (event.lengthComputable) {
        onProgress?.(event.loaded, event.total);
      }
    };
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        resolve();
        return;
      }
      reject(readS3Error(request.status, request.responseText));
    };
    request.onerror = () =>
      reject(
        new S3UploadError(
          'NetworkError',
          'The upload to S3 failed before S3 answered; check the connection and try again.',
        ),
      );
    request.onabort = () => reject(cancelled());
    signal?.addEventListener('abort', () => request.abort(), { once: true });

    request.send(form);
  });
}

function cancelled(): S3UploadError {
  return new S3UploadError('Aborted', 'The upload was cancelled.');
}

/**
 * Reads S3's XML error body (`<Error><Code/><Message/></Error>`), falling
 * back to the HTTP status when the body has none.
 */
export function readS3Error(status: number, body: string): S3UploadError {
  const document = new DOMParser().parseFromString(body, 'application/xml');
  const code = document.querySelector('Error > Code')?.textContent;
  const message = document.querySelector('Error > Message')?.textContent;

  if (!code) {
    return new S3UploadError(
      `Http${status}`,
      `S3 rejected the upload with HTTP ${status}.`,
      status,
    );
  }

  return new S3UploadError(
    code,
    message ? `${message} (${code})` : `S3 rejected the upload: ${code}.`,
    status,
  );
}

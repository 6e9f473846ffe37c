import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { bucketUrl, makeInitiated } from '../test/fixtures';
import { server } from '../test/server';
import { postObject, readS3Error, S3UploadError } from './s3Post';

const accessDenied =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<Error><Code>AccessDenied</Code>' +
  '<Message>Invalid according to Policy: Policy expired.</Message>' +
  '<RequestId>4442587FB7D0A2F9</RequestId></Error>';

describe('readS3Error', () => {
  it('reads the code and message of an S3 error body', () => {
    const error = readS3Error(403, accessDenied);

    expect(error.code).toBe('AccessDenied');
    expect(error.status).toBe(403);
    expect(error.message).toBe(
      'Invalid according to Policy: Policy expired. (AccessDenied)',
    );
  });

  it('falls back to the status for a body that is not XML', () => {
    const error = readS3Error(502, 'Bad Gateway');

    expect(error.code).toBe('Http502');
    expect(error.message).toBe('S3 rejected the upload with HTTP 502.');
  });
});

describe('postObject', () => {
  const upload = makeInitiated('a.jpg');
  const file = new File([new Uint8Array(64)], 'a.jpg', { type: 'image/jpeg' });

  it('resolves when S3 answers 204', async () => {
    server.use(
      http.post(bucketUrl, () => new HttpResponse(null, { status: 204 })),
    );

    await expect(postObject(upload, file)).resolves.toBeUndefined();
  });

  it('rejects with the S3 error of a 403', async () => {
    server.use(
      http.post(
        bucketUrl,
        () => new HttpResponse(accessDenied, { status: 403 }),
      ),
    );

    const error = await postObject(upload, file).catch((caught) => caught);

    expect(error).toBeInstanceOf(S3UploadError);
    expect(error.code).toBe('AccessDenied');
  });

  it('rejects with a network error when no response arrives', async () => {
    server.use(http.post(bucketUrl, () => HttpResponse.error()));

    const error = await postObject(upload, file).catch((caught) => caught);

    expect(error).toBeInstanceOf(S3UploadError);
    expect(error.code).toBe('NetworkError');
  });

  it('rejects without sending when the signal is already aborted', async () => {
    const onRequest = vi.fn();
    server.events.on('request:start', onRequest);
    const controller = new AbortController();
    controller.abort();

    const error = await postObject(upload, file, {
      signal: controller.signal,
    }).catch((caught) => caught);

    expect(error.code).toBe('Aborted');
    expect(onRequest).not.toHaveBeenCalled();
    server.events.removeListener('request:start', onRequest);
  });

  it('reports upload progress', async () => {
    server.use(
      http.post(bucketUrl, () => new HttpResponse(null, { status: 204 })),
    );
    const onProgress = vi.fn();

    await postObject(upload, file, { onProgress });

    const [sentBytes, totalBytes] = onProgress.mock.calls.at(-1) ?? [];
    expect(totalBytes).toBeGreaterThan(file.size);
    expect(sentBytes).toBe(totalBytes);
  });
});

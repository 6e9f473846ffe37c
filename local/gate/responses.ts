/**
 * The HTTP responses the gate writes itself: S3 errors, and the success
 * response to a POST upload as `success_action_redirect` and
 * `success_action_status` select it.
 */

import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import type { FormFields } from './form-fields';
import {
  renderErrorXml,
  renderXmlDocument,
  type RequestIds,
  type S3Error,
} from './s3-error';

/** Returns fresh ids in the format S3 uses. */
export function newRequestIds(): RequestIds {
  return {
    requestId: randomBytes(8).toString('hex').toUpperCase(),
    hostId: randomBytes(57).toString('base64'),
  };
}

/** Headers that S3 puts on every response. */
export function standardHeaders(ids: RequestIds): Record<string, string> {
  return {
    'x-amz-request-id': ids.requestId,
    'x-amz-id-2': ids.hostId,
    Server: 'AmazonS3',
  };
}

/** Writes an S3 error response, unless the connection is already gone. */
export function sendError(
  response: ServerResponse,
  error: S3Error,
  ids: RequestIds,
  extraHeaders: Record<string, string> = {},
): void {
  if (response.headersSent || response.destroyed) {
    return;
  }

  const body = renderErrorXml(error, ids);
  response.writeHead(error.status, {
    ...standardHeaders(ids),
    ...extraHeaders,
    'Content-Type': 'application/xml',
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}

export type StoredUpload = {
  bucket: string;
  key: string;
  /** Quoted, as in the ETag header. */
  eTag: string;
  /** Base of the object URL, e.g. `http://127.0.0.1:4568`. */
  origin: string;
  fields: FormFields;
};

export type SuccessResponse = {
  status: number;
  headers: Record<string, string>;
  body: string;
};

/**
 * Composes S3's response to a stored POST upload: a 303 to an absolute
 * `success_action_redirect` (or legacy `redirect`) URL, otherwise the
 * `success_action_status` of 200, 201 (with an XML body) or, for any other
 * value or none, 204.
 */
export function composeSuccessResponse(upload: StoredUpload): SuccessResponse {
  const location = `${upload.origin}/${upload.bucket}/${formEncode(upload.key)}`;
  const headers: Record<string, string> = {
    ETag: upload.eTag,
    Location: location,
  };

  const redirect =
    upload.fields.get('success_action_redirect') ??
    upload.fields.get('redirect');
  if (redirect !== undefined && URL.canParse(redirect)) {
    const query = new URLSearchParams({
      bucket: upload.bucket,
      key: upload.key,
      etag: upload.eTag,
    });
    const separator = redirect.includes('?') ? '&' : '?';
    headers.Location = `${redirect}${separator}${query.toString()}`;

    return { status: 303, headers, body: '' };
  }

  const status = upload.fields.get('success_action_status');
  if (status === '201') {
    const body = renderXmlDocument('PostResponse', [
      ['Location', location],
      ['Bucket', upload.bucket],
      ['Key', upload.key],
      ['ETag', upload.eTag],
    ]);
    headers['Content-Type'] = 'application/xml';

    return { status: 201, headers, body };
  }

  return { status: status === '200' ? 200 : 204, headers, body: '' };
}

/**
 * Encodes a key for `Location` as S3 does, form style: only letters,
 * digits and `. - _ *` stay, a space becomes `+`, and `/` becomes `%2F`.
 */
export function formEncode(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()~]/g, (character) => {
      const hex = character.charCodeAt(0).toString(16).toUpperCase();

      return `%${hex}`;
    })
    .replace(/%20/g, '+');
}

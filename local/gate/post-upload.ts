/**
 * Handles a browser POST upload: receive and check it while it streams to
 * disk, make it the object only when every check passed, respond as S3
 * does, and publish the ObjectCreated:Post record.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';

import {
  composeSuccessResponse,
  newRequestIds,
  sendError,
  standardHeaders,
} from './responses';
import { corsHeaders } from './cors';
import type { KeyedLock } from '../keyed-lock';
import type { EventDelivery } from './event-delivery';
import type { GateSettings } from './options';
import { checkPostForm } from './post-check';
import { noSuchBucket } from './post-errors';
import { receiveUpload } from './post-form';
import { objectMetadata, type ObjectStore } from './object-write';
import { toS3Error } from './upstream';

export type UploadContext = {
  settings: GateSettings;
  /** The gate's own URL, for a request without a Host header. */
  gateUrl: string;
  store: ObjectStore;
  events: EventDelivery;
  /** Changes of one key in progress, one at a time. */
  changes: KeyedLock;
};

export async function handlePostUpload(
  request: IncomingMessage,
  response: ServerResponse,
  bucket: string,
  context: UploadContext,
): Promise<void> {
  const { settings, store, events } = context;
  const ids = newRequestIds();
  const cors = corsHeaders(request.headers.origin, settings.allowedOrigins);
  const log = settings.logger;

  if (bucket !== settings.bucket) {
    request.resume();
    sendError(response, noSuchBucket(bucket), ids, cors);

    return;
  }

  const outcome = await receiveUpload(request, {
    startWrite: (accepted) =>
      store.startWrite(bucket, accepted.key, objectMetadata(accepted.fields)),
    checkForm: (fields, file) =>
      checkPostForm(fields, file, {
        bucket,
        region: settings.region,
        credentials: settings.credentials,
        now: settings.clock(),
      }),
  });

  if (outcome.status === 'aborted') {
    log.info('POST upload aborted by the client', {
      requestId: ids.requestId,
      error: outcome.cause,
    });

    return;
  }
  if (outcome.status === 'rejected') {
    log.info('POST upload rejected', {
      requestId: ids.requestId,
      code: outcome.error.code,
      message: outcome.error.message,
    });
    sendError(response, outcome.error, ids, cors);

    return;
  }

  const { accepted, object, size } = outcome;
  // One change of a key at a time, so that the sequencers of its records
  // follow the order in which the changes were stored.
  await context.changes.run(accepted.key, async () => {
    let eTag: string;
    try {
      eTag = await object.commit();
    } catch (error) {
      log.error('Storing a POST upload failed', {
        requestId: ids.requestId,
        key: accepted.key,
        error,
      });
      sendError(response, toS3Error(error), ids, cors);

      return;
    }

    const success = composeSuccessResponse({
      bucket,
      key: accepted.key,
      eTag,
      origin: request.headers.host
        ? `http://${request.headers.host}`
        : context.gateUrl,
      fields: accepted.fields,
    });
    if (!response.destroyed) {
      response.writeHead(success.status, {
        ...standardHeaders(ids),
        'x-amz-server-side-encryption': 'AES256',
        ...success.headers,
        ...cors,
        'Content-Length': Buffer.byteLength(success.body),
      });
      response.end(success.body);
    }

    events.publish({
      eventName: 'ObjectCreated:Post',
      bucket,
      key: accepted.key,
      size,
      eTag,
      requestId: ids.requestId,
      hostId: ids.hostId,
      accessKeyId: accepted.accessKeyId,
      sourceIpAddress: request.socket.remoteAddress ?? '127.0.0.1',
    });
    log.debug('POST upload stored', {
      requestId: ids.requestId,
      key: accepted.key,
      size,
    });
  });
}

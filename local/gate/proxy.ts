/**
 * Passes every request that is not a browser POST upload to the upstream
 * S3 server, streaming both ways, and publishes the event records for the
 * changes S3 would notify about: PutObject, CopyObject,
 * CompleteMultipartUpload, DeleteObject and each key of DeleteObjects.
 */

import { once } from 'node:events';
import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { pipeline } from 'node:stream/promises';

import { newRequestIds, sendError } from './responses';
import type { KeyedLock } from '../keyed-lock';
import type { EventDelivery } from './event-delivery';
import type { EventName } from './event-records';
import type { GateSettings } from './options';
import { internalError } from './post-errors';
import { unescapeXml, type RequestIds } from './s3-error';
import type { Upstream } from './upstream';

export type ProxyContext = {
  settings: GateSettings;
  upstream: Upstream;
  events: EventDelivery;
  /** Changes of one key in progress, one at a time. */
  changes: KeyedLock;
};

/** A request that changes objects, if it succeeds. */
type TrackedChange =
  | { kind: 'Put' | 'Copy' | 'CompleteMultipartUpload' | 'Delete'; key: string }
  | { kind: 'DeleteObjects' };

/** Headers that belong to one connection and are never forwarded. */
const hopByHopHeaders = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

export async function proxyRequest(
  request: IncomingMessage,
  response: ServerResponse,
  context: ProxyContext,
): Promise<void> {
  const change = classifyChange(request, context.settings.bucket);
  const forward = () => forwardRequest(request, response, context, change);
  // One change of a key at a time, so that the sequencers of its records
  // follow the order in which s3rver made the changes.
  const keys = lockedKeys(change, request, context.settings.bucket);
  const locked = keys.reduceRight(
    (inner, key) => () => context.changes.run(key, inner),
    forward,
  );

  await locked();
}

/**
 * Returns the keys a change must have to itself, sorted, so that two
 * changes that each need two keys take them in one order and cannot
 * deadlock.
 * NOTE: a PutObject does not wait, because it would hold its key for as
 * long as its body takes to arrive. Nor does a DeleteObjects, which names
 * its keys in its body. The records of either may be numbered out of order
 * with another change of the same key at the same time.
 */
function lockedKeys(
  change: TrackedChange | undefined,
  request: IncomingMessage,
  bucket: string,
): string[] {
  if (change === undefined || change.kind === 'DeleteObjects') {
    return [];
  }
  if (change.kind === 'Put') {
    return [];
  }
  if (change.kind !== 'Copy') {
    return [change.key];
  }

  // The source too, so a POST or delete of it cannot land mid-copy.
  const source = parseCopySource(request.headers['x-amz-copy-source']);
  const keys = new Set([change.key]);
  if (source?.bucket === bucket) {
    keys.add(source.key);
  }

  return [...keys].sort();
}

/** Reads `x-amz-copy-source`: `[/]bucket/key[?versionId=...]`, URL-encoded. */
function parseCopySource(
  header: string | string[] | undefined,
): { bucket: string; key: string } | undefined {
  if (typeof header !== 'string') {
    return undefined;
  }

  const [path = ''] = header.split('?');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.replace(/^\//, ''));
  } catch {
    return undefined;
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0) {
    return undefined;
  }

  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

async function forwardRequest(
  request: IncomingMessage,
  response: ServerResponse,
  context: ProxyContext,
  change: TrackedChange | undefined,
): Promise<void> {
  const { upstream, settings } = context;
  const ids = newRequestIds();

  const upstreamRequest = httpRequest({
    protocol: upstream.endpoint.protocol,
    hostname: upstream.endpoint.hostname,
    port: upstream.endpoint.port,
    method: request.method,
    path: request.url,
    headers: forwardableHeaders(request.headers),
    agent: upstream.agent,
  });

  let upstreamResponse: IncomingMessage;
  try {
    const responded = once(upstreamRequest, 'response') as Promise<
      [IncomingMessage]
    >;
    [[upstreamResponse]] = await Promise.all([
      responded,
      pipeline(request, upstreamRequest),
    ]);
  } catch (error) {
    upstreamRequest.destroy();
    if (!request.destroyed && !request.readableAborted) {
      settings.logger.error('Proxying to the upstream S3 server failed', {
        requestId: ids.requestId,
        method: request.method,
        url: request.url,
        error,
      });
      sendError(response, internalError(error), ids);
    }

    return;
  }

  const status = upstreamResponse.statusCode ?? 502;
  const headers = forwardableHeaders(upstreamResponse.headers);
  headers['x-amz-request-id'] ??= ids.requestId;
  headers['x-amz-id-2'] ??= ids.hostId;
  const responseIds: RequestIds = {
    requestId: String(headers['x-amz-request-id']),
    hostId: String(headers['x-amz-id-2']),
  };
  const isSuccess = status >= 200 && status < 300;

  // The records are published before the response is sent, so a client
  // that has the response can wait for its events with `flushEvents`.
  if (change?.kind === 'DeleteObjects' && isSuccess) {
    // A DeleteObjects result is small XML (at most 1000 keys), so it is
    // read whole for its keys.
    const body = await readBody(upstreamResponse);
    await publishChange(change, request, responseIds, context, body);
    response.writeHead(status, headers);
    response.end(body);

    return;
  }
  if (change && isSuccess) {
    await publishChange(change, request, responseIds, context, undefined);
  }

  response.writeHead(status, headers);
  try {
    await pipeline(upstreamResponse, response);
  } catch (error) {
    settings.logger.debug('Sending a proxied response failed', {
      requestId: responseIds.requestId,
      error,
    });
  }
}

async function readBody(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
  }

  return Buffer.concat(chunks);
}

/**
 * Tells which change a request makes in the gate's bucket, if any. The
 * SDK's `x-id` and presigned `X-Amz-*` query parameters do not count as
 * subresources.
 */
function classifyChange(
  request: IncomingMessage,
  bucket: string,
): TrackedChange | undefined {
  const url = new URL(request.url ?? '/', 'http://gate.invalid');
  const target = parseObjectPath(url.pathname);
  if (target?.bucket !== bucket) {
    return undefined;
  }

  const subresources = [...url.searchParams.keys()].filter(
    (name) => name !== 'x-id' && !name.toLowerCase().startsWith('x-amz-'),
  );
  const key = target.key;
  const method = request.method;

  if (key === undefined) {
    const isDeleteObjects =
      method === 'POST' &&
      subresources.length === 1 &&
      subresources[0] === 'delete';

    return isDeleteObjects ? { kind: 'DeleteObjects' } : undefined;
  }
  if (method === 'PUT' && subresources.length === 0) {
    const isCopy = request.headers['x-amz-copy-source'] !== undefined;

    return { kind: isCopy ? 'Copy' : 'Put', key };
  }
  if (method === 'DELETE' && subresources.length === 0) {
    return { kind: 'Delete', key };
  }
  if (method === 'POST' && subresources.includes('uploadId')) {
    return { kind: 'CompleteMultipartUpload', key };
  }

  return undefined;
}

/** Splits a path-style URL path into bucket and key, both decoded. */
export function parseObjectPath(
  pathname: string,
): { bucket: string; key: string | undefined } | undefined {
  const match = /^\/([^/]+)(?:\/(.*))?$/.exec(pathname);
  if (!match) {
    return undefined;
  }

  try {
    const bucket = decodeURIComponent(match[1]!);
    const rawKey = match[2];
    const key = rawKey ? decodeURIComponent(rawKey) : undefined;

    return { bucket, key };
  } catch {
    return undefined;
  }
}

async function publishChange(
  change: TrackedChange,
  request: IncomingMessage,
  ids: RequestIds,
  context: ProxyContext,
  deleteResult: Buffer | undefined,
): Promise<void> {
  const { settings, upstream, events } = context;
  const base = {
    bucket: settings.bucket,
    requestId: ids.requestId,
    hostId: ids.hostId,
    accessKeyId: readAccessKeyId(request),
    sourceIpAddress: request.socket.remoteAddress ?? '127.0.0.1',
  };

  // NOTE: S3's events for deleting a key that does not exist are not
  // captured; the gate reports every key that the delete reports.
  if (change.kind === 'Delete') {
    events.publish({
      ...base,
      eventName: 'ObjectRemoved:Delete',
      key: change.key,
    });

    return;
  }
  if (change.kind === 'DeleteObjects') {
    for (const key of readDeletedKeys(deleteResult?.toString('utf8') ?? '')) {
      events.publish({ ...base, eventName: 'ObjectRemoved:Delete', key });
    }

    return;
  }

  // The stored size and ETag are read back: a copy and a completed
  // multipart upload do not report the size, and an aws-chunked PutObject
  // body is longer than the object.
  try {
    const stored = await upstream.headObject(settings.bucket, change.key);
    if (stored === undefined) {
      return;
    }
    const eventName: EventName = `ObjectCreated:${change.kind}`;
    events.publish({ ...base, eventName, key: change.key, ...stored });
  } catch (error) {
    settings.logger.error('Reading a stored object for its event failed', {
      requestId: ids.requestId,
      key: change.key,
      error,
    });
  }
}

/** Reads the keys of the `<Deleted>` entries of a DeleteObjects response. */
export function readDeletedKeys(xml: string): string[] {
  const keys: string[] = [];
  for (const [, entry] of xml.matchAll(/<Deleted>([\s\S]*?)<\/Deleted>/g)) {
    const key = /<Key>([\s\S]*?)<\/Key>/.exec(entry ?? '')?.[1];
    if (key !== undefined) {
      keys.push(unescapeXml(key));
    }
  }

  return keys;
}

/** Returns the access key id of a SigV4-signed or presigned request. */
function readAccessKeyId(request: IncomingMessage): string | undefined {
  const authorization = request.headers.authorization ?? '';
  const fromHeader = /Credential=([^/,\s]+)\//.exec(authorization)?.[1];
  if (fromHeader) {
    return fromHeader;
  }

  const url = new URL(request.url ?? '/', 'http://gate.invalid');
  const credential = url.searchParams.get('X-Amz-Credential');

  return credential?.split('/')[0] || undefined;
}

function forwardableHeaders(
  headers: IncomingHttpHeaders,
): Record<string, string | string[]> {
  const forwarded: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !hopByHopHeaders.has(name)) {
      forwarded[name] = value;
    }
  }

  return forwarded;
}

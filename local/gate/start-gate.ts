/**
 * The gate's HTTP server. Browser POST uploads to the bucket URL and their
 * CORS preflights are checked and handled here. Every other request goes to
 * the upstream S3 server.
 */

import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

import { newRequestIds, sendError, standardHeaders } from './responses';
import { checkPreflight } from './cors';
import { EventDelivery } from './event-delivery';
import { resolveGateOptions, type GateOptions } from './options';
import { internalError } from './post-errors';
import { handlePostUpload, type UploadContext } from './post-upload';
import { KeyedLock } from '../keyed-lock';
import { ObjectStore } from './object-write';
import { parseObjectPath, proxyRequest, type ProxyContext } from './proxy';
import { S3Error } from './s3-error';
import { Upstream } from './upstream';

export type Gate = {
  /** `http://host:port`, the S3 endpoint that clients use. */
  url: string;
  port: number;
  /** Resolves once every event published so far has been delivered. */
  flushEvents(): Promise<void>;
  /**
   * Stops accepting requests, ends open connections, waits for requests in
   * progress (so their PutObjects are committed or aborted) and for event
   * deliveries.
   */
  stop(): Promise<void>;
};

/** Starts the gate; resolves once it listens. */
export async function startGate(options: GateOptions): Promise<Gate> {
  const settings = resolveGateOptions(options);

  const upstream = new Upstream({
    endpoint: settings.upstreamEndpoint,
    region: settings.region,
    credentials: settings.upstreamCredentials,
  });
  const events = new EventDelivery(settings);
  const context: GateContext = {
    settings,
    upstream,
    store: new ObjectStore(settings.storeDirectory),
    events,
    changes: new KeyedLock(),
    gateUrl: '',
  };
  const inProgress = new Set<Promise<void>>();

  // No time limit on a request: a large upload over a slow home uplink may
  // take far longer than Node's default of five minutes.
  const server = createServer({ requestTimeout: 0 }, (request, response) => {
    const handling = route(request, response, context).catch((error) => {
      settings.logger.error('Request failed', {
        method: request.method,
        url: request.url,
        error,
      });
      sendError(response, internalError(error), newRequestIds());
    });
    inProgress.add(handling);
    void handling.finally(() => inProgress.delete(handling));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostPart = settings.host.includes(':')
    ? `[${settings.host}]`
    : settings.host;
  const url = `http://${hostPart}:${port}`;
  context.gateUrl = url;
  settings.logger.info('S3 gate started', {
    url,
    upstream: settings.upstreamEndpoint,
    storeDirectory: settings.storeDirectory,
    bucket: settings.bucket,
  });

  return {
    url,
    port,
    flushEvents: () => events.flush(),
    async stop() {
      const closed = new Promise<void>((resolve) =>
        server.close(() => resolve()),
      );
      server.closeAllConnections();
      await closed;
      await Promise.all(inProgress);
      await events.flush();
      upstream.destroy();
      settings.logger.info('S3 gate stopped', { url });
    },
  };
}

type GateContext = UploadContext & ProxyContext;

async function route(
  request: IncomingMessage,
  response: ServerResponse,
  context: GateContext,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://gate.invalid');
  const target = parseObjectPath(url.pathname);
  const isBucketUrl =
    target !== undefined && target.key === undefined && url.search === '';

  if (isBucketUrl && request.method === 'POST') {
    await handlePostUpload(request, response, target.bucket, context);

    return;
  }
  if (
    isBucketUrl &&
    request.method === 'OPTIONS' &&
    request.headers['access-control-request-method'] === 'POST'
  ) {
    respondToUploadPreflight(request, response, context);

    return;
  }

  await proxyRequest(request, response, context);
}

function respondToUploadPreflight(
  request: IncomingMessage,
  response: ServerResponse,
  context: UploadContext,
): void {
  const ids = newRequestIds();
  const preflight = checkPreflight(
    request.headers,
    context.settings.allowedOrigins,
  );
  if (preflight instanceof S3Error) {
    sendError(response, preflight, ids);

    return;
  }

  response.writeHead(200, {
    ...standardHeaders(ids),
    ...preflight,
    'Content-Length': 0,
  });
  response.end();
}

/** Listening and closing for the local stack's HTTP servers. */

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { PortInUseError } from './errors';

export type Listener = {
  /** Human name of the service, used in messages. */
  service: string;
  /** Environment variable that sets the port, used in messages. */
  variable: string;
};

/**
 * Starts `server` on `host:port` and returns the port it got, which differs
 * from `port` only when `port` is 0. A taken port becomes a
 * `PortInUseError` that names the service and the variable to change.
 */
export function listen(
  server: Server,
  host: string,
  port: number,
  listener: Listener,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(new PortInUseError({ port, ...listener }, { cause: error }));
      } else {
        reject(error);
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };

    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Stops `server` and drops its open connections, including idle keep-alive
 * ones that SDK clients hold, which would otherwise keep it open.
 */
export function close(server: Server): Promise<void> {
  if (!server.listening) {
    return Promise.resolve();
  }

  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/** Returns `http://host:port`, with brackets around an IPv6 host. */
export function httpUrl(host: string, port: number): string {
  const hostPart = host.includes(':') ? `[${host}]` : host;

  return `http://${hostPart}:${port}`;
}

/** Reads a request or response body as text. */
export async function readBody(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }

  return Buffer.concat(chunks).toString('utf8');
}

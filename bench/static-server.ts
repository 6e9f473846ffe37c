/**
 * A static file server for a production build on loopback, so the browser
 * section loads the app as a deployment serves it: minified, without
 * Vite's dev server.
 */

import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export type StaticServer = { origin: string; close(): Promise<void> };

/**
 * Serves `root` on 127.0.0.1 at a free port. `/amplify_outputs.json` comes
 * from `readOutputs` on every request, because the stack that writes it
 * starts after the server, once the app's origin is known.
 */
export async function startStaticServer(
  root: string,
  readOutputs: () => Promise<Buffer>,
): Promise<StaticServer> {
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const respond = async () => {
      if (pathname === '/amplify_outputs.json') {
        return { body: await readOutputs(), type: contentTypes['.json']! };
      }
      const relative = pathname === '/' ? 'index.html' : `.${pathname}`;
      const resolved = path.resolve(root, relative);
      if (!resolved.startsWith(root + path.sep)) {
        throw new Error(`${pathname} is outside the build.`);
      }

      return {
        body: await readFile(resolved),
        type:
          contentTypes[path.extname(resolved)] ?? 'application/octet-stream',
      };
    };
    respond().then(
      ({ body, type }) => {
        response.writeHead(200, { 'Content-Type': type });
        response.end(body);
      },
      () => {
        response.writeHead(404, { 'Content-Type': 'text/plain' });
        response.end(`${pathname} not found in the build.`);
      },
    );
  });
  await listen(server);
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}

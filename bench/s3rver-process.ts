/**
 * Runs s3rver in a child process, so that neither the benchmark client nor
 * the gate shares its event loop. The parent learns its endpoint over IPC.
 */

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import S3rver from 's3rver';

import { patchS3rver } from '../local/s3/s3rver-patches';

export type S3rverProcessMessage = { type: 'ready'; endpoint: string };

const directory = process.env.BENCH_S3RVER_DIR;
const bucket = process.env.BENCH_BUCKET;
if (!directory || !bucket || !process.send) {
  throw new Error(
    's3rver-process.ts runs only under the benchmark, which forks it with ' +
      'BENCH_S3RVER_DIR and BENCH_BUCKET set.',
  );
}

// Patched as in the local stack, so PutObject straight into s3rver writes
// through a temporary file, as the gate's POST uploads do.
patchS3rver();
const s3rver = new S3rver({
  directory,
  silent: true,
  configureBuckets: [{ name: bucket }],
});
await s3rver.configureBuckets();

const server = createServer(s3rver.callback());
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  const message: S3rverProcessMessage = {
    type: 'ready',
    endpoint: `http://127.0.0.1:${port}`,
  };
  process.send!(message);
});

process.on('disconnect', () => {
  server.close();
  server.closeAllConnections();
  s3rver.logger.exceptions.unhandle();
  s3rver.logger.close();
});

/**
 * Runs the S3 gate alone in a child process, so the benchmark can read the
 * gate's own memory. Settings come from the environment; the parent talks
 * to it over the IPC channel that `fork` opens.
 */

import { startGate } from '../local/gate';
import { silentLogger } from '../local/gate/logger';

/** The parent closes the IPC channel to stop the gate. */
export type GateProcessRequest = { type: 'memory' };

export type GateProcessMessage =
  | { type: 'ready'; url: string }
  | {
      type: 'memory';
      /** Peak resident set size over the whole process life. */
      maxRssBytes: number;
      /** Largest RSS sampled since the previous memory request. */
      sampledPeakRssBytes: number;
      rssBytes: number;
    };

/** How often the RSS is sampled between memory requests. */
const sampleIntervalMs = 20;

const upstreamEndpoint = process.env.BENCH_UPSTREAM_ENDPOINT;
const storeDirectory = process.env.BENCH_S3RVER_DIR;
const bucket = process.env.BENCH_BUCKET;
if (!upstreamEndpoint || !storeDirectory || !bucket || !process.send) {
  throw new Error(
    'gate-process.ts runs only under the benchmark, which forks it with ' +
      'BENCH_UPSTREAM_ENDPOINT, BENCH_S3RVER_DIR and BENCH_BUCKET set.',
  );
}

const gate = await startGate({
  upstreamEndpoint,
  storeDirectory,
  bucket,
  logger: silentLogger,
});

const send = (message: GateProcessMessage) => process.send!(message);

let sampledPeakRssBytes = process.memoryUsage.rss();
const sampler = setInterval(() => {
  sampledPeakRssBytes = Math.max(
    sampledPeakRssBytes,
    process.memoryUsage.rss(),
  );
}, sampleIntervalMs);

process.on('message', (request: GateProcessRequest) => {
  if (request.type === 'memory') {
    const rssBytes = process.memoryUsage.rss();
    send({
      type: 'memory',
      // resourceUsage reports maxRSS in kilobytes.
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      sampledPeakRssBytes: Math.max(sampledPeakRssBytes, rssBytes),
      rssBytes,
    });
    sampledPeakRssBytes = rssBytes;
  }
});

process.on('disconnect', () => {
  clearInterval(sampler);
  void gate.stop();
});

send({ type: 'ready', url: gate.url });

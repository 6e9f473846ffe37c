/**
 * Benchmark section `gate`: browser POST uploads through the local S3 gate
 * against PutObject straight into s3rver, in the same run. s3rver and the
 * gate each run in their own child process, so the gate's peak memory is
 * its own; the client runs in the benchmark process.
 */

import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

import {
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';

import type { GateProcessMessage, GateProcessRequest } from './gate-process';
import { compare, type SectionOptions, type SectionResult } from './results';
import type { S3rverProcessMessage } from './s3rver-process';

const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/** Largest peak RSS of the gate process that meets the target. */
const maxGateRssBytes = 150 * 1000 ** 2;
/** Largest upload time through the gate, relative to PutObject. */
const maxTimeRatio = 1.15;

const bucket = 'shoebox-bench';
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const benchDir = path.dirname(fileURLToPath(import.meta.url));

type Workload = {
  largeFileBytes: number;
  repetitions: number;
  smallFileCount: number;
  smallFileBytes: number;
  /** Uploads in flight at once, like a browser's upload queue. */
  concurrency: number;
};

const fullWorkload: Workload = {
  largeFileBytes: GiB,
  repetitions: 3,
  smallFileCount: 200,
  smallFileBytes: 256 * KiB,
  concurrency: 4,
};

const quickWorkload: Workload = {
  largeFileBytes: 16 * MiB,
  repetitions: 1,
  smallFileCount: 20,
  smallFileBytes: 64 * KiB,
  concurrency: 4,
};

export async function runGateSection(
  options: SectionOptions,
): Promise<SectionResult> {
  const workload = options.quick ? quickWorkload : fullWorkload;
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'shoebox-bench-'));
  const children: ChildProcess[] = [];

  try {
    const s3rverDir = path.join(workDir, 's3rver');
    const s3rver = await forkChild<S3rverProcessMessage>(
      's3rver-process.ts',
      { BENCH_S3RVER_DIR: s3rverDir, BENCH_BUCKET: bucket },
      [],
    );
    children.push(s3rver.child);
    const gate = await forkChild<GateProcessMessage>(
      'gate-process.ts',
      {
        BENCH_UPSTREAM_ENDPOINT: s3rver.ready.endpoint,
        BENCH_S3RVER_DIR: s3rverDir,
        BENCH_BUCKET: bucket,
      },
      options.profileDir
        ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`]
        : [],
    );
    children.push(gate.child);
    const gateUrl = gate.ready.type === 'ready' ? gate.ready.url : '';

    const runner = new UploadRunner(s3rver.ready.endpoint, gateUrl);
    try {
      return await measure(runner, workload, workDir, gate.child, options);
    } finally {
      runner.destroy();
    }
  } finally {
    await Promise.all(children.map(stopChild));
    await rm(workDir, { recursive: true, force: true });
  }
}

async function measure(
  runner: UploadRunner,
  workload: Workload,
  workDir: string,
  gate: ChildProcess,
  options: SectionOptions,
): Promise<SectionResult> {
  const largeFile = path.join(workDir, 'large.bin');
  await writeRandomFile(largeFile, workload.largeFileBytes);
  const largeLabel = formatBytes(workload.largeFileBytes);
  const atStart = await askMemory(gate);

  const direct: number[] = [];
  const throughGate: number[] = [];
  const rejectedAtEnd: number[] = [];
  for (let run = 1; run <= workload.repetitions; run += 1) {
    options.log(`gate: ${largeLabel} run ${run} of ${workload.repetitions}`);
    direct.push(await runner.putFile('large/direct.bin', largeFile));
    throughGate.push(await runner.postFile('large/gate.bin', largeFile));
    rejectedAtEnd.push(
      await runner.postFileTooSmall('large/too-small.bin', largeFile),
    );
    // Outside the clock: a time only counts if the bytes were stored.
    await runner.expectSameObject('large/direct.bin', 'large/gate.bin');
    await runner.expectAbsent('large/too-small.bin');
  }
  const memory = await askMemory(gate);

  options.log(
    `gate: ${workload.smallFileCount} files of ${formatBytes(workload.smallFileBytes)}`,
  );
  const small = randomBytes(workload.smallFileBytes);
  const smallDirect = await runner.putMany(small, workload);
  const smallGate = await runner.postMany(small, workload);

  const putObject = (value: number) => ({
    name: 'PutObject straight into s3rver',
    value,
  });

  return {
    section: 'gate',
    date: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    figures: [
      compare(
        {
          name: `${largeLabel} POST through the gate`,
          value: median(throughGate),
          unit: 's',
          baseline: putObject(median(direct)),
        },
        maxTimeRatio,
      ),
      compare({
        name: `${largeLabel} written, then rejected as too small`,
        value: median(rejectedAtEnd),
        unit: 's',
        baseline: putObject(median(direct)),
      }),
      {
        name: 'gate peak RSS',
        value: memory.maxRssBytes / 1000 ** 2,
        unit: 'MB',
        target: `< ${maxGateRssBytes / 1000 ** 2} MB`,
        isMet: memory.maxRssBytes < maxGateRssBytes,
      },
      {
        name: 'gate RSS before uploads',
        value: atStart.rssBytes / 1000 ** 2,
        unit: 'MB',
      },
      {
        name: `gate peak RSS sampled during ${largeLabel} uploads`,
        value: memory.sampledPeakRssBytes / 1000 ** 2,
        unit: 'MB',
      },
      compare(
        {
          name: `${workload.smallFileCount} x ${formatBytes(workload.smallFileBytes)} POST through the gate`,
          value: smallGate,
          unit: 's',
          baseline: putObject(smallDirect),
        },
        maxTimeRatio,
      ),
    ],
    notes: [
      `Large-file times are the median of ${workload.repetitions} runs; each run does PutObject, then the POST, then a POST whose policy needs one byte more than the file.`,
      `Small files go ${workload.concurrency} at a time; POST policies are signed before the clock starts.`,
      'Peak RSS is the gate process maxRSS over its whole life, start-up included; the gate runs under tsx, as in the local stack. The sampled peak reads the RSS every 20 ms.',
    ],
  };
}

/** Uploads from the benchmark process: SDK PutObject, or multipart POST. */
class UploadRunner {
  private readonly direct: S3Client;
  private readonly signer: S3Client;

  constructor(s3rverEndpoint: string, gateUrl: string) {
    this.direct = sdkClient(s3rverEndpoint);
    this.signer = sdkClient(gateUrl);
  }

  /** Returns the seconds PutObject takes to store `file` under `key`. */
  async putFile(key: string, file: string): Promise<number> {
    const { size } = await stat(file);

    return timeSeconds(() =>
      this.direct.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: createReadStream(file, { highWaterMark: MiB }),
          ContentLength: size,
        }),
      ),
    );
  }

  /** Returns the seconds a POST upload of `file` takes through the gate. */
  async postFile(key: string, file: string): Promise<number> {
    return this.timePost(key, file, 0, 204);
  }

  /**
   * Returns the seconds the gate takes to write `file` when the policy
   * needs one byte more, so it drops the written bytes at the end and
   * nothing is stored.
   */
  async postFileTooSmall(key: string, file: string): Promise<number> {
    return this.timePost(key, file, 1, 400);
  }

  /** Throws unless s3rver stores both objects with the same size and ETag. */
  async expectSameObject(expectedKey: string, actualKey: string) {
    const [expected, actual] = await Promise.all(
      [expectedKey, actualKey].map((Key) =>
        this.direct.send(new HeadObjectCommand({ Bucket: bucket, Key })),
      ),
    );
    if (
      expected?.ETag !== actual?.ETag ||
      expected?.ContentLength !== actual?.ContentLength
    ) {
      throw new Error(
        `The gate stored ${actualKey} with ETag ${actual?.ETag} and ` +
          `${actual?.ContentLength} bytes, but PutObject stored the same ` +
          `file with ETag ${expected?.ETag} and ${expected?.ContentLength} bytes.`,
      );
    }
  }

  /** Throws if s3rver stores an object under `key`. */
  async expectAbsent(key: string) {
    const stored = await this.direct
      .send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
      .then(
        () => true,
        (error: unknown) => {
          if (error instanceof NotFound) {
            return false;
          }
          throw error;
        },
      );
    if (stored) {
      throw new Error(`The gate stored ${key}, which it should have rejected.`);
    }
  }

  async putMany(body: Buffer, workload: Workload): Promise<number> {
    return timeSeconds(() =>
      inBatches(workload, (index) =>
        this.direct.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: `small/direct-${index}.bin`,
            Body: body,
          }),
        ),
      ),
    );
  }

  async postMany(body: Buffer, workload: Workload): Promise<number> {
    const forms = await Promise.all(
      Array.from({ length: workload.smallFileCount }, (_, index) =>
        this.sign(`small/gate-${index}.bin`, body.length, 0),
      ),
    );

    return timeSeconds(() =>
      inBatches(workload, async (index) => {
        const form = forms[index]!;
        const status = await postMultipart(form.url, form.fields, {
          size: body.length,
          chunks: () => [body],
        });
        expectStatus(status, 204);
      }),
    );
  }

  destroy(): void {
    this.direct.destroy();
    this.signer.destroy();
  }

  private async timePost(
    key: string,
    file: string,
    extraMinBytes: number,
    expectedStatus: number,
  ): Promise<number> {
    const { size } = await stat(file);
    const form = await this.sign(key, size, extraMinBytes);

    return timeSeconds(async () => {
      const status = await postMultipart(form.url, form.fields, {
        size,
        chunks: () => createReadStream(file, { highWaterMark: MiB }),
      });
      expectStatus(status, expectedStatus);
    });
  }

  /** Signs a policy for exactly `size` bytes, as the session API does. */
  private sign(key: string, size: number, extraMinBytes: number) {
    return createPresignedPost(this.signer, {
      Bucket: bucket,
      Key: key,
      Conditions: [['content-length-range', size + extraMinBytes, size]],
    });
  }
}

function sdkClient(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    // s3rver 3.7 would store the aws-chunked framing that checksums add.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * POSTs a multipart form the way a browser does, fields first and the file
 * last, streaming the file. Returns the response status.
 */
async function postMultipart(
  url: string,
  fields: Record<string, string>,
  file: { size: number; chunks: () => AsyncIterable<Buffer> | Buffer[] },
): Promise<number> {
  const boundary = `----WebKitFormBoundary${randomBytes(8).toString('hex')}`;
  const fieldParts = Object.entries(fields).map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const head = Buffer.from(
    `${fieldParts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="upload.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);

  const request = httpRequest(url, {
    method: 'POST',
    headers: {
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': head.length + file.size + tail.length,
    },
  });
  const responded = once(request, 'response');
  request.write(head);
  for await (const chunk of file.chunks()) {
    if (!request.write(chunk)) {
      await once(request, 'drain');
    }
  }
  request.end(tail);

  const [response] = (await responded) as [IncomingMessage];
  response.resume();
  await finished(response);

  return response.statusCode ?? 0;
}

function expectStatus(status: number, expected: number): void {
  if (status !== expected) {
    throw new Error(
      `The gate returned HTTP ${status} where ${expected} was expected; ` +
        'run the gate tests to find the failing check.',
    );
  }
}

async function inBatches(
  workload: Workload,
  upload: (index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < workload.smallFileCount) {
      const index = next;
      next += 1;
      await upload(index);
    }
  };

  await Promise.all(Array.from({ length: workload.concurrency }, worker));
}

async function timeSeconds(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();

  return (performance.now() - start) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);

  return sorted.length % 2 === 1
    ? sorted[middle]!
    : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Writes `size` random bytes, 8 MiB of randomness repeated. */
async function writeRandomFile(file: string, size: number): Promise<void> {
  const block = randomBytes(Math.min(size, 8 * MiB));
  const output = createWriteStream(file);
  for (let written = 0; written < size; written += block.length) {
    const chunk = block.subarray(0, Math.min(block.length, size - written));
    if (!output.write(chunk)) {
      await once(output, 'drain');
    }
  }
  output.end();
  await finished(output);
}

function formatBytes(bytes: number): string {
  if (bytes >= GiB) {
    return `${bytes / GiB} GiB`;
  }
  if (bytes >= MiB) {
    return `${bytes / MiB} MiB`;
  }

  return `${bytes / KiB} KiB`;
}

type Child<Ready> = { child: ChildProcess; ready: Ready };

/** Forks a TypeScript entry of this folder and waits for its ready message. */
async function forkChild<Ready extends { type: string }>(
  entry: string,
  environment: Record<string, string>,
  nodeOptions: string[],
): Promise<Child<Ready>> {
  const child = fork(path.join(benchDir, entry), [], {
    execArgv: ['--import', 'tsx', ...nodeOptions],
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [ready] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`${entry} exited with code ${code} before it was ready.`);
    }),
  ])) as [Ready];

  return { child, ready };
}

async function askMemory(
  gate: ChildProcess,
): Promise<Extract<GateProcessMessage, { type: 'memory' }>> {
  const request: GateProcessRequest = { type: 'memory' };
  gate.send(request);
  const [message] = (await once(gate, 'message')) as [GateProcessMessage];
  if (message.type !== 'memory') {
    throw new Error(`The gate process sent "${message.type}" for memory.`);
  }

  return message;
}

/**
 * Closes a child's IPC channel, which makes it stop its server and exit,
 * and waits for the exit.
 */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }

  const exited = once(child, 'exit');
  if (child.connected) {
    child.disconnect();
  }
  await exited;
}

/**
 * Benchmark section `session`: `PUT /session` against the local stack with
 * batches of 1, 100 and 1,000 files, with the DynamoDB requests each batch
 * sends. The baseline signs the same number of POST policies in this
 * process, the work that remains without the table and the API.
 */

import { createPresignedPost } from '@aws-sdk/s3-presigned-post';

import type { SessionResponse } from '../amplify/core/api';
import { callSession } from '../local/test-support';
import { startBenchStack, type BenchStack } from './bench-stack';
import type { DynamoCount } from './dynamo-counter';
import type { Figure, SectionOptions, SectionResult } from './results';
import { median, percentile, timeMs } from './stats';

/** Largest batch the section sends in one request. */
const maxBatchFiles = 1000;
/** The app's default `VITE_SHOEBOX_SESSION_BATCH_SIZE`. */
const appBatchFiles = 250;
/** Target: a 1,000-file batch in under this time. */
const maxLargeBatchMs = 1000;
/** Target: DynamoDB item writes per granted file. */
const maxWritesPerFile = 2;

type Workload = {
  /** Batch size and how often it is sent. */
  batches: { files: number; repetitions: number }[];
  /** Requests sent before measuring, to warm the JIT and the connections. */
  warmUps: number;
};

const fullWorkload: Workload = {
  batches: [
    { files: 1, repetitions: 100 },
    { files: 100, repetitions: 20 },
    { files: 1000, repetitions: 9 },
  ],
  warmUps: 5,
};

const quickWorkload: Workload = {
  batches: [
    { files: 1, repetitions: 5 },
    { files: 100, repetitions: 2 },
  ],
  warmUps: 1,
};

type Sample = { ms: number; dynamo: DynamoCount; responseBytes: number };

export async function runSessionSection(
  options: SectionOptions,
): Promise<SectionResult> {
  const workload = options.quick ? quickWorkload : fullWorkload;
  // 1,000 files in one request is over the default limit of 250, which
  // guards the worst case (10 KB per file for 1,024-byte escaped keys).
  // The paths here are short, so the response stays near 1.2 MB.
  const bench = await startBenchStack({
    environment: { SHOEBOX_MAX_FILES_PER_REQUEST: String(maxBatchFiles) },
  });
  try {
    const { idToken } = await bench.signIn('alice@example.com');
    const sender = new BatchSender(bench, idToken);
    for (let i = 0; i < workload.warmUps; i += 1) {
      await sender.send(10);
    }

    const figures: Figure[] = [];
    const operationNotes: string[] = [];
    for (const { files, repetitions } of workload.batches) {
      options.log(`session: ${repetitions} batches of ${files} files`);
      const samples: Sample[] = [];
      for (let i = 0; i < repetitions; i += 1) {
        samples.push(await sender.send(files));
      }
      const signing = await timeMs(() => signPolicies(bench, files));
      figures.push(...describeBatches(files, samples, signing));
      operationNotes.push(
        `DynamoDB requests of the last ${files}-file batch: ` +
          formatOperations(samples.at(-1)!.dynamo),
      );
    }
    if (!options.quick) {
      figures.push(await measureAppBatches(sender, fullWorkload));
    }

    return {
      section: 'session',
      date: new Date().toISOString(),
      mode: options.quick ? 'quick' : 'full',
      figures,
      notes: [
        `Batches per size: ${workload.batches.map((b) => `${b.files} files x ${b.repetitions}`).join(', ')}; p99 is the nearest rank, so the maximum below 100 samples.`,
        'Each batch uses new paths of 1 KiB files, so no path is taken and every file is granted.',
        `SHOEBOX_MAX_FILES_PER_REQUEST is ${maxBatchFiles} for this section so that 1,000 files fit one request; the app sends ${appBatchFiles} per request by default, measured as 4 requests in a row.`,
        'DynamoDB requests are counted on the wire by an SDK middleware on the client that every handler of the stack uses, retries included.',
        ...operationNotes,
      ],
    };
  } finally {
    await bench.stop();
  }
}

/** Sends `PUT /session` batches with paths no earlier batch used. */
class BatchSender {
  private batchNumber = 0;

  constructor(
    private readonly bench: BenchStack,
    private readonly idToken: string,
  ) {}

  async send(fileCount: number): Promise<Sample> {
    this.batchNumber += 1;
    const folder = `bench ${String(this.batchNumber).padStart(4, '0')}`;
    const files = Array.from({ length: fileCount }, (_, i) => ({
      path: `${folder}/IMG_${String(i + 1).padStart(4, '0')}.jpg`,
      size: 1024,
      contentType: 'image/jpeg',
    }));
    this.bench.dynamoCounter.take();

    let text = '';
    const ms = await timeMs(async () => {
      const response = await callSession(this.bench.stack, {
        method: 'PUT',
        token: this.idToken,
        body: { files },
      });
      text = await response.text();
      if (!response.ok) {
        throw new Error(
          `PUT /session of ${fileCount} files failed with ` +
            `${response.status}: ${text.slice(0, 300)}`,
        );
      }
    });
    const dynamo = this.bench.dynamoCounter.take();
    const { uploads } = JSON.parse(text) as SessionResponse;
    const granted = uploads.filter((upload) => upload.state === 'INITIATED');
    if (granted.length !== fileCount) {
      throw new Error(
        `PUT /session granted ${granted.length} of ${fileCount} files; ` +
          'the benchmark needs every file granted.',
      );
    }

    return { ms, dynamo, responseBytes: Buffer.byteLength(text) };
  }
}

function describeBatches(
  files: number,
  samples: Sample[],
  signingMs: number,
): Figure[] {
  const label = `${files.toLocaleString('en')} file${files === 1 ? '' : 's'}`;
  const latencies = samples.map((sample) => sample.ms);
  const medianMs = median(latencies);
  const requestsPerFile = median(
    samples.map((sample) => sample.dynamo.totalRequests / files),
  );
  const writesPerFile = median(
    samples.map((sample) => sample.dynamo.itemWrites / files),
  );
  const baseline = {
    name: `signing ${files} POST policies in Node`,
    value: signingMs,
  };
  const isLargeBatch = files === maxBatchFiles;

  return [
    {
      name: `PUT /session, ${label}: median`,
      value: medianMs,
      unit: 'ms',
      baseline,
      ratio: medianMs / signingMs,
      ...(isLargeBatch && {
        target: `< ${maxLargeBatchMs} ms`,
        isMet: medianMs < maxLargeBatchMs,
      }),
    },
    {
      name: `PUT /session, ${label}: p99`,
      value: percentile(latencies, 99),
      unit: 'ms',
    },
    {
      name: `PUT /session, ${label}: time per file`,
      value: medianMs / files,
      unit: 'ms',
    },
    {
      name: `PUT /session, ${label}: DynamoDB requests per file`,
      value: requestsPerFile,
      unit: 'requests',
    },
    {
      name: `PUT /session, ${label}: DynamoDB item writes per file`,
      value: writesPerFile,
      unit: 'writes',
      target: `<= ${maxWritesPerFile}`,
      isMet: writesPerFile <= maxWritesPerFile,
    },
    {
      name: `PUT /session, ${label}: response size`,
      value: median(samples.map((sample) => sample.responseBytes)) / 1e6,
      unit: 'MB',
    },
  ];
}

/** 1,000 files as the app sends them: 4 requests of 250, one at a time. */
async function measureAppBatches(
  sender: BatchSender,
  workload: Workload,
): Promise<Figure> {
  const repetitions =
    workload.batches.find((batch) => batch.files === maxBatchFiles)
      ?.repetitions ?? 1;
  const totals: number[] = [];
  for (let i = 0; i < repetitions; i += 1) {
    let total = 0;
    for (let sent = 0; sent < maxBatchFiles; sent += appBatchFiles) {
      total += (await sender.send(appBatchFiles)).ms;
    }
    totals.push(total);
  }

  return {
    name: `PUT /session, 1,000 files as 4 x ${appBatchFiles}: median`,
    value: median(totals),
    unit: 'ms',
    target: `< ${maxLargeBatchMs} ms`,
    isMet: median(totals) < maxLargeBatchMs,
  };
}

function formatOperations(count: DynamoCount): string {
  const operations = Object.entries(count.requests)
    .map(([operation, requests]) => `${operation} ${requests}`)
    .join(', ');

  return `${operations}; ${count.itemWrites} item writes.`;
}

/** Signs `count` policies with the handler's conditions, one at a time. */
async function signPolicies(bench: BenchStack, count: number): Promise<void> {
  const { bucketName } = bench.stack.config;
  for (let i = 0; i < count; i += 1) {
    const key = `users/bench/IMG_${String(i + 1).padStart(4, '0')}.jpg`;
    await createPresignedPost(bench.stack.clients.s3, {
      Bucket: bucketName,
      Key: key,
      Conditions: [{ key }, ['content-length-range', 1024, 1024]],
      Fields: {
        'Content-Type': 'image/jpeg',
        'x-amz-storage-class': 'STANDARD',
      },
      Expires: 600,
    });
  }
}

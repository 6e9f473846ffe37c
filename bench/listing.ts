/**
 * Benchmark section `listing`: `GET /session` for a member with 100,000
 * files written straight into DynamoDB with BatchWriteItem. The baseline is
 * the same DynamoDB Query sent from Node without the API.
 */

import { QueryCommand } from '@aws-sdk/lib-dynamodb';

import type { ListResponse } from '../amplify/core/api';
import { batchPutItems } from '../amplify/services/batch';
import { fileItemKey, memberPartitionKey } from '../amplify/services/table';
import { callSession } from '../local/test-support';
import { startBenchStack, type BenchStack } from './bench-stack';
import type { Figure, SectionOptions, SectionResult } from './results';
import { median, timeMs } from './stats';

/** Target: the first page of a folder in under this time. */
const maxFirstPageMs = 300;
/** The default `SHOEBOX_LIST_PAGE_SIZE`, which the stack runs with. */
const pageSize = 500;
const folder = 'Camera roll/';
/** BatchWriteItem calls in flight while seeding. */
const seedWritesInParallel = 4;

type Workload = {
  fileCount: number;
  /** Times each measurement runs; the figures are medians. */
  repetitions: number;
};

const fullWorkload: Workload = { fileCount: 100_000, repetitions: 3 };
const quickWorkload: Workload = { fileCount: 2_000, repetitions: 1 };

export async function runListingSection(
  options: SectionOptions,
): Promise<SectionResult> {
  const workload = options.quick ? quickWorkload : fullWorkload;
  const bench = await startBenchStack();
  try {
    const { idToken, memberId } = await bench.signIn('alice@example.com');
    options.log(`listing: seeding ${workload.fileCount} files`);
    const seedMs = await timeMs(() =>
      seedFiles(bench, memberId, workload.fileCount),
    );
    const lister = new Lister(bench, idToken, memberId);
    // One untimed walk warms the JIT and dynalite's LevelDB cache.
    await lister.walkApi(folder);

    const firstPage: number[] = [];
    const firstPageBaseline: number[] = [];
    const rootPage: number[] = [];
    const walk: number[] = [];
    const walkBaseline: number[] = [];
    let pageRequests = 0;
    let pages = 0;
    for (let i = 0; i < workload.repetitions; i += 1) {
      options.log(`listing: run ${i + 1} of ${workload.repetitions}`);
      bench.dynamoCounter.take();
      firstPage.push(await timeMs(() => lister.getPage(folder, null)));
      pageRequests = bench.dynamoCounter.take().totalRequests;
      firstPageBaseline.push(await timeMs(() => lister.queryPage(undefined)));
      rootPage.push(await timeMs(() => lister.getPage('', null)));
      walk.push(
        await timeMs(async () => {
          pages = await lister.walkApi(folder);
        }),
      );
      walkBaseline.push(await timeMs(() => lister.walkQuery()));
    }

    const files = workload.fileCount.toLocaleString('en');
    const firstPageMs = median(firstPage);
    const figures: Figure[] = [
      {
        name: `first page of ${pageSize}, folder of ${files} files`,
        value: firstPageMs,
        unit: 'ms',
        baseline: {
          name: `DynamoDB Query of ${pageSize} items from Node`,
          value: median(firstPageBaseline),
        },
        ratio: firstPageMs / median(firstPageBaseline),
        target: `< ${maxFirstPageMs} ms`,
        isMet: firstPageMs < maxFirstPageMs,
      },
      {
        name: `first page of the root, one folder of ${files} files`,
        value: median(rootPage),
        unit: 'ms',
      },
      {
        name: `full walk through cursor, ${files} files`,
        value: median(walk) / 1000,
        unit: 's',
        baseline: {
          name: 'DynamoDB Query pages from Node',
          value: median(walkBaseline) / 1000,
        },
        ratio: median(walk) / median(walkBaseline),
      },
      {
        name: 'full walk: time per page',
        value: median(walk) / pages,
        unit: 'ms',
      },
      {
        name: 'DynamoDB requests for a first page',
        value: pageRequests,
        unit: 'requests',
      },
    ];

    return {
      section: 'listing',
      date: new Date().toISOString(),
      mode: options.quick ? 'quick' : 'full',
      figures,
      notes: [
        `${files} COMPLETE file items under "${folder}" of one member, written with BatchWriteItem (25 items a call, ${seedWritesInParallel} calls at once) in ${(seedMs / 1000).toFixed(1)} s; the member's usage counters were not updated, which listing does not read.`,
        `Pages of ${pageSize} (SHOEBOX_LIST_PAGE_SIZE); the walk took ${pages} pages. Each figure is the median of ${workload.repetitions} runs after one untimed walk.`,
        'The baseline Query has the same key condition, filter, consistency and limit as the API, without the member read, the expiry check and the HTTP hop.',
      ],
    };
  } finally {
    await bench.stop();
  }
}

async function seedFiles(
  bench: BenchStack,
  memberId: string,
  fileCount: number,
): Promise<void> {
  const { dynamo } = bench.stack.clients;
  const { tableName } = bench.stack.config;
  const createdAt = new Date().toISOString();
  const items = Array.from({ length: fileCount }, (_, i) => {
    const path = `${folder}IMG_${String(i + 1).padStart(6, '0')}.jpg`;

    return {
      ...fileItemKey(memberId, path),
      path,
      key: `users/${memberId}/${path}`,
      state: 'COMPLETE',
      size: 2_000_000 + i,
      contentType: 'image/jpeg',
      storageClass: 'STANDARD',
      createdAt,
      updatedAt: createdAt,
    };
  });

  const chunkSize = Math.ceil(items.length / seedWritesInParallel);
  await Promise.all(
    Array.from({ length: seedWritesInParallel }, (_, i) =>
      batchPutItems(
        dynamo,
        tableName,
        items.slice(i * chunkSize, (i + 1) * chunkSize),
      ),
    ),
  );
}

/** Lists pages through the API, or straight from DynamoDB. */
class Lister {
  constructor(
    private readonly bench: BenchStack,
    private readonly idToken: string,
    private readonly memberId: string,
  ) {}

  async getPage(prefix: string, cursor: string | null): Promise<ListResponse> {
    const query = new URLSearchParams({ prefix });
    if (cursor !== null) {
      query.set('cursor', cursor);
    }
    const response = await callSession(this.bench.stack, {
      token: this.idToken,
      query: `?${query}`,
    });
    if (!response.ok) {
      throw new Error(
        `GET /session?${query} failed with ${response.status}: ` +
          (await response.text()).slice(0, 300),
      );
    }

    return (await response.json()) as ListResponse;
  }

  /** Walks every page of `prefix` and returns the number of pages. */
  async walkApi(prefix: string): Promise<number> {
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await this.getPage(prefix, cursor);
      cursor = page.cursor;
      pages += 1;
    } while (cursor !== null);

    return pages;
  }

  async queryPage(
    startKey: Record<string, unknown> | undefined,
  ): Promise<Record<string, unknown> | undefined> {
    const { LastEvaluatedKey } = await this.bench.stack.clients.dynamo.send(
      new QueryCommand({
        TableName: this.bench.stack.config.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: '#state IN (:initiated, :complete)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':pk': memberPartitionKey(this.memberId),
          ':prefix': `FILE#${folder}`,
          ':initiated': 'INITIATED',
          ':complete': 'COMPLETE',
        },
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
        Limit: pageSize,
      }),
    );

    return LastEvaluatedKey;
  }

  async walkQuery(): Promise<void> {
    let startKey: Record<string, unknown> | undefined;
    do {
      startKey = await this.queryPage(startKey);
    } while (startKey !== undefined);
  }
}

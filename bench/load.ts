/**
 * Benchmark section `load`: many members uploading at once through the
 * local stack on loopback. Each of 20 members runs 10 clients, and each
 * client repeats `PUT /session` for one file, the POST of that file to
 * the local S3 and a `GET /session` of its folder, for 30 seconds. Once
 * the events have settled, every member's used bytes must equal the sum
 * of their objects in the bucket.
 *
 * The figures are requests per second over all three kinds, p50 and p99
 * latency per kind, failed requests and members whose usage drifted.
 */

import { ListObjectsV2Command } from '@aws-sdk/client-s3';

import type { InitiatedUpload, SessionResponse } from '../amplify/core/api';
import { getMember } from '../amplify/services/members';
import type { DemoUser } from '../local/config';
import type { StackHandle } from '../local/stack';
import {
  callSession,
  createDataDir,
  removeDataDir,
  signIn,
  startTestStack,
} from '../local/test-support';
import type { Figure, SectionOptions, SectionResult } from './results';

type Workload = {
  members: number;
  clientsPerMember: number;
  durationMs: number;
  /** Largest file a client uploads; sizes are spread from 1 byte up. */
  maxFileBytes: number;
  /** Time allowed for the last events to settle before usage is checked. */
  settleTimeoutMs: number;
};

const fullWorkload: Workload = {
  members: 20,
  clientsPerMember: 10,
  durationMs: 30_000,
  maxFileBytes: 64 * 1024,
  settleTimeoutMs: 60_000,
};

const quickWorkload: Workload = {
  members: 3,
  clientsPerMember: 2,
  durationMs: 3_000,
  maxFileBytes: 4 * 1024,
  settleTimeoutMs: 20_000,
};

/** Every member's cap: far above what one run can upload. */
const memberCapBytes = 10 * 1024 ** 3;

type RequestKind = 'put' | 'post' | 'list';

type Tally = {
  latenciesMs: Record<RequestKind, number[]>;
  errors: { kind: RequestKind; message: string }[];
  /** POSTs that S3 rejected with a 5xx, each sent once more. */
  retriedPosts: string[];
  /** Bytes each member's granted and posted files carry. */
  postedBytes: Map<string, number>;
};

type Client = {
  memberId: string;
  token: string;
  folder: string;
};

export async function runLoadSection(
  options: SectionOptions,
): Promise<SectionResult> {
  const workload = options.quick ? quickWorkload : fullWorkload;
  const dataDir = await createDataDir();
  try {
    const stack = await startTestStack(dataDir, {
      config: { demoUsers: loadMembers(workload.members) },
    });
    try {
      return await measure(stack, workload, options);
    } finally {
      await stack.stop();
    }
  } finally {
    await removeDataDir(dataDir);
  }
}

function loadMembers(count: number): DemoUser[] {
  return Array.from({ length: count }, (_, i) => ({
    email: `load-${String(i + 1).padStart(2, '0')}@example.com`,
    groups: [],
    capBytes: memberCapBytes,
  }));
}

async function measure(
  stack: StackHandle,
  workload: Workload,
  options: SectionOptions,
): Promise<SectionResult> {
  const clients: Client[] = [];
  for (const user of stack.users) {
    const { IdToken: token } = await signIn(stack, user.email);
    for (let i = 0; i < workload.clientsPerMember; i += 1) {
      clients.push({ memberId: user.sub, token, folder: `client ${i + 1}` });
    }
  }

  const tally: Tally = {
    latenciesMs: { put: [], post: [], list: [] },
    errors: [],
    retriedPosts: [],
    postedBytes: new Map(),
  };
  options.log(
    `load: ${stack.users.length} members x ${workload.clientsPerMember} ` +
      `clients for ${workload.durationMs / 1000} s`,
  );
  const startedAt = performance.now();
  const deadline = startedAt + workload.durationMs;
  await Promise.all(
    clients.map((client) =>
      runClient(stack, client, workload, deadline, tally),
    ),
  );
  const elapsedMs = performance.now() - startedAt;

  options.log('load: waiting for events to settle');
  const settled = await waitForSettledUsage(stack, workload.settleTimeoutMs);

  return summarise(workload, tally, elapsedMs, settled);
}

/** Repeats put, post and list until the deadline, one request at a time. */
async function runClient(
  stack: StackHandle,
  client: Client,
  workload: Workload,
  deadline: number,
  tally: Tally,
): Promise<void> {
  for (let n = 1; performance.now() < deadline; n += 1) {
    const size = 1 + Math.floor(Math.random() * workload.maxFileBytes);
    const upload = await timed(tally, 'put', async () => {
      const response = await callSession(stack, {
        method: 'PUT',
        token: client.token,
        body: {
          files: [
            {
              path: `${client.folder}/${n}.bin`,
              size,
              contentType: 'application/octet-stream',
            },
          ],
        },
      });
      const body = (await response.json()) as SessionResponse;
      const first = body.uploads?.[0];
      if (response.status !== 200 || first?.state !== 'INITIATED') {
        throw new Error(
          `PUT /session ${response.status}: ${JSON.stringify(first)}`,
        );
      }

      return first;
    });
    if (upload === undefined) {
      continue;
    }

    const posted = await timed(tally, 'post', () =>
      postFile(upload, size, tally),
    );
    if (posted) {
      tally.postedBytes.set(
        client.memberId,
        (tally.postedBytes.get(client.memberId) ?? 0) + size,
      );
    }

    await timed(tally, 'list', async () => {
      const response = await callSession(stack, {
        token: client.token,
        query: `?prefix=${encodeURIComponent(client.folder)}`,
      });
      await response.arrayBuffer();
      if (response.status !== 200) {
        throw new Error(`GET /session ${response.status}`);
      }
    });
  }
}

/**
 * Posts the file with its policy. S3's 500 InternalError message reads
 * "Please try again", and the app's upload queue retries every 5xx, so a
 * 5xx is recorded and the POST sent once more before it counts as failed.
 */
async function postFile(upload: InitiatedUpload, size: number, tally: Tally) {
  const send = async () => {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) {
      form.append(name, value);
    }
    form.append('file', new Blob([new Uint8Array(size)]), 'file.bin');
    const response = await fetch(upload.url, { method: 'POST', body: form });

    return { status: response.status, text: await response.text() };
  };

  let result = await send();
  if (result.status >= 500) {
    tally.retriedPosts.push(`${result.status}: ${result.text.slice(0, 200)}`);
    result = await send();
  }
  if (result.status !== 204) {
    throw new Error(
      `POST to S3 ${result.status}: ${result.text.slice(0, 300)}`,
    );
  }

  return true;
}

/** Runs one request, records its latency, and counts a throw as an error. */
async function timed<T>(
  tally: Tally,
  kind: RequestKind,
  request: () => Promise<T>,
): Promise<T | undefined> {
  const start = performance.now();
  try {
    return await request();
  } catch (error) {
    tally.errors.push({
      kind,
      message: error instanceof Error ? error.message : String(error),
    });

    return undefined;
  } finally {
    tally.latenciesMs[kind].push(performance.now() - start);
  }
}

/**
 * Waits until every member's used bytes equal the sum of their objects in
 * the bucket, and returns the members that still differ when the time runs
 * out. Bytes stay reserved for a granted file whose POST failed, until its
 * policy expires, so reserved bytes are reported but not compared.
 */
async function waitForSettledUsage(
  stack: StackHandle,
  timeoutMs: number,
): Promise<{ drifted: string[]; reservedBytes: number }> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const drifted: string[] = [];
    let reservedBytes = 0;
    for (const user of stack.users) {
      const [member, storedBytes] = await Promise.all([
        getMember(stack.clients.dynamo, stack.config.tableName, user.sub),
        sumObjectBytes(stack, user.sub),
      ]);
      reservedBytes += member.reservedBytes;
      if (member.usedBytes !== storedBytes) {
        drifted.push(
          `${user.email}: used ${member.usedBytes}, reserved ` +
            `${member.reservedBytes}, objects ${storedBytes}`,
        );
      }
    }
    if (drifted.length === 0 || performance.now() > deadline) {
      return { drifted, reservedBytes };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function sumObjectBytes(
  stack: StackHandle,
  memberId: string,
): Promise<number> {
  let total = 0;
  let token: string | undefined;
  do {
    const page = await stack.clients.s3.send(
      new ListObjectsV2Command({
        Bucket: stack.config.bucketName,
        Prefix: `users/${memberId}/`,
        ContinuationToken: token,
      }),
    );
    for (const object of page.Contents ?? []) {
      total += object.Size ?? 0;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);

  return total;
}

function summarise(
  workload: Workload,
  tally: Tally,
  elapsedMs: number,
  { drifted, reservedBytes }: { drifted: string[]; reservedBytes: number },
): SectionResult {
  const all = Object.values(tally.latenciesMs).flat();
  const figures: Figure[] = [
    {
      name: 'requests per second',
      value: round(all.length / (elapsedMs / 1000)),
      unit: 'req/s',
    },
  ];
  for (const kind of ['put', 'post', 'list'] as const) {
    const latencies = tally.latenciesMs[kind];
    figures.push(
      {
        name: `${kind} p50`,
        value: round(percentile(latencies, 50)),
        unit: 'ms',
      },
      {
        name: `${kind} p99`,
        value: round(percentile(latencies, 99)),
        unit: 'ms',
      },
    );
  }
  figures.push(
    {
      name: 'failed requests',
      value: tally.errors.length,
      unit: 'requests',
      target: '= 0',
      isMet: tally.errors.length === 0,
    },
    {
      name: 'members with drifted usage',
      value: drifted.length,
      unit: 'members',
      target: '= 0',
      isMet: drifted.length === 0,
    },
  );

  const postedBytes = [...tally.postedBytes.values()].reduce(
    (sum, bytes) => sum + bytes,
    0,
  );

  return {
    section: 'load',
    date: new Date().toISOString(),
    mode: workload === quickWorkload ? 'quick' : 'full',
    figures,
    notes: [
      `${workload.members} members x ${workload.clientsPerMember} clients ` +
        `for ${round(elapsedMs / 1000)} s on loopback; each client sends ` +
        'PUT /session (1 file), the POST to S3 and GET /session in turn',
      `${all.length} requests, ${postedBytes} bytes posted, file sizes ` +
        `1 to ${workload.maxFileBytes} bytes`,
      `${reservedBytes} bytes still reserved after settling, by granted ` +
        'files whose POST failed',
      `${tally.retriedPosts.length} POSTs answered 5xx and were sent again`,
      ...tally.retriedPosts
        .slice(0, 3)
        .map((retry) => `retried POST: ${retry}`),
      ...tally.errors
        .slice(0, 5)
        .map((error) => `error (${error.kind}): ${error.message}`),
      ...drifted.slice(0, 5).map((line) => `drift: ${line}`),
    ],
  };
}

/**
 * Returns the `p`th percentile by the nearest rank, so the result is one
 * of the measured values; 0 when nothing was measured.
 */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) {
    return 0;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);

  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1] ?? 0;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

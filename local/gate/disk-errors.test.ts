/**
 * A write that the disk rejects, with the gate in a child process whose
 * file size limit (`ulimit -f`) is 2 MiB: the upload gets InternalError,
 * nothing is stored, and the gate goes on serving.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  formParts,
  listPartialObjects,
  postForm,
  presignedPost,
} from './test-support';

const MiB = 1024 ** 2;
/** The child's file size limit, in the 1 KiB blocks that `ulimit` counts. */
const fileSizeLimitBlocks = 2048;

const testDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(testDir, '../..');

describe('gate on a disk that rejects a write', () => {
  let child: ChildProcess;
  let gateUrl: string;
  let s3rverDir: string;

  beforeAll(async () => {
    const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
    child = spawn(
      'bash',
      [
        '-c',
        `ulimit -f ${fileSizeLimitBlocks} && exec "$0" "$@"`,
        tsx,
        path.join(testDir, 'test-gate-process.ts'),
      ],
      // A process group of its own, so a kill reaches tsx's child too.
      { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'], detached: true },
    );
    const lines = createInterface({ input: child.stdout! });
    const [line] = (await once(lines, 'line')) as [string];
    ({ gateUrl, s3rverDir } = JSON.parse(line) as {
      gateUrl: string;
      s3rverDir: string;
    });
  });

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.stdin?.end();
      const timer = setTimeout(
        () => process.kill(-child.pid!, 'SIGKILL'),
        10_000,
      );
      await exited;
      clearTimeout(timer);
    }
  });

  /** Rejects as soon as the child exits, so a crash fails the test at once. */
  function whileRunning<T>(promise: Promise<T>): Promise<T> {
    const exited = once(child, 'exit').then(([code, signal]) => {
      throw new Error(
        `The gate process exited (code ${String(code)}, signal ${String(signal)}).`,
      );
    });

    return Promise.race([promise, exited]);
  }

  it('returns InternalError and keeps serving', async () => {
    const big = await presignedPost(gateUrl, {
      key: 'disk/too-big.bin',
      conditions: [['content-length-range', 0, 8 * MiB]],
    });
    const small = await presignedPost(gateUrl, { key: 'disk/small.txt' });

    const rejected = await whileRunning(
      postForm(big.url, formParts(big.fields, Buffer.alloc(4 * MiB, 'x'))),
    );
    const stored = await whileRunning(
      postForm(small.url, formParts(small.fields, 'fits')),
    );

    expect(rejected.status).toBe(500);
    expect(rejected.code).toBe('InternalError');
    expect(stored.status).toBe(204);
    expect(child.exitCode).toBeNull();
    expect(await listPartialObjects(s3rverDir)).toEqual([]);
  });
});

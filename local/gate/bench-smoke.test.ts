/**
 * Runs `npm run bench -- --quick` for the gate section, so the benchmark
 * code keeps working; the figures themselves are not checked here.
 */

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Results } from '../../bench/results';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('gate benchmark in quick mode', () => {
  let outputDir: string;

  beforeAll(async () => {
    outputDir = await mkdtemp(path.join(os.tmpdir(), 'bench-smoke-'));
  });

  afterAll(async () => {
    await rm(outputDir, { recursive: true, force: true });
  });

  it('writes every gate figure', async () => {
    const resultsFile = path.join(outputDir, 'results.json');

    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/run.ts',
        '--quick',
        '--section',
        'gate',
        '--out',
        resultsFile,
      ],
      { cwd: projectRoot, timeout: 60_000 },
    );
    const results = JSON.parse(await readFile(resultsFile, 'utf8')) as Results;

    expect(stdout).toContain('POST through the gate');
    const gate = results.sections.gate;
    expect(gate?.mode).toBe('quick');
    expect(gate?.figures.map((figure) => figure.name)).toEqual([
      '16 MiB POST through the gate',
      '16 MiB written, then rejected as too small',
      'gate peak RSS',
      'gate RSS before uploads',
      'gate peak RSS sampled during 16 MiB uploads',
      '20 x 64 KiB POST through the gate',
    ]);
    for (const figure of gate?.figures ?? []) {
      expect(figure.value).toBeGreaterThan(0);
    }
    expect(results.machine.cores).toBeGreaterThan(0);
  });
});

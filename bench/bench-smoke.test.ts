/**
 * Runs `npm run bench -- --quick` for the session, browser, listing and
 * weight sections, so the benchmark code keeps working. The figures are
 * checked for presence and sign only, because times on a shared machine
 * vary too much for a test to judge them.
 */

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Results } from './results';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const sections = ['session', 'browser', 'listing', 'weight'];
/** Quick mode finishes in about 15 s on two busy cores. */
const timeoutMs = 60_000;

describe('benchmark sections in quick mode', () => {
  let outputDir: string;
  let results: Results;
  let stdout: string;

  beforeAll(async () => {
    outputDir = await mkdtemp(path.join(os.tmpdir(), 'bench-smoke-'));
    const resultsFile = path.join(outputDir, 'results.json');
    const args = ['--import', 'tsx', 'bench/run.ts', '--quick'];
    for (const section of sections) {
      args.push('--section', section);
    }
    args.push('--out', resultsFile);

    ({ stdout } = await promisify(execFile)(process.execPath, args, {
      cwd: projectRoot,
      timeout: timeoutMs,
    }));
    results = JSON.parse(await readFile(resultsFile, 'utf8')) as Results;
  }, timeoutMs + 10_000);

  afterAll(async () => {
    await rm(outputDir, { recursive: true, force: true });
  });

  it.each(sections)('writes %s in quick mode', (name) => {
    const section = results.sections[name];

    expect(section?.mode).toBe('quick');
    expect(section?.figures.length).toBeGreaterThan(0);
    expect(section?.loadAverage?.atEnd).toHaveLength(3);
    for (const figure of section?.figures ?? []) {
      expect(figure.value, figure.name).toBeGreaterThan(0);
    }
  });

  it('prints each section in the table', () => {
    for (const name of sections) {
      expect(stdout).toMatch(new RegExp(`^${name} `, 'm'));
    }
  });

  it('counts DynamoDB writes per granted file', () => {
    const figure = results.sections.session?.figures.find(
      ({ name }) =>
        name === 'PUT /session, 100 files: DynamoDB item writes per file',
    );

    // At least the claim of each file's path, an UpdateItem.
    expect(figure?.value).toBeGreaterThanOrEqual(1);
  });

  it('records the machine and the load', () => {
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(results.loadAverage).toHaveLength(3);
  });
});

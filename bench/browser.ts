/**
 * Benchmark section `browser`: Chromium uploads image files through the
 * built app, from choosing the folder until every file is stored, against
 * a Node script that posts the same files with policies issued beforehand.
 * Also the time the app takes to render the queue for a large drop.
 */

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { chromium, type Browser, type Page } from '@playwright/test';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';

import type { InitiatedUpload, SessionResponse } from '../amplify/core/api';
import { memberPartitionKey } from '../amplify/services/table';
import { createPng } from '../e2e/support/images';
import { callSession } from '../local/test-support';
import { buildApp } from './app-build';
import { startBenchStack, type BenchStack } from './bench-stack';
import type { Figure, SectionOptions, SectionResult } from './results';
import { median, timeMs } from './stats';
import { startStaticServer } from './static-server';

/** Target: the app's upload time, relative to the Node script's. */
const maxTimeRatio = 1.2;
/** The app's default `VITE_SHOEBOX_UPLOAD_CONCURRENCY`, used by both. */
const uploadConcurrency = 4;
/** Files per `PUT /session` of the Node script, the API's default limit. */
const sessionBatchFiles = 250;
/** Maximum wait for one upload run or one queue render. */
const runTimeoutMs = 300_000;
const storedPollMs = 100;
const member = 'alice@example.com';

type Workload = {
  fileCount: number;
  /** Width and height of each noise PNG; 160 gives about 77 KB. */
  imageSide: number;
  dropCount: number;
  repetitions: number;
};

const fullWorkload: Workload = {
  fileCount: 500,
  imageSide: 160,
  dropCount: 1000,
  repetitions: 3,
};

const quickWorkload: Workload = {
  fileCount: 20,
  imageSide: 32,
  dropCount: 50,
  repetitions: 1,
};

export async function runBrowserSection(
  options: SectionOptions,
): Promise<SectionResult> {
  const workload = options.quick ? quickWorkload : fullWorkload;
  options.log('browser: building the app');
  const appDir = await buildApp();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'shoebox-bench-web-'));
  let outputsPath = '';
  const web = await startStaticServer(appDir, () => readFile(outputsPath));
  let bench: BenchStack | undefined;
  let browser: Browser | undefined;
  try {
    bench = await startBenchStack({ appOrigins: [web.origin] });
    outputsPath = bench.stack.outputsPath;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    const runner = new UploadRunner(bench, browser, web.origin, workDir);

    return await measure(runner, workload, options);
  } finally {
    await browser?.close();
    await bench?.stop();
    await web.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

async function measure(
  runner: UploadRunner,
  workload: Workload,
  options: SectionOptions,
): Promise<SectionResult> {
  const images = Array.from({ length: workload.fileCount }, (_, i) => ({
    name: `IMG_${String(i + 1).padStart(4, '0')}.png`,
    bytes: createPng(workload.imageSide, workload.imageSide, i + 1),
  }));
  const totalBytes = images.reduce((sum, image) => sum + image.bytes.length, 0);

  const app: number[] = [];
  const script: number[] = [];
  const render: number[] = [];
  for (let run = 1; run <= workload.repetitions; run += 1) {
    options.log(`browser: run ${run} of ${workload.repetitions}`);
    script.push(await runner.postFromNode(`node-${run}`, images));
    const traceFile =
      options.profileDir && run === 1
        ? path.join(options.profileDir, 'browser-upload-trace.json')
        : undefined;
    app.push(await runner.uploadInApp(`app-${run}`, images, traceFile));
    render.push(await runner.renderDrop(`drop-${run}`, workload.dropCount));
    options.log(
      `browser: Node ${script.at(-1)!.toFixed(0)} ms, app ` +
        `${app.at(-1)!.toFixed(0)} ms, queue ${render.at(-1)!.toFixed(0)} ms`,
    );
  }

  const files = workload.fileCount.toLocaleString('en');
  const appMs = median(app);
  const scriptMs = median(script);
  const figures: Figure[] = [
    {
      name: `${files} images uploaded through the app`,
      value: appMs / 1000,
      unit: 's',
      baseline: {
        name: 'POSTs from Node with policies issued beforehand',
        value: scriptMs / 1000,
      },
      ratio: appMs / scriptMs,
      target: `ratio <= ${maxTimeRatio}`,
      isMet: appMs / scriptMs <= maxTimeRatio,
    },
    {
      name: `queue rendered for a ${workload.dropCount.toLocaleString('en')}-file drop`,
      value: median(render),
      unit: 'ms',
    },
  ];

  return {
    section: 'browser',
    date: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    figures,
    notes: [
      `${files} noise PNGs of ${workload.imageSide} x ${workload.imageSide} pixels, ${(totalBytes / 1e6).toFixed(1)} MB in all; each figure is the median of ${workload.repetitions} runs, the Node script first in each.`,
      `The app is the production build, served from 127.0.0.1 and signed in before the clock starts; its time runs from choosing the folder until DynamoDB shows every file COMPLETE (polled every ${storedPollMs} ms), so it includes the batch check, PUT /session, the POSTs and S3's events.`,
      `The Node script issues the policies (${sessionBatchFiles} files per PUT /session) before its clock starts, then posts ${uploadConcurrency} files at a time, as the app does, and stops at the same COMPLETE check.`,
      'The queue render runs in the page: from dispatching the drop event until the Uploads list shows its first row.',
      `Chromium ${runner.browserVersion()} at /usr/bin/chromium, headless.`,
    ],
  };
}

type Image = { name: string; bytes: Buffer };

class UploadRunner {
  constructor(
    private readonly bench: BenchStack,
    private readonly browser: Browser,
    private readonly origin: string,
    private readonly workDir: string,
  ) {}

  browserVersion(): string {
    return this.browser.version();
  }

  /**
   * Uploads `images` as the folder `folder` through the app and returns the
   * milliseconds from choosing the folder until every file is stored.
   */
  async uploadInApp(
    folder: string,
    images: Image[],
    traceFile: string | undefined,
  ): Promise<number> {
    const directory = path.join(this.workDir, folder);
    await mkdir(directory);
    for (const image of images) {
      await writeFile(path.join(directory, image.name), image.bytes);
    }
    const context = await this.browser.newContext({ baseURL: this.origin });
    try {
      const page = await context.newPage();
      await signIn(page);
      if (traceFile) {
        // Chromium's own trace, the one its performance panel opens.
        await this.browser.startTracing(page, { path: traceFile });
      }

      const ms = await timeMs(async () => {
        await chooseFolder(page, directory);
        await this.waitUntilStored(folder, images.length);
      });
      if (traceFile) {
        await this.browser.stopTracing();
      }
      await checkRowStored(page);

      return ms;
    } finally {
      await context.close();
    }
  }

  /**
   * Issues policies for `images` under `folder`, then posts them from Node
   * and returns the milliseconds from the first POST until every file is
   * stored.
   */
  async postFromNode(folder: string, images: Image[]): Promise<number> {
    const { idToken } = await this.bench.signIn(member);
    const uploads: InitiatedUpload[] = [];
    for (let start = 0; start < images.length; start += sessionBatchFiles) {
      const files = images
        .slice(start, start + sessionBatchFiles)
        .map((image) => ({
          path: `${folder}/${image.name}`,
          size: image.bytes.length,
          contentType: 'image/png',
        }));
      const response = await callSession(this.bench.stack, {
        method: 'PUT',
        token: idToken,
        body: { files },
      });
      const body = (await response.json()) as SessionResponse;
      for (const upload of body.uploads) {
        if (upload.state !== 'INITIATED') {
          throw new Error(
            `PUT /session rejected ${upload.path}: ${upload.reason.message}`,
          );
        }
        uploads.push(upload);
      }
    }

    return timeMs(async () => {
      let next = 0;
      const worker = async () => {
        while (next < uploads.length) {
          const index = next;
          next += 1;
          await postFile(uploads[index]!, images[index]!.bytes);
        }
      };
      await Promise.all(Array.from({ length: uploadConcurrency }, worker));
      await this.waitUntilStored(folder, images.length);
    });
  }

  /**
   * Drops `count` small PNGs on the app and returns the milliseconds until
   * the upload queue shows its first row, measured in the page.
   */
  async renderDrop(prefix: string, count: number): Promise<number> {
    const context = await this.browser.newContext({ baseURL: this.origin });
    try {
      const page = await context.newPage();
      await signIn(page);
      const dropZone = await page
        .getByRole('region', { name: 'Drop zone' })
        .elementHandle();
      if (!dropZone) {
        throw new Error('The drop zone is not on the page.');
      }
      const png = createPng(1, 1, 1).toString('base64');

      return await dropZone.evaluate(dropAndWaitForQueue, {
        png,
        prefix,
        count,
        timeoutMs: runTimeoutMs,
      });
    } finally {
      // Closing the page ends the uploads of the dropped files.
      await context.close();
    }
  }

  /** Polls DynamoDB until `count` files under `folder` are COMPLETE. */
  private async waitUntilStored(folder: string, count: number): Promise<void> {
    const { memberId } = await this.bench.signIn(member);
    const deadline = Date.now() + runTimeoutMs;
    let stored = 0;
    while (Date.now() < deadline) {
      stored = await this.countComplete(memberId, folder);
      if (stored === count) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, storedPollMs));
    }
    throw new Error(
      `${stored} of ${count} files under ${folder}/ were stored after ` +
        `${runTimeoutMs / 1000} s.`,
    );
  }

  private async countComplete(
    memberId: string,
    folder: string,
  ): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.bench.stack.clients.dynamo.send(
        new QueryCommand({
          TableName: this.bench.stack.config.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          FilterExpression: '#state = :complete',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':pk': memberPartitionKey(memberId),
            ':prefix': `FILE#${folder}/`,
            ':complete': 'COMPLETE',
          },
          Select: 'COUNT',
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      count += result.Count ?? 0;
      startKey = result.LastEvaluatedKey;
    } while (startKey !== undefined);

    return count;
  }
}

async function signIn(page: Page): Promise<void> {
  const password = 'Shoebox-demo-1';
  await page.goto('/');
  await page.getByLabel('Email').fill(member);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page
    .getByRole('button', { name: 'Sign out' })
    .waitFor({ timeout: 30_000 });
}

/** Chooses `directory` with the app's folder picker. */
async function chooseFolder(page: Page, directory: string): Promise<void> {
  const folderInput = page.getByLabel('Folder to upload');
  if ((await folderInput.count()) > 0) {
    await folderInput.setInputFiles(directory);
    return;
  }
  throw new Error(
    'The app has no input labelled "Folder to upload"; the benchmark ' +
      'chooses a folder through it.',
  );
}

/**
 * Checks that the app itself shows a stored upload. The list may render
 * only the rows in view, so any row will do.
 */
async function checkRowStored(page: Page): Promise<void> {
  await page
    .getByRole('list', { name: 'Uploads' })
    .getByRole('listitem')
    .filter({ hasText: 'stored' })
    .first()
    .waitFor({ timeout: 30_000 });
}

async function postFile(upload: InitiatedUpload, bytes: Buffer): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) {
    form.append(name, value);
  }
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
  const response = await fetch(upload.url, { method: 'POST', body: form });
  if (!response.ok) {
    throw new Error(
      `POST of ${upload.key} failed with ${response.status}: ` +
        (await response.text()).slice(0, 300),
    );
  }
}

/**
 * Runs in the page: drops `count` files on `zone` and resolves with the
 * milliseconds until a list named "Uploads" shows a row, checked on every
 * animation frame. It declares no named inner functions, because tsx wraps
 * those in a helper that exists only in Node.
 */
async function dropAndWaitForQueue(
  zone: Element,
  input: { png: string; prefix: string; count: number; timeoutMs: number },
): Promise<number> {
  const bytes = Uint8Array.from(atob(input.png), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  for (let i = 1; i <= input.count; i += 1) {
    const name = `${input.prefix} ${String(i).padStart(4, '0')}.png`;
    transfer.items.add(new File([bytes], name, { type: 'image/png' }));
  }

  const start = performance.now();
  for (const type of ['dragenter', 'dragover', 'drop']) {
    zone.dispatchEvent(
      new DragEvent(type, {
        bubbles: true,
        cancelable: true,
        dataTransfer: transfer,
      }),
    );
  }
  while (performance.now() - start < input.timeoutMs) {
    for (const list of document.querySelectorAll('[role="list"], ul, ol')) {
      const labelledBy = list.getAttribute('aria-labelledby');
      const label = labelledBy
        ? labelledBy
            .split(' ')
            .map((id) => document.getElementById(id)?.textContent ?? '')
            .join(' ')
        : list.getAttribute('aria-label');
      const row = list.querySelector('[role="listitem"], li');
      if (label?.trim() === 'Uploads' && row !== null) {
        return performance.now() - start;
      }
    }
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }

  throw new Error(`No upload row after ${input.timeoutMs} ms.`);
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { formatBytes } from '../amplify/core/bytes';
import { e2ePolicyExpirySeconds, e2ePorts } from '../playwright.config';
import {
  batchDialog,
  dropFiles,
  fileRow,
  listStoredPaths,
  readUsedBytes,
  signIn,
  storageMeter,
  throttleUploads,
  uploadRow,
  type ImageFile,
} from './support/app';
import { createPng } from './support/images';

const s3Origin = `http://127.0.0.1:${e2ePorts.s3}`;
const MiB = 1024 ** 2;

/** File names that URL encoding, form encoding and Unicode often break. */
const awkwardNames = [
  'beach day.png',
  'grandma+me.png',
  'photo #1.png',
  '100% fun.png',
  '🎉 party 🎂.png',
  // "Café" with the accent as a combining character (NFD), as macOS writes.
  'Cafe\u0301 au lait.png',
];

let tempRoot: string;

test.beforeAll(() => {
  tempRoot = mkdtempSync(path.join(tmpdir(), 'shoebox-folders-'));
});

test.afterAll(() => {
  rmSync(tempRoot, { recursive: true, force: true });
});

/** Writes `files` (relative path to bytes) under a new folder `name`. */
function writeTree(name: string, files: Record<string, Buffer>): string {
  const root = path.join(tempRoot, name);
  for (const [relativePath, bytes] of Object.entries(files)) {
    const filePath = path.join(root, relativePath);
    mkdirSync(path.dirname(filePath), { recursive: true });
    writeFileSync(filePath, bytes);
  }

  return root;
}

function uploadSummary(page: Page) {
  return page.getByRole('progressbar', { name: 'All uploads' });
}

/** Returns the polite live region that announces finished batches. */
function announcement(page: Page) {
  return page.getByRole('status').filter({ hasText: 'Upload finished' });
}

function offlineNotice(page: Page) {
  return page.getByRole('alert').filter({ hasText: 'The browser is offline.' });
}

function pickFolder(page: Page, folder: string) {
  return page.getByLabel('Folder to upload').setInputFiles(folder);
}

test('a picked folder tree lands with every path and name', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const cameraRoll = Array.from(
    { length: 150 },
    (_, i) => `Camera roll/IMG_${String(i + 1).padStart(4, '0')}.png`,
  );
  const relativePaths = [
    ...awkwardNames,
    ...cameraRoll,
    // A folder name with a decomposed accent: "Évora".
    'Day 2/E\u0301vora/square.png',
  ];
  const files: Record<string, Buffer> = {};
  relativePaths.forEach((relativePath, i) => {
    files[relativePath] = createPng(4, 4, i + 1);
  });
  files['.DS_Store'] = Buffer.from('Bud1');
  files['Camera roll/Thumbs.db'] = Buffer.from('thumbs');
  const root = writeTree('Summer 2024', files);
  mkdirSync(path.join(root, 'Empty', 'Nested empty'), { recursive: true });
  const expected = relativePaths.map((relativePath) =>
    `Summer 2024/${relativePath}`.normalize('NFC'),
  );
  await signIn(page, 'alice@example.com');

  await pickFolder(page, root);

  await expect(announcement(page)).toHaveText(
    `Upload finished: ${expected.length} of ${expected.length} files stored.`,
    { timeout: 120_000 },
  );
  const folders = [
    ...new Set(expected.map((p) => p.slice(0, p.lastIndexOf('/') + 1))),
  ];
  const stored: string[] = [];
  for (const folder of folders) {
    stored.push(...(await listStoredPaths(page, folder)));
  }
  expect(stored.sort()).toEqual([...expected].sort());
  expect(stored.some((p) => p.includes('Empty'))).toBe(false);
  expect(stored.some((p) => /DS_Store|Thumbs\.db/.test(p))).toBe(false);
  await page
    .getByRole('list', { name: 'Files' })
    .getByRole('button', { name: 'Summer 2024' })
    .click();
  await expect(page.getByText('Uploads go into Summer 2024/')).toBeVisible();
  await pickFolder(
    page,
    writeTree('Extras', { 'one more.png': createPng(4, 4, 999) }),
  );

  // The list shows the rows in view, so the announcement reports the batch.
  await expect(announcement(page)).toHaveText(
    'Upload finished: 1 of 1 files stored.',
  );
  expect(await listStoredPaths(page, 'Summer 2024/Extras/')).toEqual([
    'Summer 2024/Extras/one more.png',
  ]);
});

test('a cancelled upload holds its bytes until its policy expires', async ({
  page,
}) => {
  test.setTimeout((e2ePolicyExpirySeconds + 90) * 1000);
  await signIn(page, 'admin@example.com');
  const usedBefore = await readUsedBytes(page);
  // About 1 MiB of noise, which takes 8 s at 128 KiB/s.
  const photo = createPng(600, 580, 7);
  await throttleUploads(page, 128 * 1024);

  await dropFiles(page, [
    { name: 'slow.png', mimeType: 'image/png', buffer: photo },
  ]);
  const row = uploadRow(page, 'slow.png');
  await expect(row).toContainText('uploading');
  await row.getByRole('button', { name: 'Cancel slow.png' }).click();

  await expect(row).toContainText('cancelled');
  await expect(
    page.getByText(
      `${formatBytes(photo.length)} of cancelled uploads stay held until`,
    ),
  ).toBeVisible();
  await expect(storageMeter(page)).toHaveAttribute(
    'aria-valuetext',
    new RegExp(`${escape(formatBytes(photo.length))} held until`),
  );
  await expect(storageMeter(page)).toHaveAttribute(
    'aria-valuetext',
    new RegExp(`${escape(formatBytes(photo.length))} in flight`),
  );

  await expect(row).toContainText('Its reserved bytes are free again.', {
    timeout: (e2ePolicyExpirySeconds + 15) * 1000,
  });
  await expect(storageMeter(page)).not.toHaveAttribute(
    'aria-valuetext',
    /held|in flight/,
  );
  expect(await readUsedBytes(page)).toBe(usedBefore);
  await expect(fileRow(page, 'slow.png')).toHaveCount(0);
});

test('an upload cut off by going offline finishes once back online', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const photos: ImageFile[] = Array.from({ length: 6 }, (_, i) => ({
    name: `offline ${i + 1}.png`,
    mimeType: 'image/png',
    buffer: createPng(300, 300, 100 + i),
  }));
  await signIn(page, 'alice@example.com');
  await throttleUploads(page, 256 * 1024);
  const firstPost = page.waitForRequest(
    (request) =>
      request.method() === 'POST' && request.url().startsWith(s3Origin),
  );

  await dropFiles(page, photos);
  await firstPost;
  await context.setOffline(true);

  await expect(offlineNotice(page)).toBeVisible();
  await expect(uploadRow(page, 'offline 1.png')).toContainText(
    'Paused while the browser is offline.',
  );
  await expect(uploadRow(page, 'offline 6.png')).toContainText('waiting');

  await context.setOffline(false);

  await expect(offlineNotice(page)).toHaveCount(0);
  for (const photo of photos) {
    await expect(uploadRow(page, photo.name)).toContainText('stored');
  }
  await expect(uploadSummary(page)).toHaveAttribute('aria-valuenow', '100');
  const stored = await listStoredPaths(page, '');
  for (const photo of photos) {
    expect(stored).toContain(photo.name);
  }
});

test('a batch larger than what is free is refused up front', async ({
  page,
}) => {
  const sessionRequests: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'PUT' || request.url().startsWith(s3Origin)) {
      sessionRequests.push(`${request.method()} ${request.url()}`);
    }
  });
  await signIn(page, 'bob@example.com');
  const usedBefore = await readUsedBytes(page);
  // Bob's cap is 5 MiB; three photos of about 2.2 MiB each do not fit.
  const photos: ImageFile[] = [1, 2, 3].map((seed) => ({
    name: `big ${seed}.png`,
    mimeType: 'image/png',
    buffer: createPng(860, 860, 200 + seed),
  }));
  const totalBytes = photos.reduce(
    (sum, photo) => sum + photo.buffer.length,
    0,
  );
  const freeBytes = 5 * MiB - usedBefore;

  await dropFiles(page, photos);

  const dialog = batchDialog(page);
  await expect(dialog).toContainText(
    `3 files, ${formatBytes(totalBytes)}: ${formatBytes(freeBytes)} free`,
  );
  await expect(dialog).toContainText(
    `This is ${formatBytes(totalBytes - freeBytes)} more than is free.`,
  );
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Uploads' })).toHaveCount(0);
  expect(sessionRequests).toEqual([]);
  expect(await readUsedBytes(page)).toBe(usedBefore);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

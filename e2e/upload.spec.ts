import { expect, test } from '@playwright/test';
import { e2ePorts } from '../playwright.config';
import {
  dropFiles,
  fileRow,
  readUsedBytes,
  signIn,
  storageMeter,
  uploadRow,
  type ImageFile,
} from './support/app';
import { createPng } from './support/images';

const s3Origin = `http://127.0.0.1:${e2ePorts.s3}`;

test('dropped photos are stored and counted to the byte', async ({ page }) => {
  const photos: ImageFile[] = [
    { name: 'beach.png', width: 320, height: 240, seed: 1 },
    { name: 'birthday cake.png', width: 200, height: 150, seed: 2 },
    { name: 'grandma+me #1.png', width: 160, height: 120, seed: 3 },
  ].map(({ name, width, height, seed }) => ({
    name,
    mimeType: 'image/png',
    buffer: createPng(width, height, seed),
  }));
  const totalBytes = photos.reduce(
    (sum, photo) => sum + photo.buffer.length,
    0,
  );
  await signIn(page, 'alice@example.com');
  await expect(storageMeter(page)).toHaveAttribute(
    'aria-valuetext',
    /used of 10\.0 GiB/,
  );
  const usedBefore = await readUsedBytes(page);

  await dropFiles(page, photos);

  for (const photo of photos) {
    const row = uploadRow(page, photo.name);
    await expect(row).toContainText('stored');
    await expect(row.getByRole('progressbar')).toHaveAttribute(
      'aria-valuenow',
      '100',
    );
    await expect(fileRow(page, photo.name)).toBeVisible();
  }
  await expect(storageMeter(page)).toHaveAttribute(
    'aria-valuenow',
    String(usedBefore + totalBytes),
  );
});

test('a file over the cap is refused before any byte is sent', async ({
  page,
}) => {
  const s3Requests: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(s3Origin)) {
      s3Requests.push(`${request.method()} ${request.url()}`);
    }
  });
  await signIn(page, 'bob@example.com');
  const usedBefore = await readUsedBytes(page);
  // Bob's cap is 5 MiB; 1,400 x 1,400 pixels of noise is about 5.6 MiB.
  const tooLarge = createPng(1400, 1400, 4);

  await page.getByLabel('Files to upload').setInputFiles({
    name: 'panorama.png',
    mimeType: 'image/png',
    buffer: tooLarge,
  });

  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(/This is .* more than is free\./);
  await dialog
    .getByRole('button', { name: 'Upload what fits (0 files)' })
    .click();

  const row = uploadRow(page, 'panorama.png');
  await expect(row).toContainText('refused');
  await expect(row).toContainText(
    /needs 5\.\d MiB, but .* is left of your 5\.0 MiB/,
  );
  await expect(storageMeter(page)).toHaveAttribute(
    'aria-valuenow',
    String(usedBefore),
  );
  expect(s3Requests).toEqual([]);
});

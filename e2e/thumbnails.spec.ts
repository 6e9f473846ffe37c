import { expect, test } from '@playwright/test';
import { fileRow, signIn, uploadRow } from './support/app';
import { createPng } from './support/images';

test('Chromium draws a photo into a small JPEG thumbnail', async ({ page }) => {
  const photo = createPng(1200, 900, 71);
  await page.goto('/');

  const thumbnail = await page.evaluate(async (base64) => {
    // Vite serves the app's modules by path in development.
    const modulePath = '/src/thumbnails/thumbnails.ts';
    const { renderJpegThumbnail } = await import(/* @vite-ignore */ modulePath);
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const blob = await renderJpegThumbnail(
      new Blob([bytes], { type: 'image/png' }),
      64 * 1024,
    );
    const bitmap = await createImageBitmap(blob);

    return {
      type: blob.type,
      bytes: blob.size,
      width: bitmap.width,
      height: bitmap.height,
    };
  }, photo.toString('base64'));

  expect(thumbnail.type).toBe('image/jpeg');
  expect(thumbnail.width).toBe(320);
  expect(thumbnail.height).toBe(240);
  expect(thumbnail.bytes).toBeLessThanOrEqual(64 * 1024);
});

test('the grid shows an uploaded photo by its thumbnail', async ({ page }) => {
  const photo = createPng(1200, 900, 72);
  await signIn(page, 'alice@example.com');
  const thumbnailResponse = page.waitForResponse(
    (response) =>
      response.request().method() === 'GET' &&
      response.url().includes('/thumbs/') &&
      response.status() === 200,
  );

  await page.getByLabel('Files to upload').setInputFiles({
    name: 'meadow.png',
    mimeType: 'image/png',
    buffer: photo,
  });
  await expect(uploadRow(page, 'meadow.png')).toContainText('stored');
  await page.getByRole('button', { name: 'Grid' }).click();

  const image = fileRow(page, 'meadow.png').locator('img');
  await expect(image).toBeVisible();
  const source = await image.getAttribute('src');
  expect(source).toContain('/thumbs/');
  const response = await thumbnailResponse;
  expect(response.headers()['content-type']).toBe('image/jpeg');
  // The thumbnail, not the 1200 px original, is what the grid decoded.
  await expect
    .poll(() => image.evaluate((node: HTMLImageElement) => node.naturalWidth))
    .toBe(320);
});

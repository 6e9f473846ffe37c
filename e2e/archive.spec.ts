import { expect, test } from '@playwright/test';
import { e2eRestoreDelaySeconds } from '../playwright.config';
import { fileRow, signIn, uploadRow } from './support/app';
import { createPng } from './support/images';

test('a Deep archive photo restores, then downloads', async ({ page }) => {
  const photo = createPng(40, 30, 81);
  await signIn(page, 'alice@example.com');
  await page.getByRole('radio', { name: /Deep archive/ }).check();

  await page.getByLabel('Files to upload').setInputFiles({
    name: 'old letter.png',
    mimeType: 'image/png',
    buffer: photo,
  });

  await expect(uploadRow(page, 'old letter.png')).toContainText('stored');
  const row = fileRow(page, 'old letter.png');
  await expect(row).toContainText('Deep archive');
  await expect(row).toContainText('archived: restore to download');
  await expect(
    row.getByRole('button', { name: 'Download old letter.png' }),
  ).toHaveCount(0);
  const restore = row.getByRole('button', { name: 'Restore old letter.png' });
  await expect(restore).toHaveText(/Restore \(about \d+ h\)/);

  await restore.click();

  await expect(row).toContainText('restoring, ready about');
  await expect(restore).toHaveCount(0);
  // The library lists again every 15 s while a restore runs.
  await expect(
    row.getByRole('button', { name: 'Download old letter.png' }),
  ).toBeVisible({ timeout: (e2eRestoreDelaySeconds + 25) * 1000 });
  await expect(row).not.toContainText('restoring');
});

import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import {
  fileRow,
  readUsedBytes,
  signIn,
  storageMeter,
  uploadRow,
} from './support/app';
import { createPng } from './support/images';

let tempRoot: string;

test.beforeAll(() => {
  tempRoot = mkdtempSync(path.join(tmpdir(), 'shoebox-library-'));
});

test.afterAll(() => {
  rmSync(tempRoot, { recursive: true, force: true });
});

function openPage(page: Page, name: 'Library' | 'Trash' | 'Admin') {
  return page
    .getByRole('navigation', { name: 'Pages' })
    .getByRole('button', { name })
    .click();
}

function trashRow(page: Page, name: string) {
  return page
    .getByRole('list', { name: 'Trash' })
    .getByRole('listitem', { name, exact: true });
}

test('a photo is browsed, previewed, downloaded, deleted and restored', async ({
  page,
}) => {
  const lake = createPng(64, 48, 31);
  const hill = createPng(48, 64, 32);
  const folder = path.join(tempRoot, 'Picnic 2025');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'lake.png'), lake);
  writeFileSync(path.join(folder, 'hill.png'), hill);
  await signIn(page, 'alice@example.com');
  const usedBefore = await readUsedBytes(page);
  await page.getByLabel('Folder to upload').setInputFiles(folder);
  for (const name of ['lake.png', 'hill.png']) {
    await expect(uploadRow(page, `Picnic 2025/${name}`)).toContainText(
      'stored',
    );
  }
  const usedWithPhotos = usedBefore + lake.length + hill.length;
  await expect(storageMeter(page)).toHaveAttribute(
    'aria-valuenow',
    String(usedWithPhotos),
  );

  // Browse into the folder.
  await fileRow(page, 'Picnic 2025').getByRole('button').click();
  await expect(
    page
      .getByRole('navigation', { name: 'Folder path' })
      .getByText('Picnic 2025'),
  ).toHaveAttribute('aria-current', 'location');
  await expect(fileRow(page, 'hill.png')).toBeVisible();
  await expect(fileRow(page, 'lake.png')).toContainText('Standard');

  // Preview, step with the keyboard, close with Escape.
  await fileRow(page, 'lake.png')
    .getByRole('button', { name: 'lake.png', exact: true })
    .click();
  const lakePreview = page.getByRole('dialog', { name: 'Preview of lake.png' });
  await expect(lakePreview).toBeVisible();
  const image = lakePreview.getByRole('img', { name: 'lake.png' });
  await expect(image).toBeVisible();
  await expect
    .poll(() =>
      image.evaluate((element: HTMLImageElement) => element.naturalWidth),
    )
    .toBe(64);
  await page.keyboard.press('ArrowRight');
  await expect(
    page.getByRole('dialog', { name: 'Preview of hill.png' }),
  ).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(lakePreview).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // Download: the original name and the same bytes.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download lake.png' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('lake.png');
  const savedPath = path.join(tempRoot, 'downloaded.png');
  await download.saveAs(savedPath);
  expect(readFileSync(savedPath).equals(lake)).toBe(true);

  // Delete into the trash, which still counts toward usage.
  await page.getByRole('button', { name: 'Delete lake.png' }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('Delete 1 file');
  await confirm.getByRole('button', { name: 'Delete 1 file' }).click();
  await expect(fileRow(page, 'lake.png')).toHaveCount(0);
  await expect(
    page.getByRole('status').filter({ hasText: '1 moved to the trash' }),
  ).toBeVisible();
  expect(await readUsedBytes(page)).toBe(usedWithPhotos);

  // Restore it from the trash.
  await openPage(page, 'Trash');
  await expect(page.getByText(/stay here for \d+ days/)).toBeVisible();
  await trashRow(page, 'lake.png')
    .getByRole('button', { name: 'Restore lake.png' })
    .click();
  await expect(
    page.getByText('Restored to Picnic 2025/lake.png.'),
  ).toBeVisible();
  await expect(trashRow(page, 'lake.png')).toHaveCount(0);
  await openPage(page, 'Library');
  await expect(fileRow(page, 'lake.png')).toBeVisible();

  // Delete it again and empty the trash: the meter drops by its size.
  await page.getByRole('button', { name: 'Delete lake.png' }).click();
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: 'Delete 1 file' })
    .click();
  await expect(fileRow(page, 'lake.png')).toHaveCount(0);
  await openPage(page, 'Trash');
  await expect(trashRow(page, 'lake.png')).toBeVisible();
  await page.getByRole('button', { name: 'Empty trash' }).click();
  await page.getByRole('button', { name: 'Delete for good' }).click();
  await expect(page.getByText('The trash is empty.')).toBeVisible();
  await expect(storageMeter(page)).toHaveAttribute(
    'aria-valuenow',
    String(usedWithPhotos - lake.length),
  );
});

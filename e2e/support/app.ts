import { expect, type Locator, type Page } from '@playwright/test';

/** Password of every demo member, as the local stack seeds it. */
export const demoPassword = 'Shoebox-demo-1';

export type ImageFile = { name: string; mimeType: string; buffer: Buffer };

export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

export function storageMeter(page: Page): Locator {
  return page.getByRole('meter', { name: 'Storage used' });
}

/** Reads the stored bytes from the meter once it has loaded. */
export async function readUsedBytes(page: Page): Promise<number> {
  const meter = storageMeter(page);
  await expect(meter).toHaveAttribute('aria-valuenow', /^\d+$/);

  return Number(await meter.getAttribute('aria-valuenow'));
}

export function uploadRow(page: Page, path: string): Locator {
  return page
    .getByRole('list', { name: 'Uploads' })
    .getByRole('listitem', { name: path, exact: true });
}

export function fileRow(page: Page, name: string): Locator {
  return page
    .getByRole('list', { name: 'Files' })
    .getByRole('listitem', { name, exact: true });
}

/**
 * Drops `files` on the drop zone the way a browser does: a `drop` event
 * whose DataTransfer holds real File objects.
 */
export async function dropFiles(page: Page, files: ImageFile[]): Promise<void> {
  const serialised = files.map((file) => ({
    name: file.name,
    mimeType: file.mimeType,
    base64: file.buffer.toString('base64'),
  }));
  const dataTransfer = await page.evaluateHandle((entries) => {
    const transfer = new DataTransfer();
    for (const entry of entries) {
      const bytes = Uint8Array.from(atob(entry.base64), (character) =>
        character.charCodeAt(0),
      );
      transfer.items.add(
        new File([bytes], entry.name, { type: entry.mimeType }),
      );
    }
    return transfer;
  }, serialised);

  // The zone's text changes once a drag enters it, so hold on to the
  // element rather than to a locator by name.
  const dropZone = await page
    .getByRole('button', { name: /Drop photos and files here/ })
    .elementHandle();
  if (!dropZone) {
    throw new Error('The drop zone is not on the page.');
  }
  await dropZone.dispatchEvent('dragenter', { dataTransfer });
  await dropZone.dispatchEvent('dragover', { dataTransfer });
  await dropZone.dispatchEvent('drop', { dataTransfer });
}

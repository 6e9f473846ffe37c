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
 * whose DataTransfer contains real File objects.
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

  const dropZone = await page
    .getByRole('region', { name: 'Drop zone' })
    .elementHandle();
  if (!dropZone) {
    throw new Error('The drop zone is not on the page.');
  }
  await dropZone.dispatchEvent('dragenter', { dataTransfer });
  await dropZone.dispatchEvent('dragover', { dataTransfer });
  await dropZone.dispatchEvent('drop', { dataTransfer });
}

/** Returns the dialog that lets the member choose what happens to a batch before it uploads. */
export function batchDialog(page: Page): Locator {
  return page.getByRole('dialog');
}

/**
 * Lists the paths of the member's files directly under `prefix`, page by
 * page, through the session API with the ID token the app holds.
 */
export async function listStoredPaths(
  page: Page,
  prefix: string,
): Promise<string[]> {
  return page.evaluate(async (folder) => {
    const outputs = await (await fetch('/amplify_outputs.json')).json();
    const stageUrl: string = outputs.custom.API.ShoeboxApi.endpoint;
    const endpoint = stageUrl.replace(/\/+$/, '');
    const tokenKey = Object.keys(localStorage).find((name) =>
      name.endsWith('.idToken'),
    );
    const token = tokenKey ? (localStorage.getItem(tokenKey) ?? '') : '';
    const paths: string[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ prefix: folder });
      if (cursor !== null) {
        query.set('cursor', cursor);
      }
      const response = await fetch(`${endpoint}/session?${query}`, {
        headers: { Authorization: token },
      });
      const page = await response.json();
      for (const file of page.files) {
        if (file.state === 'COMPLETE') {
          paths.push(file.path);
        }
      }
      cursor = page.cursor;
    } while (cursor !== null);

    return paths;
  }, prefix);
}

/**
 * Limits the page's upload speed through the DevTools protocol, so a test
 * can act while an upload is still running on loopback.
 */
export async function throttleUploads(
  page: Page,
  bytesPerSecond: number,
): Promise<void> {
  const session = await page.context().newCDPSession(page);
  await session.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond,
  });
}

import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  batchDialog,
  readUsedBytes,
  signIn,
  storageMeter,
  uploadRow,
} from './support/app';
import { createPng } from './support/images';

const MiB = 1024 ** 2;

/** Bob's cap as the local stack seeds it. */
const bobSeededCapBytes = 5 * MiB;

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);

  return page;
}

function memberRow(page: Page, email: string) {
  return page
    .getByRole('table', { name: 'Members' })
    .getByRole('row', { name: email });
}

/** Types a cap in MiB into a member's row and submits it. */
async function setCap(page: Page, email: string, mebibytes: number) {
  const row = memberRow(page, email);
  await row
    .getByLabel(`Cap for ${email}`, { exact: true })
    .fill(String(mebibytes));
  await row.getByLabel(`Cap for ${email} unit`).selectOption('MiB');
  await row.getByRole('button', { name: 'Set cap' }).click();
}

test('an admin raises bob’s cap and bob’s next upload fits', async ({
  browser,
}) => {
  const admin = await signedInPage(browser, 'admin@example.com');
  await admin
    .getByRole('navigation', { name: 'Pages' })
    .getByRole('button', { name: 'Admin' })
    .click();
  await expect(memberRow(admin, 'bob@example.com')).toContainText('5.0 MiB');
  const bob = await signedInPage(browser, 'bob@example.com');
  await expect(
    bob.getByRole('navigation', { name: 'Pages' }).getByRole('button'),
  ).toHaveText(['Library', 'Trash']);
  const usedBefore = await readUsedBytes(bob);
  // About 5.6 MiB of noise: more than bob's seeded 5 MiB cap.
  const panorama = createPng(1400, 1400, 61);
  expect(panorama.length).toBeGreaterThan(bobSeededCapBytes);

  await setCap(admin, 'bob@example.com', 20);

  await expect(memberRow(admin, 'bob@example.com')).toContainText('20.0 MiB');
  await bob.reload();
  await expect(storageMeter(bob)).toHaveAttribute(
    'aria-valuetext',
    /used of 20\.0 MiB/,
  );
  await bob.getByLabel('Files to upload').setInputFiles({
    name: 'panorama.png',
    mimeType: 'image/png',
    buffer: panorama,
  });
  await expect(uploadRow(bob, 'panorama.png')).toContainText('stored');
  await expect(batchDialog(bob)).toHaveCount(0);
  await expect(storageMeter(bob)).toHaveAttribute(
    'aria-valuenow',
    String(usedBefore + panorama.length),
  );

  // A cap below usage deletes nothing, and the page shows a warning.
  await setCap(admin, 'bob@example.com', bobSeededCapBytes / MiB);
  await expect(
    admin.getByRole('status').filter({ hasText: 'more than the new cap' }),
  ).toBeVisible();
  await expect(memberRow(admin, 'bob@example.com')).toContainText('5.0 MiB');

  // Leave bob as seeded for the other tests: nothing stored beyond before.
  await bob.getByRole('button', { name: 'Delete panorama.png' }).click();
  await bob
    .getByRole('alertdialog')
    .getByRole('button', { name: 'Delete 1 file' })
    .click();
  await bob
    .getByRole('navigation', { name: 'Pages' })
    .getByRole('button', { name: 'Trash' })
    .click();
  await bob.getByRole('button', { name: 'Empty trash' }).click();
  await bob.getByRole('button', { name: 'Delete for good' }).click();
  await expect(storageMeter(bob)).toHaveAttribute(
    'aria-valuenow',
    String(usedBefore),
  );
});

test('a member sees no admin page and the API returns 403', async ({
  page,
}) => {
  await signIn(page, 'alice@example.com');

  await expect(
    page.getByRole('navigation', { name: 'Pages' }).getByRole('button'),
  ).toHaveText(['Library', 'Trash']);
  const status = await page.evaluate(async () => {
    const outputs = await (await fetch('/amplify_outputs.json')).json();
    const endpoint = String(outputs.custom.API.ShoeboxApi.endpoint).replace(
      /\/+$/,
      '',
    );
    const tokenKey = Object.keys(localStorage).find((name) =>
      name.endsWith('.idToken'),
    );
    const token = tokenKey ? (localStorage.getItem(tokenKey) ?? '') : '';
    const response = await fetch(`${endpoint}/admin/users`, {
      headers: { Authorization: token },
    });

    return response.status;
  });
  expect(status).toBe(403);
});

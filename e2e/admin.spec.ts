import { expect, test, type Browser, type Page } from '@playwright/test';
import type { AdminUsersResponse } from '../amplify/core/api';
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

/**
 * Sends a request to the session API with the ID token that the page's
 * app holds, and returns the status and JSON body.
 */
async function callApi(
  page: Page,
  method: string,
  path: string,
  body?: object,
): Promise<{ status: number; json: unknown }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const outputs = await (await fetch('/amplify_outputs.json')).json();
      const endpoint = String(outputs.custom.API.ShoeboxApi.endpoint);
      const tokenKey = Object.keys(localStorage).find((name) =>
        name.endsWith('.idToken'),
      );
      const token = tokenKey ? (localStorage.getItem(tokenKey) ?? '') : '';
      const response = await fetch(`${endpoint.replace(/\/+$/, '')}${path}`, {
        method,
        headers: { Authorization: token, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

      return { status: response.status, json: await response.json() };
    },
    { method, path, body },
  );
}

/** Sets bob's cap back to the seeded one, whatever step failed. */
async function restoreBobsCap(admin: Page): Promise<void> {
  const { json } = await callApi(admin, 'GET', '/admin/users');
  const { members } = json as AdminUsersResponse;
  const bob = members.find(({ email }) => email === 'bob@example.com');
  if (bob && bob.capBytes !== bobSeededCapBytes) {
    await callApi(admin, 'PUT', `/admin/users/${bob.id}`, {
      capBytes: bobSeededCapBytes,
    });
  }
}

test('an admin raises bob’s cap and bob’s next upload fits', async ({
  browser,
}) => {
  const admin = await signedInPage(browser, 'admin@example.com');
  const bob = await signedInPage(browser, 'bob@example.com');
  try {
    await raiseCapAndUpload(admin, bob);
  } finally {
    // Other tests rely on bob as seeded: a 5 MiB cap and no panorama.
    await restoreBobsCap(admin);
    await callApi(bob, 'POST', '/session/trash', {
      paths: ['panorama.png'],
      permanent: true,
    });
    await callApi(bob, 'DELETE', '/session/trash');
  }
});

async function raiseCapAndUpload(admin: Page, bob: Page) {
  await admin
    .getByRole('navigation', { name: 'Pages' })
    .getByRole('button', { name: 'Admin' })
    .click();
  await expect(memberRow(admin, 'bob@example.com')).toContainText('5.0 MiB');
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

  // Deleting through the trash gives the bytes back once it is emptied.
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
}

test('a member sees no admin page and the API returns 403', async ({
  page,
}) => {
  await signIn(page, 'alice@example.com');

  await expect(
    page.getByRole('navigation', { name: 'Pages' }).getByRole('button'),
  ).toHaveText(['Library', 'Trash']);
  const { status } = await callApi(page, 'GET', '/admin/users');
  expect(status).toBe(403);
});

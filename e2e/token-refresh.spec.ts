import { expect, test, type Page } from '@playwright/test';
import { e2eTokenValiditySeconds } from '../playwright.config';
import { fileRow, signIn, uploadRow } from './support/app';
import { createPng } from './support/images';

/** Reads the ID token that Amplify keeps in local storage. */
async function readIdToken(page: Page): Promise<string> {
  return page.evaluate(() => {
    const key = Object.keys(localStorage).find((name) =>
      name.endsWith('.idToken'),
    );
    return key ? (localStorage.getItem(key) ?? '') : '';
  });
}

function readExpiry(idToken: string): number {
  const payload = idToken.split('.')[1] ?? '';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());

  return Number(claims.exp) * 1000;
}

test('a session outlives its ID token', async ({ page }) => {
  test.setTimeout((e2eTokenValiditySeconds + 60) * 1000);
  await signIn(page, 'admin@example.com');
  const firstToken = await readIdToken(page);
  const expiresAt = readExpiry(firstToken);

  // Waits until the token Amplify stores has really expired, so the next
  // request must refresh it through GetTokensFromRefreshToken.
  await expect
    .poll(() => Date.now() > expiresAt, {
      timeout: (e2eTokenValiditySeconds + 10) * 1000,
      intervals: [1000],
    })
    .toBe(true);
  await page.getByLabel('Files to upload').setInputFiles({
    name: 'after-expiry.png',
    mimeType: 'image/png',
    buffer: createPng(40, 30, 5),
  });

  await expect(uploadRow(page, 'after-expiry.png')).toContainText('stored');
  await expect(fileRow(page, 'after-expiry.png')).toBeVisible();
  expect(await readIdToken(page)).not.toBe(firstToken);
});

import { expect, test, type Request } from '@playwright/test';
import { e2ePorts } from '../playwright.config';
import {
  dropFiles,
  fileRow,
  readUsedBytes,
  signIn,
  storageMeter,
  uploadRow,
} from './support/app';
import { createPng } from './support/images';

const s3Origin = `http://127.0.0.1:${e2ePorts.s3}`;

/** Bytes the file gains between its policy and its POST. */
const grownBytes = 1024;

/**
 * Returns the multipart body of `request` with `extraBytes` more bytes at
 * the end of its `file` part, which is the last part, so the form stays
 * well formed.
 */
function growFilePart(request: Request, extraBytes: number): Buffer {
  const contentType = request.headers()['content-type'] ?? '';
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  const body = request.postDataBuffer();
  if (!boundary || !body) {
    throw new Error(
      `Expected a multipart/form-data POST to S3, got "${contentType}".`,
    );
  }

  const closing = Buffer.from(`\r\n--${boundary}--`);
  const end = body.lastIndexOf(closing);
  if (end === -1) {
    throw new Error('The POST body has no closing multipart boundary.');
  }

  return Buffer.concat([
    body.subarray(0, end),
    Buffer.alloc(extraBytes, 0x20),
    body.subarray(end),
  ]);
}

test('a file that grew after its policy is rejected by S3', async ({
  page,
}) => {
  const photo = {
    name: 'grew after signing.png',
    mimeType: 'image/png',
    buffer: createPng(120, 90, 7),
  };
  await page.route(`${s3Origin}/**`, async (route) => {
    const request = route.request();
    if (request.method() !== 'POST') {
      await route.continue();
      return;
    }
    await route.continue({ postData: growFilePart(request, grownBytes) });
  });
  await signIn(page, 'alice@example.com');
  const usedBefore = await readUsedBytes(page);
  const s3Response = page.waitForResponse(
    (response) =>
      response.url().startsWith(s3Origin) &&
      response.request().method() === 'POST',
  );

  await dropFiles(page, [photo]);

  const response = await s3Response;
  expect(response.status()).toBe(400);
  const body = await response.text();
  expect(body).toContain('<Code>EntityTooLarge</Code>');
  expect(body).toContain(
    `<ProposedSize>${photo.buffer.length + grownBytes}</ProposedSize>`,
  );
  expect(body).toContain(
    `<MaxSizeAllowed>${photo.buffer.length}</MaxSizeAllowed>`,
  );
  const row = uploadRow(page, photo.name);
  await expect(row).toContainText('failed');
  await expect(row).toContainText(
    'Your proposed upload exceeds the maximum allowed size (EntityTooLarge)',
  );
  await expect(fileRow(page, photo.name)).toHaveCount(0);
  await expect(storageMeter(page)).toHaveAttribute(
    'aria-valuenow',
    String(usedBefore),
  );
});

import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ListResponse } from '../../core/api';
import { batchPutItems } from '../../services/batch';
import { fileItemKey } from '../../services/table';
import { createApiEvent } from '../../test/events';
import { startTestStack, type TestStack } from '../../test/servers';
import { createSessionHandler, type SessionHandler } from './handler';

/**
 * Files in the large folder. `SHOEBOX_TEST_FOLDER_FILES=100000` measures
 * the folder size the library is built for; the default keeps the suite
 * fast on a shared machine.
 */
const fileCount = Number(process.env.SHOEBOX_TEST_FOLDER_FILES ?? '5000');
const pageSize = 500;

let stack: TestStack;
let handle: SessionHandler;
let scannedCounts: number[] = [];
const member = { sub: randomUUID(), email: 'big@example.com' };

beforeAll(async () => {
  stack = await startTestStack({
    SHOEBOX_LIST_PAGE_SIZE: String(pageSize),
  });
  handle = createSessionHandler(stack.dependencies);
  // Records how many items each query read, to show that the first page
  // reads one page of items however large the folder is.
  stack.dynamo.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const output = result.output as { ScannedCount?: number } | undefined;
      if (typeof output?.ScannedCount === 'number') {
        scannedCounts.push(output.ScannedCount);
      }
      return result;
    },
    { step: 'initialize', name: 'countScannedItems' },
  );

  const createdAt = new Date().toISOString();
  const items = Array.from({ length: fileCount }, (_, index) => {
    const path = `Big/IMG ${String(index).padStart(6, '0')}.jpg`;
    return {
      ...fileItemKey(member.sub, path),
      path,
      key: `users/${member.sub}/${path}`,
      state: 'COMPLETE',
      size: 1000,
      contentType: 'image/jpeg',
      storageClass: 'STANDARD',
      createdAt,
      updatedAt: createdAt,
    };
  });
  await batchPutItems(stack.dynamo, stack.settings.tableName, items);
}, 600_000);

afterAll(async () => {
  await stack?.close();
});

async function listPage(cursor?: string): Promise<ListResponse> {
  const result = await handle(
    createApiEvent({
      method: 'GET',
      claims: member,
      query:
        cursor === undefined ? { prefix: 'Big/' } : { prefix: 'Big/', cursor },
    }),
  );
  expect(result.statusCode, result.body).toBe(200);

  return JSON.parse(result.body) as ListResponse;
}

describe('GET /session on a large folder', () => {
  it('reads one page of items for the first page', async () => {
    scannedCounts = [];

    const first = await listPage();

    expect(first.files).toHaveLength(pageSize);
    expect(first.cursor).not.toBeNull();
    expect(scannedCounts.reduce((sum, count) => sum + count, 0)).toBe(pageSize);
  });

  it('pages through every file once with the cursor', async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listPage(cursor);
      for (const file of page.files) {
        seen.add(file.path);
      }
      cursor = page.cursor ?? undefined;
      pages += 1;
    } while (cursor !== undefined);

    expect(seen.size).toBe(fileCount);
    expect(pages).toBeGreaterThanOrEqual(fileCount / pageSize);
  }, 600_000);
});

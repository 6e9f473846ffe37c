import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SessionResponse } from '../../core/api';
import { getMember } from '../../services/members';
import { createApiEvent } from '../../test/events';
import { startTestStack, type TestStack } from '../../test/servers';
import { createSessionHandler } from './handler';

const fileBytes = 1000;
const fittingFiles = 20;
const parallelRequests = 50;

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({
    SHOEBOX_DEFAULT_CAP_BYTES: String(fittingFiles * fileBytes),
  });
});

afterAll(async () => {
  await stack?.close();
});

describe('PUT /session under concurrency', () => {
  it('grants exactly what fits across parallel requests', async () => {
    const handle = createSessionHandler(stack.dependencies);
    const sub = randomUUID();
    const requests = Array.from({ length: parallelRequests }, (_, i) =>
      handle(
        createApiEvent({
          method: 'PUT',
          claims: { sub },
          body: JSON.stringify({
            files: [
              { path: `${i}.jpg`, size: fileBytes, contentType: 'image/jpeg' },
            ],
          }),
        }),
      ),
    );

    const results = await Promise.all(requests);

    expect(results.map((result) => result.statusCode)).toEqual(
      Array(parallelRequests).fill(200),
    );
    const states = results.map(
      (result) =>
        (JSON.parse(result.body) as SessionResponse).uploads[0]?.state,
    );
    expect(states.filter((state) => state === 'INITIATED')).toHaveLength(
      fittingFiles,
    );
    expect(states.filter((state) => state === 'REJECTED')).toHaveLength(
      parallelRequests - fittingFiles,
    );
    const member = await getMember(stack.dynamo, stack.settings.tableName, sub);
    expect(member.reservedBytes).toBe(fittingFiles * fileBytes);
    expect(member.committedBytes).toBe(fittingFiles * fileBytes);
  });

  it('keeps mixed batches within the cap', async () => {
    const handle = createSessionHandler(stack.dependencies);
    const sub = randomUUID();
    const capBytes = fittingFiles * fileBytes;
    // Three files per request of 100 to 2,500 bytes, 9.75 times the cap in
    // total, in a fixed pattern so that a failure repeats.
    const sizes = (request: number) =>
      [0, 1, 2].map((i) => 100 + ((request * 7 + i * 13) % 25) * 100);
    const requests = Array.from({ length: parallelRequests }, (_, i) =>
      handle(
        createApiEvent({
          method: 'PUT',
          claims: { sub },
          body: JSON.stringify({
            files: sizes(i).map((size, j) => ({
              path: `${i}-${j}.jpg`,
              size,
              contentType: 'image/jpeg',
            })),
          }),
        }),
      ),
    );

    const results = await Promise.all(requests);

    expect(results.map((result) => result.statusCode)).toEqual(
      Array(parallelRequests).fill(200),
    );
    const grantedBytes = results
      .map((result, i) => {
        const { uploads } = JSON.parse(result.body) as SessionResponse;

        return uploads
          .map((upload, j) => (upload.state === 'INITIATED' ? sizes(i)[j]! : 0))
          .reduce((sum, size) => sum + size, 0);
      })
      .reduce((sum, bytes) => sum + bytes, 0);
    const member = await getMember(stack.dynamo, stack.settings.tableName, sub);
    expect(member.reservedBytes).toBe(grantedBytes);
    expect(member.committedBytes).toBe(grantedBytes);
    expect(member.committedBytes).toBeLessThanOrEqual(capBytes);
    expect(grantedBytes).toBeGreaterThan(capBytes - 2500);
  });
});

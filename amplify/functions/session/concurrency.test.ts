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
});

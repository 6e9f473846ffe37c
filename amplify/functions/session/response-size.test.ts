import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SessionResponse } from '../../core/api';
import { maxKeyBytes, memberPrefix } from '../../core/keys';
import { maxPostObjectBytes } from '../../core/session-request';
import { defaultSettings } from '../../core/settings';
import { createApiEvent } from '../../test/events';
import { startTestStack, type TestStack } from '../../test/servers';
import { createSessionHandler } from './handler';

/** Lambda's limit on a synchronous response payload: 6 MB. */
const lambdaResponseLimitBytes = 6 * 1024 * 1024;

let stack: TestStack;

beforeAll(async () => {
  // A cap large enough to grant every file, so each upload carries a policy.
  stack = await startTestStack({
    SHOEBOX_DEFAULT_CAP_BYTES: String(
      defaultSettings.maxFilesPerRequest * maxPostObjectBytes,
    ),
  });
});

afterAll(async () => {
  await stack?.close();
});

describe('PUT /session response size', () => {
  it('stays under half the Lambda limit at the file limit', async () => {
    const handle = createSessionHandler(stack.dependencies);
    const sub = randomUUID();
    // `"` doubles in JSON, so these paths make the longest response.
    const pathLength = maxKeyBytes - memberPrefix(sub).length;
    const files = Array.from(
      { length: defaultSettings.maxFilesPerRequest },
      (_, i) => ({
        path: `${String(i).padStart(3, '0')}${'"'.repeat(pathLength - 3)}`,
        size: maxPostObjectBytes,
        contentType: `application/${'x'.repeat(243)}`,
      }),
    );

    const result = await handle(
      createApiEvent({
        method: 'PUT',
        claims: { sub },
        body: JSON.stringify({ files }),
      }),
    );

    expect(result.statusCode).toBe(200);
    const response = JSON.parse(result.body) as SessionResponse;
    expect(
      response.uploads.every((upload) => upload.state === 'INITIATED'),
    ).toBe(true);
    expect(Buffer.byteLength(result.body)).toBeLessThan(
      lambdaResponseLimitBytes / 2,
    );
  });
});

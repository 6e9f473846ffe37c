import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';

import { readSettings } from '../core/settings';
import { resolveDependencies } from './dependencies';

const settings = readSettings({
  SHOEBOX_TABLE_NAME: 'shoebox',
  SHOEBOX_BUCKET_NAME: 'shoebox-files',
});

describe('resolveDependencies', () => {
  it('estimates S3 restores from the price table', () => {
    // estimateRestore sends no request, so the clients stay unused.
    const { archive } = resolveDependencies({
      settings,
      dynamo: DynamoDBDocumentClient.from(
        new DynamoDBClient({ region: 'us-east-1' }),
      ),
      s3: new S3Client({ region: 'us-east-1' }),
    });
    const requestedAt = '2026-03-01T12:00:00.000Z';
    const requestedMs = Date.parse(requestedAt);
    const readyMs =
      requestedMs + settings.prices.DEEP_ARCHIVE.restoreHours * 3_600_000;

    const restoring = archive.estimateRestore(
      { key: 'users/member/a.jpg', restoreRequestedAt: requestedAt },
      readyMs - 1,
    );
    const restored = archive.estimateRestore(
      { key: 'users/member/a.jpg', restoreRequestedAt: requestedAt },
      readyMs,
    );

    expect(settings.prices.DEEP_ARCHIVE.restoreHours).toBeGreaterThan(0);
    expect(restoring).toEqual({
      state: 'RESTORING',
      requestedAt,
      expectedAt: new Date(readyMs).toISOString(),
    });
    expect(restored.state).toBe('RESTORED');
  });
});

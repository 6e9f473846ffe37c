import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Event } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { EventName, S3EventPayload } from '../gate';
import { adaptLambdaHandler, createRetryingDelivery } from './event-delivery';

function payload(
  key: string,
  eventName: EventName = 'ObjectCreated:Post',
): S3EventPayload {
  const isCreate = eventName.startsWith('ObjectCreated:');

  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: '2026-01-02T03:04:05.678Z',
        eventName,
        userIdentity: { principalId: 'AWS:S3RVER' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': 'R', 'x-amz-id-2': 'H' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'shoebox-local-events',
          bucket: {
            name: 'bucket',
            ownerIdentity: { principalId: 'O' },
            arn: 'arn:aws:s3:::bucket',
          },
          object: {
            key,
            sequencer: '0000018BCFE5680000',
            ...(isCreate ? { size: 3, eTag: 'abc' } : {}),
          },
        },
      },
    ],
  };
}

describe('createRetryingDelivery', () => {
  const logger = new Logger({ logLevel: 'SILENT' });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('delivers a payload once when the handler succeeds', async () => {
    const handler = vi.fn(async () => undefined);
    const delivery = createRetryingDelivery({ logger, handler });

    await delivery.deliver(payload('users/u/a+b.jpg'));

    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler).toHaveBeenCalledWith(payload('users/u/a+b.jpg'));
  });

  it('retries a failed delivery', async () => {
    const handler = vi
      .fn<(event: S3EventPayload) => Promise<void>>()
      .mockRejectedValueOnce(new Error('table busy'))
      .mockResolvedValueOnce(undefined);
    const warn = vi.spyOn(logger, 'warn');
    const delivery = createRetryingDelivery({
      logger,
      handler,
      retryDelaysMs: [1],
    });

    await delivery.deliver(payload('users/u/a.jpg'));

    expect(handler).toHaveBeenCalledTimes(2);
    expect(handler.mock.calls[1]?.[0]).toEqual(handler.mock.calls[0]?.[0]);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('drops an event after the last retry', async () => {
    const handler = vi.fn(async () => {
      throw new Error('handler broken');
    });
    const error = vi.spyOn(logger, 'error');
    const delivery = createRetryingDelivery({
      logger,
      handler,
      retryDelaysMs: [1, 1],
    });

    await delivery.deliver(payload('users/u/a.jpg'));

    expect(handler).toHaveBeenCalledTimes(3);
    expect(error).toHaveBeenCalledWith(
      'Dropped S3 event after failed delivery',
      expect.objectContaining({ attempt: 3, key: 'users/u/a.jpg' }),
    );
  });

  it('ends a pending retry on cancel', async () => {
    const handler = vi.fn(async () => {
      throw new Error('handler broken');
    });
    const error = vi.spyOn(logger, 'error');
    const delivery = createRetryingDelivery({
      logger,
      handler,
      retryDelaysMs: [3_600_000],
    });

    const delivered = delivery.deliver(payload('users/u/a.jpg'));
    await vi.waitFor(() => expect(handler).toHaveBeenCalledTimes(1));
    delivery.cancelRetries();
    await delivered;

    expect(handler).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledWith(
      'Dropped S3 event on stop',
      expect.objectContaining({ key: 'users/u/a.jpg' }),
    );
  });
});

describe('adaptLambdaHandler', () => {
  it('passes a removal on without size or eTag', async () => {
    const received: S3Event[] = [];
    const handler = adaptLambdaHandler(async (event) => {
      received.push(event);
    });

    await handler(payload('users/u/gone.jpg', 'ObjectRemoved:Delete'));

    const object = received[0]?.Records[0]?.s3.object;
    expect(object).not.toHaveProperty('size');
    expect(object).not.toHaveProperty('eTag');
  });

  it('rejects a create without size', async () => {
    const handler = adaptLambdaHandler(async () => undefined);
    const created = payload('users/u/a.jpg');
    delete created.Records[0]?.s3.object.size;

    await expect(handler(created)).rejects.toThrow(
      'The ObjectCreated:Post record for users/u/a.jpg has no size or eTag',
    );
  });
});

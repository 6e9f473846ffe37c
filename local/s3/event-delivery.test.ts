import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Event } from 'aws-lambda';
import type { S3rverEvent } from 's3rver';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { createEventDelivery } from './event-delivery';
import { Sequencer } from './event-records';

const context = {
  region: 'us-east-1',
  configurationId: 'local-events',
  sequencer: new Sequencer(),
  readETag: async () => 'etag',
};

function postEvent(key: string): S3rverEvent {
  return {
    Records: [
      {
        eventName: 'ObjectCreated:Post',
        eventTime: '2026-01-02T03:04:05.678Z',
        userIdentity: { principalId: 'AWS:LOCAL' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: {},
        s3: {
          bucket: { name: 'bucket', ownerIdentity: { principalId: 'O' } },
          object: { key, size: 3, eTag: 'abc' },
        },
      },
    ],
  };
}

describe('createEventDelivery', () => {
  const logger = new Logger({ logLevel: 'SILENT' });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('delivers one record per event', async () => {
    const received: S3Event[] = [];
    const delivery = createEventDelivery({
      context,
      logger,
      handler: async (event) => {
        received.push(event);
      },
    });

    delivery.publish(postEvent('users/u/a b.jpg'));
    await delivery.drain();

    expect(received).toHaveLength(1);
    expect(received[0]?.Records).toHaveLength(1);
    expect(received[0]?.Records[0]?.s3.object.key).toBe('users/u/a+b.jpg');
  });

  it('retries a failed delivery', async () => {
    const handler = vi
      .fn<(event: S3Event) => Promise<void>>()
      .mockRejectedValueOnce(new Error('table busy'))
      .mockResolvedValueOnce(undefined);
    const warn = vi.spyOn(logger, 'warn');
    const delivery = createEventDelivery({
      context,
      logger,
      handler,
      retryDelaysMs: [1],
    });

    delivery.publish(postEvent('users/u/a.jpg'));
    await vi.waitFor(() => expect(handler).toHaveBeenCalledTimes(2));
    await delivery.drain();

    expect(handler.mock.calls[1]?.[0]).toEqual(handler.mock.calls[0]?.[0]);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('drops an event after the last retry', async () => {
    const handler = vi.fn(async () => {
      throw new Error('handler broken');
    });
    const error = vi.spyOn(logger, 'error');
    const delivery = createEventDelivery({
      context,
      logger,
      handler,
      retryDelaysMs: [1, 1],
    });

    delivery.publish(postEvent('users/u/a.jpg'));
    await vi.waitFor(() => expect(error).toHaveBeenCalled());
    await delivery.drain();

    expect(handler).toHaveBeenCalledTimes(3);
    expect(error).toHaveBeenCalledWith(
      'Dropped S3 event after failed delivery',
      expect.objectContaining({ attempt: 3, key: 'users/u/a.jpg' }),
    );
  });

  it('cancels a pending retry on drain', async () => {
    const handler = vi.fn(async () => {
      throw new Error('handler broken');
    });
    const error = vi.spyOn(logger, 'error');
    const delivery = createEventDelivery({
      context,
      logger,
      handler,
      retryDelaysMs: [3_600_000],
    });

    delivery.publish(postEvent('users/u/a.jpg'));
    await vi.waitFor(() => expect(handler).toHaveBeenCalledTimes(1));
    await delivery.drain();

    expect(handler).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledWith(
      'Dropped S3 event on stop',
      expect.objectContaining({ key: 'users/u/a.jpg' }),
    );
  });
});

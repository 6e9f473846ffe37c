import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { ExpiryResult } from '../amplify/services/expiry';
import { startSweepTimer } from './sweep';

const logger = new Logger({ logLevel: 'SILENT' });
const emptyResult: ExpiryResult = {
  expiredCount: 0,
  releasedBytes: 0,
  finishedChangeCount: 0,
  settledReservationCount: 0,
};

afterEach(() => {
  vi.useRealTimers();
});

describe('startSweepTimer', () => {
  it('runs the sweep once per interval', async () => {
    vi.useFakeTimers();
    const sweep = vi.fn(async () => emptyResult);
    const timer = startSweepTimer(sweep, 30, logger);

    await vi.advanceTimersByTimeAsync(29_999);
    const beforeFirst = sweep.mock.calls.length;
    await vi.advanceTimersByTimeAsync(60_001);

    expect(beforeFirst).toBe(0);
    expect(sweep).toHaveBeenCalledTimes(3);
    await timer.stop();
  });

  it('skips a tick while a run is in progress', async () => {
    vi.useFakeTimers();
    let finish: () => void = () => undefined;
    const sweep = vi.fn(
      () =>
        new Promise<ExpiryResult>((resolve) => {
          finish = () => resolve(emptyResult);
        }),
    );
    const timer = startSweepTimer(sweep, 1, logger);

    await vi.advanceTimersByTimeAsync(3_000);
    finish();
    await vi.advanceTimersByTimeAsync(1_000);

    expect(sweep).toHaveBeenCalledTimes(2);
    finish();
    await timer.stop();
  });

  it('keeps running after a failed run', async () => {
    vi.useFakeTimers();
    const sweep = vi
      .fn<() => Promise<ExpiryResult>>()
      .mockRejectedValueOnce(new Error('table unavailable'))
      .mockResolvedValue(emptyResult);
    const timer = startSweepTimer(sweep, 1, logger);

    await vi.advanceTimersByTimeAsync(2_000);

    expect(sweep).toHaveBeenCalledTimes(2);
    await timer.stop();
  });

  it('stops calling the sweep after stop', async () => {
    vi.useFakeTimers();
    const sweep = vi.fn(async () => emptyResult);
    const timer = startSweepTimer(sweep, 1, logger);

    await timer.stop();
    await vi.advanceTimersByTimeAsync(5_000);

    expect(sweep).not.toHaveBeenCalled();
  });
});

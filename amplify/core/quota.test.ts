import { describe, expect, it } from 'vitest';

import {
  availableBytes,
  planReservation,
  quotaExceeded,
  toQuota,
} from './quota';

const MiB = 1024 * 1024;

describe('availableBytes', () => {
  it('subtracts used and reserved bytes from the cap', () => {
    expect(
      availableBytes({ capBytes: 100, usedBytes: 30, reservedBytes: 20 }),
    ).toBe(50);
  });

  it('never goes below zero when a cap was lowered', () => {
    expect(
      availableBytes({ capBytes: 100, usedBytes: 90, reservedBytes: 30 }),
    ).toBe(0);
  });
});

describe('toQuota', () => {
  it('copies the counters and adds availableBytes', () => {
    expect(toQuota({ capBytes: 10, usedBytes: 4, reservedBytes: 1 })).toEqual({
      capBytes: 10,
      usedBytes: 4,
      reservedBytes: 1,
      availableBytes: 5,
    });
  });
});

describe('planReservation', () => {
  it('grants every file when the batch fits exactly', () => {
    const usage = { capBytes: 300, usedBytes: 100, reservedBytes: 0 };

    const plan = planReservation(usage, [
      { path: 'a.jpg', size: 150 },
      { path: 'b.jpg', size: 50 },
    ]);

    expect(plan.decisions.map((decision) => decision.fits)).toEqual([
      true,
      true,
    ]);
    expect(plan.reservedBytes).toBe(200);
  });

  it('rejects a file that does not fit and still grants later ones', () => {
    const usage = { capBytes: 100, usedBytes: 0, reservedBytes: 40 };

    const plan = planReservation(usage, [
      { path: 'small.jpg', size: 30 },
      { path: 'video.mov', size: 50 },
      { path: 'tiny.jpg', size: 30 },
    ]);

    expect(plan.decisions.map((decision) => decision.fits)).toEqual([
      true,
      false,
      true,
    ]);
    expect(plan.reservedBytes).toBe(60);
  });

  it('states what is left after earlier files of the batch', () => {
    const usage = { capBytes: 5 * MiB, usedBytes: 0, reservedBytes: 0 };

    const plan = planReservation(usage, [
      { path: 'first.jpg', size: Math.round(1.9 * MiB) },
      { path: 'big.mov', size: 12 * MiB },
    ]);

    expect(plan.decisions[1]).toEqual({
      file: { path: 'big.mov', size: 12 * MiB },
      fits: false,
      reason: {
        code: 'QUOTA_EXCEEDED',
        message:
          '"big.mov" needs 12.0 MiB, but 3.1 MiB is left of your 5.0 MiB; ' +
          'delete files or ask an admin for a larger cap.',
      },
    });
  });

  it('grants zero-byte files when nothing is left', () => {
    const usage = { capBytes: 10, usedBytes: 10, reservedBytes: 0 };

    const plan = planReservation(usage, [{ path: 'empty.txt', size: 0 }]);

    expect(plan.decisions).toEqual([
      { file: { path: 'empty.txt', size: 0 }, fits: true },
    ]);
    expect(plan.reservedBytes).toBe(0);
  });

  it('returns an empty plan for an empty batch', () => {
    const usage = { capBytes: 10, usedBytes: 0, reservedBytes: 0 };

    expect(planReservation(usage, [])).toEqual({
      decisions: [],
      reservedBytes: 0,
    });
  });
});

describe('quotaExceeded', () => {
  it('names the path, the need, what is left and the cap', () => {
    const reason = quotaExceeded('a b.jpg', 2048, 1024, 4096);

    expect(reason.code).toBe('QUOTA_EXCEEDED');
    expect(reason.message).toContain('"a b.jpg" needs 2.0 KiB');
    expect(reason.message).toContain('1.0 KiB is left of your 4.0 KiB');
  });
});

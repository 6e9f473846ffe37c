import { describe, expect, it } from 'vitest';

import {
  applyPriceOverrides,
  classAtAge,
  defaultPrices,
  earlyRemovalUsd,
  estimateMonthlyCost,
  lifecycleSavings,
  monthlyStorageUsd,
  type LifecycleTransition,
} from './cost';

const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

const photoRules: LifecycleTransition[] = [
  { afterDays: 30, storageClass: 'STANDARD_IA' },
  { afterDays: 180, storageClass: 'GLACIER_IR' },
];

describe('monthlyStorageUsd', () => {
  it('bills 10 GiB of STANDARD at $0.023 per GB', () => {
    expect(monthlyStorageUsd(10 * GiB, 'STANDARD', defaultPrices)).toBeCloseTo(
      0.23,
      12,
    );
  });

  it('bills a 1 KiB STANDARD_IA file as 128 KiB', () => {
    // 128 KiB is 1/8192 GB; 0.0125 / 8192.
    const expected = 0.0000015258789;

    expect(monthlyStorageUsd(KiB, 'STANDARD_IA', defaultPrices)).toBeCloseTo(
      expected,
      12,
    );
  });

  it('bills a 1 KiB GLACIER_IR file as 128 KiB', () => {
    // 0.004 / 8192.
    expect(monthlyStorageUsd(KiB, 'GLACIER_IR', defaultPrices)).toBeCloseTo(
      0.00000048828125,
      14,
    );
  });

  it('adds the DEEP_ARCHIVE index overhead at two prices', () => {
    // 1 GiB + 32 KiB at 0.00099, plus 8 KiB at 0.023:
    // 0.00099 + 0.000000030212402 + 0.000000175476074.
    expect(monthlyStorageUsd(GiB, 'DEEP_ARCHIVE', defaultPrices)).toBeCloseTo(
      0.000990205688477,
      14,
    );
  });
});

describe('earlyRemovalUsd', () => {
  it('charges the 60 days left of a 90-day minimum', () => {
    // 3 GiB * 0.004 = 0.012 a month, times 60 / 30.
    expect(
      earlyRemovalUsd(3 * GiB, 'GLACIER_IR', 30, defaultPrices),
    ).toBeCloseTo(0.024, 12);
  });

  it('charges nothing once the minimum has passed', () => {
    expect(earlyRemovalUsd(GiB, 'STANDARD_IA', 31, defaultPrices)).toBe(0);
  });

  it('charges nothing for STANDARD', () => {
    expect(earlyRemovalUsd(GiB, 'STANDARD', 0, defaultPrices)).toBe(0);
  });
});

describe('classAtAge', () => {
  it('keeps a young file in its upload class', () => {
    expect(classAtAge('STANDARD', MiB, 29, photoRules)).toBe('STANDARD');
  });

  it('moves a file on the day a rule is due', () => {
    expect(classAtAge('STANDARD', MiB, 30, photoRules)).toBe('STANDARD_IA');
  });

  it('applies the coldest due rule', () => {
    expect(classAtAge('STANDARD', MiB, 200, photoRules)).toBe('GLACIER_IR');
  });

  it('leaves files under 128 KiB alone', () => {
    expect(classAtAge('STANDARD', 100 * KiB, 400, photoRules)).toBe('STANDARD');
  });

  it('never moves a file to a warmer class', () => {
    expect(classAtAge('DEEP_ARCHIVE', MiB, 400, photoRules)).toBe(
      'DEEP_ARCHIVE',
    );
  });
});

describe('estimateMonthlyCost', () => {
  it('sums files by the class they are in today', () => {
    const files = [
      { size: 2 * GiB, uploadClass: 'STANDARD' as const, ageDays: 5 },
      { size: 4 * GiB, uploadClass: 'STANDARD' as const, ageDays: 45 },
      { size: KiB, uploadClass: 'STANDARD_IA' as const, ageDays: 1 },
    ];

    const estimate = estimateMonthlyCost(files, photoRules, defaultPrices);

    const standard = estimate.byClass.find(
      (total) => total.storageClass === 'STANDARD',
    );
    const infrequent = estimate.byClass.find(
      (total) => total.storageClass === 'STANDARD_IA',
    );
    // 2 * 0.023 = 0.046.
    expect(standard?.monthlyUsd).toBeCloseTo(0.046, 12);
    expect(standard?.fileCount).toBe(1);
    // 4 * 0.0125 + 0.0125 / 8192 = 0.05 + 0.0000015258789.
    expect(infrequent?.monthlyUsd).toBeCloseTo(0.0500015258789, 12);
    expect(infrequent?.bytes).toBe(4 * GiB + KiB);
    expect(infrequent?.billedBytes).toBe(4 * GiB + 128 * KiB);
    expect(estimate.monthlyUsd).toBeCloseTo(0.0960015258789, 12);
  });

  it('lists every class even when empty', () => {
    const estimate = estimateMonthlyCost([], photoRules, defaultPrices);

    expect(estimate.byClass.map((total) => total.storageClass)).toEqual([
      'STANDARD',
      'STANDARD_IA',
      'GLACIER_IR',
      'DEEP_ARCHIVE',
    ]);
    expect(estimate.monthlyUsd).toBe(0);
  });
});

describe('lifecycleSavings', () => {
  it('charges the transition in the month it is due', () => {
    const files = [{ size: GiB, uploadClass: 'STANDARD' as const, ageDays: 0 }];

    const series = lifecycleSavings(
      files,
      [{ afterDays: 30, storageClass: 'STANDARD_IA' }],
      defaultPrices,
      { year: 2026, month: 11 },
      3,
    );

    expect(series.map((month) => month.month)).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
    ]);
    // Month 1: 0.023 in STANDARD plus one transition at 0.01 / 1000.
    expect(series[0]?.withLifecycleUsd).toBeCloseTo(0.02301, 12);
    expect(series[0]?.savedUsd).toBeCloseTo(-0.00001, 12);
    // Month 2: 0.0125 in STANDARD_IA against 0.023.
    expect(series[1]?.withLifecycleUsd).toBeCloseTo(0.0125, 12);
    expect(series[1]?.savedUsd).toBeCloseTo(0.0105, 12);
  });

  it('adds the early removal charge of a class left too soon', () => {
    const files = [
      { size: GiB, uploadClass: 'STANDARD_IA' as const, ageDays: 0 },
    ];

    const [first] = lifecycleSavings(
      files,
      [{ afterDays: 10, storageClass: 'GLACIER_IR' }],
      defaultPrices,
      { year: 2026, month: 12 },
      1,
    );

    // 0.0125 storage + 0.02 / 1000 transition + 20 of 30 minimum days left
    // in STANDARD_IA: 0.0125 * 20 / 30 = 0.0083333.
    expect(first?.withLifecycleUsd).toBeCloseTo(0.0208533333, 9);
    expect(first?.withoutLifecycleUsd).toBeCloseTo(0.0125, 12);
  });
});

describe('applyPriceOverrides', () => {
  it('replaces only the named fields', () => {
    const prices = applyPriceOverrides(
      defaultPrices,
      { STANDARD: { storageUsdPerGbMonth: 0.0245 } },
      'SHOEBOX_PRICES',
    );

    expect(prices.STANDARD.storageUsdPerGbMonth).toBe(0.0245);
    expect(prices.STANDARD.uploadUsdPer1000).toBe(0.005);
    expect(defaultPrices.STANDARD.storageUsdPerGbMonth).toBe(0.023);
  });

  it('rejects an unknown class', () => {
    expect(() =>
      applyPriceOverrides(defaultPrices, { GLACIER: {} }, 'SHOEBOX_PRICES'),
    ).toThrow('names the class "GLACIER"');
  });

  it('rejects a negative price', () => {
    expect(() =>
      applyPriceOverrides(
        defaultPrices,
        { STANDARD: { retrievalUsdPerGb: -1 } },
        'SHOEBOX_PRICES',
      ),
    ).toThrow('SHOEBOX_PRICES.STANDARD.retrievalUsdPerGb is -1');
  });
});

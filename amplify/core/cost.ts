/**
 * The storage cost model: list prices per storage class, the minimum size
 * and minimum duration charges, the class a lifecycle rule puts a file in
 * at a given age, and monthly estimates built from those. Estimates cover
 * storage and the charges that follow from it. They leave out data
 * transfer and GET requests, because those depend on how often files are
 * opened.
 */

import type {
  ClassCost,
  CostEstimate,
  MonthlySavings,
  UploadStorageClass,
} from './api';

/** Prices and minimums of one storage class, in US dollars. */
export type ClassPrice = {
  storageUsdPerGbMonth: number;
  retrievalUsdPerGb: number;
  /** PUT, POST and COPY requests. */
  uploadUsdPer1000: number;
  /** Lifecycle transition requests into this class. */
  transitionUsdPer1000: number;
  minimumStorageDays: number;
  minimumBillableBytes: number;
  /**
   * Index data that S3 keeps per archived object and bills on top of its
   * size: 8 KiB at the STANDARD price and 32 KiB at this class's price.
   */
  archiveOverhead?: { standardBytes: number; classBytes: number };
  restoreHours: number;
};

export type PriceTable = Record<UploadStorageClass, ClassPrice>;

/** Classes from warmest to coldest; lifecycle rules only move files colder. */
export const uploadStorageClasses: readonly UploadStorageClass[] = [
  'STANDARD',
  'STANDARD_IA',
  'GLACIER_IR',
  'DEEP_ARCHIVE',
];

/** S3 bills storage per GB-month where 1 GB is 2^30 bytes. */
export const bytesPerGb = 1024 ** 3;

/** Estimates treat a month as 30 days, the length S3's minimums assume. */
export const daysPerMonth = 30;

/**
 * S3 lifecycle rules skip objects under 128 KiB when transitioning, by
 * default since September 2024, because the minimum billable size would
 * make the move cost more than it saves.
 */
export const transitionMinimumBytes = 128 * 1024;

/** Source of `defaultPrices`. */
export const defaultPriceSource = {
  region: 'us-east-1',
  // NOTE: the values are the first-50-TB list prices of
  // https://aws.amazon.com/s3/pricing/ as recorded on this date, without a
  // fetch of the page. Check them there before quoting a bill.
  takenOn: '2026-12-04',
} as const;

/** us-east-1 list prices; `SHOEBOX_PRICES` overrides any of them. */
export const defaultPrices: PriceTable = {
  STANDARD: {
    storageUsdPerGbMonth: 0.023,
    retrievalUsdPerGb: 0,
    uploadUsdPer1000: 0.005,
    transitionUsdPer1000: 0,
    minimumStorageDays: 0,
    minimumBillableBytes: 0,
    restoreHours: 0,
  },
  STANDARD_IA: {
    storageUsdPerGbMonth: 0.0125,
    retrievalUsdPerGb: 0.01,
    uploadUsdPer1000: 0.01,
    transitionUsdPer1000: 0.01,
    minimumStorageDays: 30,
    minimumBillableBytes: 128 * 1024,
    restoreHours: 0,
  },
  GLACIER_IR: {
    storageUsdPerGbMonth: 0.004,
    retrievalUsdPerGb: 0.03,
    uploadUsdPer1000: 0.02,
    transitionUsdPer1000: 0.02,
    minimumStorageDays: 90,
    minimumBillableBytes: 128 * 1024,
    restoreHours: 0,
  },
  DEEP_ARCHIVE: {
    storageUsdPerGbMonth: 0.00099,
    // Standard retrieval tier, which takes up to 12 hours.
    retrievalUsdPerGb: 0.02,
    uploadUsdPer1000: 0.05,
    transitionUsdPer1000: 0.05,
    minimumStorageDays: 180,
    minimumBillableBytes: 0,
    archiveOverhead: { standardBytes: 8 * 1024, classBytes: 32 * 1024 },
    restoreHours: 12,
  },
};

/** A lifecycle transition: files at least `afterDays` old move to the class. */
export type LifecycleTransition = {
  afterDays: number;
  storageClass: UploadStorageClass;
};

/** A stored file, reduced to what its cost depends on. */
export type CostFile = {
  size: number;
  /** Class the file was uploaded in. */
  uploadClass: UploadStorageClass;
  /** Days since the file was uploaded (or restored from the trash). */
  ageDays: number;
};

/**
 * Returns the class a file is in at `ageDays`: the coldest class among the
 * transitions that are due and colder than the upload class. Files under
 * 128 KiB stay where they were uploaded, as S3 skips them.
 */
export function classAtAge(
  uploadClass: UploadStorageClass,
  size: number,
  ageDays: number,
  transitions: readonly LifecycleTransition[],
): UploadStorageClass {
  if (size < transitionMinimumBytes) {
    return uploadClass;
  }

  let current = uploadClass;
  for (const transition of transitions) {
    if (
      ageDays >= transition.afterDays &&
      coldness(transition.storageClass) > coldness(current)
    ) {
      current = transition.storageClass;
    }
  }

  return current;
}

function coldness(storageClass: UploadStorageClass): number {
  return uploadStorageClasses.indexOf(storageClass);
}

/**
 * Returns the bytes a file is billed for in a class: at least the class's
 * minimum billable size, and for archive classes the index overhead split
 * by the price it is billed at.
 */
export function billedBytes(
  size: number,
  price: ClassPrice,
): { classBytes: number; standardBytes: number } {
  const classBytes = Math.max(size, price.minimumBillableBytes);
  const overhead = price.archiveOverhead;

  return {
    classBytes: classBytes + (overhead?.classBytes ?? 0),
    standardBytes: overhead?.standardBytes ?? 0,
  };
}

/** Returns one month of storage for `size` bytes kept in a class. */
export function monthlyStorageUsd(
  size: number,
  storageClass: UploadStorageClass,
  prices: PriceTable,
): number {
  const billed = billedBytes(size, prices[storageClass]);

  return (
    (billed.classBytes / bytesPerGb) *
      prices[storageClass].storageUsdPerGbMonth +
    (billed.standardBytes / bytesPerGb) * prices.STANDARD.storageUsdPerGbMonth
  );
}

/**
 * Returns the charge for removing a file, or moving it to another class,
 * after `storedDays` in a class with a minimum duration: the storage of the
 * remaining days, prorated per day of a 30-day month.
 */
export function earlyRemovalUsd(
  size: number,
  storageClass: UploadStorageClass,
  storedDays: number,
  prices: PriceTable,
): number {
  const remainingDays = prices[storageClass].minimumStorageDays - storedDays;
  if (remainingDays <= 0) {
    return 0;
  }

  return (
    (monthlyStorageUsd(size, storageClass, prices) * remainingDays) /
    daysPerMonth
  );
}

/**
 * Estimates one month of storage for files in the classes they are in
 * today. Every class appears in `byClass`, in warm-to-cold order.
 */
export function estimateMonthlyCost(
  files: Iterable<CostFile>,
  transitions: readonly LifecycleTransition[],
  prices: PriceTable,
): CostEstimate {
  const totals = new Map<UploadStorageClass, ClassCost>(
    uploadStorageClasses.map((storageClass) => [
      storageClass,
      { storageClass, bytes: 0, fileCount: 0, billedBytes: 0, monthlyUsd: 0 },
    ]),
  );
  for (const file of files) {
    const storageClass = classAtAge(
      file.uploadClass,
      file.size,
      file.ageDays,
      transitions,
    );
    const total = totals.get(storageClass);
    if (total === undefined) {
      continue;
    }
    const billed = billedBytes(file.size, prices[storageClass]);
    total.bytes += file.size;
    total.fileCount += 1;
    total.billedBytes += billed.classBytes + billed.standardBytes;
    total.monthlyUsd += monthlyStorageUsd(file.size, storageClass, prices);
  }

  const byClass = [...totals.values()];

  return {
    monthlyUsd: byClass.reduce((sum, total) => sum + total.monthlyUsd, 0),
    byClass,
  };
}

/**
 * Returns, for each of the next `months` months, the storage bill of
 * today's files with and without the lifecycle rules. The first month
 * starts today, at each file's current age.
 */
export function lifecycleSavings(
  files: readonly CostFile[],
  transitions: readonly LifecycleTransition[],
  prices: PriceTable,
  firstMonth: { year: number; month: number },
  months = 12,
): MonthlySavings[] {
  const series: MonthlySavings[] = [];
  for (let index = 0; index < months; index += 1) {
    let withoutLifecycleUsd = 0;
    let withLifecycleUsd = 0;
    for (const file of files) {
      const startAge = file.ageDays + index * daysPerMonth;
      const endAge = startAge + daysPerMonth;
      withoutLifecycleUsd += monthlyStorageUsd(
        file.size,
        file.uploadClass,
        prices,
      );
      withLifecycleUsd += monthWithLifecycleUsd(
        file,
        startAge,
        endAge,
        transitions,
        prices,
      );
    }
    series.push({
      month: monthName(firstMonth, index),
      withoutLifecycleUsd,
      withLifecycleUsd,
      savedUsd: withoutLifecycleUsd - withLifecycleUsd,
    });
  }

  return series;
}

/**
 * Returns the bill of one file for the month from `startAge` to `endAge`,
 * in the class it starts the month in. A transition due during the month
 * adds its request and the early removal charge of the class it leaves.
 */
function monthWithLifecycleUsd(
  file: CostFile,
  startAge: number,
  endAge: number,
  transitions: readonly LifecycleTransition[],
  prices: PriceTable,
): number {
  const before = classAtAge(file.uploadClass, file.size, startAge, transitions);
  const after = classAtAge(file.uploadClass, file.size, endAge, transitions);
  const storageUsd = monthlyStorageUsd(file.size, before, prices);
  if (before === after) {
    return storageUsd;
  }

  const storedDays =
    entryAge(file, after, transitions) - entryAge(file, before, transitions);

  return (
    storageUsd +
    prices[after].transitionUsdPer1000 / 1000 +
    earlyRemovalUsd(file.size, before, storedDays, prices)
  );
}

/** Age at which a file entered `storageClass`: 0 for its upload class. */
function entryAge(
  file: CostFile,
  storageClass: UploadStorageClass,
  transitions: readonly LifecycleTransition[],
): number {
  if (storageClass === file.uploadClass) {
    return 0;
  }
  const transition = transitions.find(
    (candidate) => candidate.storageClass === storageClass,
  );

  return transition?.afterDays ?? 0;
}

function monthName(
  first: { year: number; month: number },
  offset: number,
): string {
  const monthIndex = first.month - 1 + offset;
  const year = first.year + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;

  return `${year}-${String(month).padStart(2, '0')}`;
}

/**
 * Merges price overrides, such as `{"STANDARD":{"storageUsdPerGbMonth":
 * 0.0245}}`, into a table. Throws on an unknown class or field, or a value
 * that is not a number of zero or more.
 */
export function applyPriceOverrides(
  table: PriceTable,
  overrides: unknown,
  source: string,
): PriceTable {
  if (typeof overrides !== 'object' || overrides === null) {
    throw new Error(
      `${source} must be a JSON object of storage classes, e.g. ` +
        '{"STANDARD":{"storageUsdPerGbMonth":0.0245}}.',
    );
  }

  const merged: PriceTable = { ...table };
  for (const [name, fields] of Object.entries(overrides)) {
    const storageClass = uploadStorageClasses.find((known) => known === name);
    if (storageClass === undefined) {
      throw new Error(
        `${source} names the class "${name}"; use one of ` +
          `${uploadStorageClasses.join(', ')}.`,
      );
    }
    merged[storageClass] = mergeClassPrice(
      table[storageClass],
      fields,
      `${source}.${name}`,
    );
  }

  return merged;
}

const numericPriceFields = [
  'storageUsdPerGbMonth',
  'retrievalUsdPerGb',
  'uploadUsdPer1000',
  'transitionUsdPer1000',
  'minimumStorageDays',
  'minimumBillableBytes',
  'restoreHours',
] as const;

function mergeClassPrice(
  price: ClassPrice,
  fields: unknown,
  source: string,
): ClassPrice {
  if (typeof fields !== 'object' || fields === null) {
    throw new Error(`${source} must be an object of price fields.`);
  }

  const merged: ClassPrice = { ...price };
  for (const [field, value] of Object.entries(fields)) {
    const known = numericPriceFields.find((name) => name === field);
    if (known === undefined) {
      throw new Error(
        `${source} has the unknown field "${field}"; use one of ` +
          `${numericPriceFields.join(', ')}.`,
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error(
        `${source}.${field} is ${JSON.stringify(value)}, but it must be a ` +
          'number of zero or more.',
      );
    }
    merged[known] = value;
  }

  return merged;
}

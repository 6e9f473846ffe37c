import type {
  CostResponse,
  InitiatedUpload,
  ListResponse,
  Quota,
  RejectedUpload,
  StorageClassOption,
  StoredFile,
} from '../../amplify/core/api';

export const apiEndpoint = 'https://api.shoebox.test/prod';
export const sessionUrl = `${apiEndpoint}/session`;
export const bucketUrl = 'https://shoebox-bucket.s3.test/';
export const idToken = 'header.payload.signature';
export const memberSub = 'member-sub-1';

export const MiB = 1024 ** 2;
export const GiB = 1024 ** 3;

export function makeQuota(overrides: Partial<Quota> = {}): Quota {
  const quota = {
    capBytes: 10 * GiB,
    usedBytes: 0,
    reservedBytes: 0,
    ...overrides,
  };

  return {
    ...quota,
    availableBytes: Math.max(
      0,
      quota.capBytes - quota.usedBytes - quota.reservedBytes,
    ),
  };
}

export function makeInitiated(path: string): InitiatedUpload {
  const key = `users/${memberSub}/${path}`;

  return {
    path,
    state: 'INITIATED',
    uploadId: `upload-${path}`,
    key,
    url: bucketUrl,
    fields: {
      bucket: 'shoebox-bucket',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20250101/eu-west-1/s3/aws4_request',
      'X-Amz-Date': '20250101T000000Z',
      key,
      'Content-Type': 'image/jpeg',
      Policy: 'eyJleHBpcmF0aW9uIjoiMjAzMCJ9',
      'X-Amz-Signature': 'abc123',
    },
    expiresAt: '2030-01-01T00:00:00.000Z',
  };
}

export function makeRejected(path: string, message: string): RejectedUpload {
  return {
    path,
    state: 'REJECTED',
    reason: { code: 'QUOTA_EXCEEDED', message },
  };
}

export function makeStoredFile(
  path: string,
  overrides: Partial<StoredFile> = {},
): StoredFile {
  return {
    key: `users/${memberSub}/${path}`,
    path,
    size: 1000,
    state: 'COMPLETE',
    lastModified: '2025-03-14T09:26:53.000Z',
    ...overrides,
  };
}

export function makeListing(
  overrides: Partial<ListResponse> = {},
): ListResponse {
  return {
    quota: makeQuota(),
    files: [],
    folders: [],
    cursor: null,
    ...overrides,
  };
}

export const costUrl = `${sessionUrl}/cost`;

export const storageClassOptions: StorageClassOption[] = [
  {
    storageClass: 'STANDARD',
    label: 'Standard',
    description: 'For files opened often.',
    storageUsdPerGbMonth: 0.023,
    retrievalUsdPerGb: 0,
    uploadUsdPer1000: 0.005,
    minimumStorageDays: 0,
    minimumBillableBytes: 0,
    restoreHours: 0,
  },
  {
    storageClass: 'STANDARD_IA',
    label: 'Infrequent',
    description: 'For files opened a few times a year.',
    storageUsdPerGbMonth: 0.0125,
    retrievalUsdPerGb: 0.01,
    uploadUsdPer1000: 0.01,
    minimumStorageDays: 30,
    minimumBillableBytes: 128 * 1024,
    restoreHours: 0,
  },
  {
    storageClass: 'GLACIER_IR',
    label: 'Archive instant',
    description: 'For files kept for years and opened rarely.',
    storageUsdPerGbMonth: 0.004,
    retrievalUsdPerGb: 0.03,
    uploadUsdPer1000: 0.02,
    minimumStorageDays: 90,
    minimumBillableBytes: 128 * 1024,
    restoreHours: 0,
  },
  {
    storageClass: 'DEEP_ARCHIVE',
    label: 'Deep archive',
    description: 'For copies you hope never to need.',
    storageUsdPerGbMonth: 0.00099,
    retrievalUsdPerGb: 0.02,
    uploadUsdPer1000: 0.05,
    minimumStorageDays: 180,
    minimumBillableBytes: 40 * 1024,
    restoreHours: 12,
  },
];

export function makeCost(overrides: Partial<CostResponse> = {}): CostResponse {
  return {
    prices: {
      region: 'us-east-1',
      takenOn: '2026-12-01',
      isOverridden: false,
      currency: 'USD',
    },
    storageClasses: storageClassOptions,
    defaultStorageClass: 'STANDARD',
    estimate: { monthlyUsd: 0, byClass: [] },
    ...overrides,
  };
}

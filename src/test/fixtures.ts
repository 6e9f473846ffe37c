import type {
  InitiatedUpload,
  ListResponse,
  Quota,
  RejectedUpload,
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

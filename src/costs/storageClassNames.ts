import type { UploadStorageClass } from '../../amplify/core/api';

/**
 * Plain names of the storage classes, as `GET /session/cost` labels them,
 * for places that show a file's class without loading the prices.
 */
export const storageClassNames: Record<UploadStorageClass, string> = {
  STANDARD: 'Standard',
  STANDARD_IA: 'Infrequent',
  GLACIER_IR: 'Archive instant',
  DEEP_ARCHIVE: 'Deep archive',
};

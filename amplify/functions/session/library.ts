/**
 * Library routes of one member: download URLs, Deep Archive restores and
 * the monthly cost estimate.
 */

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';

import type {
  ArchiveRestoreResponse,
  CostResponse,
  DownloadResponse,
  StorageClassOption,
  UploadStorageClass,
} from '../../core/api';
import { contentDisposition, fileNameOf } from '../../core/content-disposition';
import {
  classAtAge,
  defaultPriceSource,
  estimateMonthlyCost,
  uploadStorageClasses,
} from '../../core/cost';
import { InvalidInputError, ShoeboxError } from '../../core/errors';
import { normalizePath } from '../../core/keys';
import type { Settings } from '../../core/settings';
import type { ResolvedDependencies } from '../../services/dependencies';
import { readInventory } from '../../services/inventory';
import { presignDownload } from '../../services/objects';
import { fileItemKey } from '../../services/table';
import { getFile, type FileRecord } from '../../services/uploads';

const dayMs = 86_400_000;

/** Plain words for each class, as the upload chooser shows them. */
const classWords: Record<
  UploadStorageClass,
  { label: string; description: string }
> = {
  STANDARD: { label: 'Standard', description: 'For files opened often.' },
  STANDARD_IA: {
    label: 'Infrequent',
    description: 'For files opened a few times a year; opens at once.',
  },
  GLACIER_IR: {
    label: 'Archive instant',
    description: 'For files opened about once a year; opens at once.',
  },
  DEEP_ARCHIVE: {
    label: 'Deep archive',
    description: 'For files kept for years; a download waits hours.',
  },
};

/** Returns the class a file is in today, after the lifecycle rules. */
export function currentClass(
  file: Pick<FileRecord, 'storageClass' | 'size' | 'createdAt'>,
  settings: Settings,
  nowMs: number,
): UploadStorageClass {
  const ageDays = Math.floor((nowMs - Date.parse(file.createdAt)) / dayMs);

  return classAtAge(
    file.storageClass ?? 'STANDARD',
    file.size,
    Math.max(0, ageDays),
    settings.lifecycleTransitions,
  );
}

/** `GET /session/download?path=&disposition=`. */
export async function createDownload(
  dependencies: ResolvedDependencies,
  memberId: string,
  query: { path?: string; disposition?: string },
): Promise<DownloadResponse> {
  const { settings } = dependencies;
  const file = await readStoredFile(dependencies, memberId, query.path);
  const disposition = query.disposition ?? 'attachment';
  if (disposition !== 'attachment' && disposition !== 'inline') {
    throw new InvalidInputError(
      'INVALID_DISPOSITION',
      `disposition is ${JSON.stringify(disposition)}; send attachment to ` +
        'save the file or inline to show it in the browser.',
    );
  }

  const nowMs = dependencies.now();
  if (currentClass(file, settings, nowMs) === 'DEEP_ARCHIVE') {
    const restore = await dependencies.archive.readRestore(file);
    if (restore.state !== 'RESTORED') {
      throw new ShoeboxError(
        `${JSON.stringify(file.path)} is in Deep Archive and is ` +
          `${restore.state.toLowerCase()}; request a restore with POST ` +
          '/session/archive-restore and download it once restored.',
        { code: 'NOT_RESTORED', statusCode: 409, isUserVisible: true },
      );
    }
  }

  const fileName = fileNameOf(file.path);
  const url = await presignDownload(dependencies.s3, {
    bucketName: settings.bucketName,
    key: file.key,
    contentDisposition: contentDisposition(fileName, disposition),
    contentType: file.contentType,
    expirySeconds: settings.downloadUrlExpirySeconds,
  });

  return {
    path: file.path,
    url,
    expiresAt: new Date(
      nowMs + settings.downloadUrlExpirySeconds * 1000,
    ).toISOString(),
    fileName,
  };
}

/** `POST /session/archive-restore`. */
export async function restoreArchivedFile(
  dependencies: ResolvedDependencies,
  logger: Logger,
  memberId: string,
  path: string,
): Promise<ArchiveRestoreResponse> {
  const { dynamo, settings } = dependencies;
  const file = await readStoredFile(dependencies, memberId, path);
  const nowMs = dependencies.now();
  if (currentClass(file, settings, nowMs) !== 'DEEP_ARCHIVE') {
    throw new ShoeboxError(
      `${JSON.stringify(path)} is not in Deep Archive; download it directly.`,
      { code: 'NOT_ARCHIVED', statusCode: 409, isUserVisible: true },
    );
  }

  const current = await dependencies.archive.readRestore(file);
  if (current.state !== 'ARCHIVED') {
    return { path, archive: current };
  }

  const requestedAt = new Date(nowMs).toISOString();
  await dynamo.send(
    new UpdateCommand({
      TableName: settings.tableName,
      Key: fileItemKey(memberId, path),
      UpdateExpression: 'SET restoreRequestedAt = :at',
      ConditionExpression: '#state = :complete',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':at': requestedAt,
        ':complete': 'COMPLETE',
      },
    }),
  );
  const started = await dependencies.archive.requestRestore(file.key);
  logger.info('Archive restore requested', { path, started });

  return {
    path,
    archive: await dependencies.archive.readRestore({
      key: file.key,
      restoreRequestedAt: requestedAt,
    }),
  };
}

/** `GET /session/cost`. */
export async function memberCost(
  dependencies: ResolvedDependencies,
  memberId: string,
): Promise<CostResponse> {
  const { settings } = dependencies;
  const inventory = await readInventory(
    dependencies.dynamo,
    settings.tableName,
    memberId,
    dependencies.now(),
  );

  return {
    prices: priceSource(settings),
    storageClasses: storageClassOptions(settings),
    defaultStorageClass: settings.storageClass,
    estimate: estimateMonthlyCost(
      inventory.files,
      settings.lifecycleTransitions,
      settings.prices,
    ),
  };
}

export function priceSource(settings: Settings): CostResponse['prices'] {
  return {
    ...defaultPriceSource,
    isOverridden: settings.arePricesOverridden,
    currency: 'USD',
  };
}

function storageClassOptions(settings: Settings): StorageClassOption[] {
  return uploadStorageClasses.map((storageClass) => {
    const price = settings.prices[storageClass];

    return {
      storageClass,
      ...classWords[storageClass],
      storageUsdPerGbMonth: price.storageUsdPerGbMonth,
      retrievalUsdPerGb: price.retrievalUsdPerGb,
      uploadUsdPer1000: price.uploadUsdPer1000,
      minimumStorageDays: price.minimumStorageDays,
      minimumBillableBytes: price.minimumBillableBytes,
      restoreHours: price.restoreHours,
    };
  });
}

async function readStoredFile(
  dependencies: ResolvedDependencies,
  memberId: string,
  rawPath: string | undefined,
): Promise<FileRecord> {
  if (rawPath === undefined || rawPath === '') {
    throw new InvalidInputError(
      'INVALID_PATH',
      "path is missing; send the file's path as GET /session lists it.",
    );
  }

  const path = normalizePath(rawPath, 'path');
  const file = await getFile(
    dependencies.dynamo,
    dependencies.settings.tableName,
    memberId,
    path,
  );
  if (file === undefined || file.state !== 'COMPLETE') {
    throw new ShoeboxError(
      `${JSON.stringify(path)} is not a stored file; reload the folder.`,
      { code: 'NOT_FOUND', statusCode: 404, isUserVisible: true },
    );
  }

  return file;
}

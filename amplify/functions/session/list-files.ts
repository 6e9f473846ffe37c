/**
 * `GET /session?prefix=&cursor=`: one page of a member's folder with their
 * quota. The cursor is opaque to the browser: base64url JSON naming the
 * listed prefix and the last entry returned.
 */

import type { Logger } from '@aws-lambda-powertools/logger';

import type { ListResponse, StoredFile } from '../../core/api';
import { InvalidInputError } from '../../core/errors';
import { maxKeyBytes, normalizeFolderPrefix } from '../../core/keys';
import { toQuota } from '../../core/quota';
import { thumbnailKey } from '../../core/thumbnails';
import type { ResolvedDependencies } from '../../services/dependencies';
import { listFolder, type ListPosition } from '../../services/listing';
import { getMember, memberUsage } from '../../services/members';
import type { FileRecord } from '../../services/uploads';
import { presignDownload } from '../../services/objects';
import { expireDueUploads } from './expire-due';
import { currentClass } from './library';

export type ListQuery = { prefix?: string; cursor?: string };

export async function listFiles(
  dependencies: ResolvedDependencies,
  logger: Logger,
  memberId: string,
  query: ListQuery,
): Promise<ListResponse> {
  const { dynamo, settings } = dependencies;
  const prefix = normalizeFolderPrefix(query.prefix ?? '', 'prefix');
  const after = query.cursor ? decodeCursor(query.cursor, prefix) : undefined;

  let member = await getMember(dynamo, settings.tableName, memberId);
  if (await expireDueUploads(dependencies, logger, member)) {
    member = await getMember(dynamo, settings.tableName, memberId);
  }
  const page = await listFolder(dynamo, settings.tableName, {
    memberId,
    prefix,
    after,
    pageSize: settings.listPageSize,
  });

  return {
    quota: toQuota(memberUsage(member, settings.defaultCapBytes)),
    files: await describeFiles(dependencies, page.files),
    folders: page.folders,
    cursor: page.next ? encodeCursor(prefix, page.next) : null,
  };
}

/**
 * Converts listed file items into the API's shape, with the class each
 * file is in today and a presigned thumbnail URL where one was uploaded.
 */
async function describeFiles(
  dependencies: ResolvedDependencies,
  files: readonly FileRecord[],
): Promise<StoredFile[]> {
  const { settings } = dependencies;
  const nowMs = dependencies.now();
  const described: StoredFile[] = [];
  for (const file of files) {
    if (file.state !== 'INITIATED' && file.state !== 'COMPLETE') {
      continue;
    }
    const storageClass = currentClass(file, settings, nowMs);
    described.push({
      key: file.key,
      path: file.path,
      size: file.size,
      state: file.state,
      lastModified: file.updatedAt,
      contentType: file.contentType ?? 'application/octet-stream',
      storageClass,
      createdAt: file.createdAt,
      thumbnailUrl:
        file.hasThumbnail && file.uploadId !== undefined
          ? await presignDownload(dependencies.s3, {
              bucketName: settings.bucketName,
              key: thumbnailKey(file.memberId, file.uploadId),
              contentDisposition: 'inline',
              expirySeconds: settings.downloadUrlExpirySeconds,
            })
          : undefined,
      archive:
        storageClass === 'DEEP_ARCHIVE'
          ? dependencies.archive.estimateRestore(file, nowMs)
          : undefined,
    });
  }

  return described;
}

export function encodeCursor(prefix: string, position: ListPosition): string {
  const json = JSON.stringify({ prefix, ...position });

  return Buffer.from(json, 'utf8').toString('base64url');
}

/**
 * Reads a cursor that an earlier page of the same prefix returned. Throws
 * InvalidInputError for anything else, including a cursor of another
 * folder.
 */
export function decodeCursor(cursor: string, prefix: string): ListPosition {
  const invalid = (problem: string) =>
    new InvalidInputError(
      'INVALID_CURSOR',
      `cursor ${JSON.stringify(cursor.slice(0, 60))} ${problem}; send the ` +
        'cursor from the previous page of the same prefix, or none for ' +
        'the first page.',
    );

  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw invalid(`is not a cursor this API returned (${String(error)})`);
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !('prefix' in parsed) ||
    !('path' in parsed) ||
    !('isFolder' in parsed) ||
    typeof parsed.path !== 'string' ||
    typeof parsed.isFolder !== 'boolean'
  ) {
    throw invalid('is not a cursor this API returned');
  }
  if (Buffer.byteLength(parsed.path, 'utf8') > maxKeyBytes) {
    throw invalid('names a path longer than any key');
  }
  if (parsed.prefix !== prefix || !parsed.path.startsWith(prefix)) {
    throw invalid(`belongs to another prefix than ${JSON.stringify(prefix)}`);
  }

  return { path: parsed.path, isFolder: parsed.isFolder };
}

/**
 * `PUT /session`: reserve bytes for the files that fit, claim a path and
 * sign a POST policy for each, and record the rest as rejected.
 */

import { randomUUID } from 'node:crypto';

import type { Logger } from '@aws-lambda-powertools/logger';

import type {
  InitiatedUpload,
  Reason,
  SessionResponse,
  Upload,
} from '../../core/api';
import { ShoeboxError } from '../../core/errors';
import { toObjectKey } from '../../core/keys';
import { canHaveThumbnail, thumbnailKey } from '../../core/thumbnails';
import { toQuota } from '../../core/quota';
import type { ValidatedFile } from '../../core/session-request';
import type { ResolvedDependencies } from '../../services/dependencies';
import { memberUsage, type Member } from '../../services/members';
import { createUploadPolicy } from '../../services/policies';
import { closeReservation } from '../../services/reservations';
import {
  claimPath,
  recordRejectedUploads,
  type RejectedUploadRecord,
} from '../../services/uploads';
import { createThumbnailPolicy } from './thumbnails';
import { choosePaths, findFreeCopyName, type PathTable } from './paths';
import { reserve, type Reservation } from './reserve';

/** Claims of one file's path before the file is rejected. */
const maxClaimAttempts = 5;
/** Files whose paths are claimed at the same time. */
const claimsInParallel = 25;

export type Caller = { memberId: string; email?: string };

export type StartUploadsResult = {
  response: SessionResponse;
  grantedCount: number;
  rejectedCount: number;
};

/** Values that every claim of one request shares. */
type ClaimContext = { createdAt: string; reservationId?: string };

/** A file placed at its final path, with the key under the member's prefix. */
type PlacedFile = ValidatedFile & {
  requestedPath: string;
  key: string;
  /** Size of the stored file that the upload replaces, if any. */
  replacedBytes?: number;
};

/**
 * Starts uploads for validated files in request order: picks each file's
 * path, reserves the bytes of the files that fit, and returns a signed
 * policy for each granted file and a reason for each rejected one.
 */
export async function startUploads(
  dependencies: ResolvedDependencies,
  logger: Logger,
  caller: Caller,
  files: readonly ValidatedFile[],
): Promise<StartUploadsResult> {
  const { dynamo, settings } = dependencies;
  const table: PathTable = {
    dynamo,
    tableName: settings.tableName,
    memberId: caller.memberId,
  };
  // Checks every key's length before a read uses it as a sort key.
  for (const file of files) {
    toObjectKey(caller.memberId, file.path, pathField(file));
  }
  const paths = await choosePaths(table, files);
  const placed = files.map((file, i): PlacedFile => {
    const { path, replacedBytes } = paths[i] ?? { path: file.path };

    return {
      ...file,
      requestedPath: file.path,
      path,
      replacedBytes,
      key: toObjectKey(caller.memberId, path, pathField(file)),
    };
  });

  const reservation = await reserve(dependencies, logger, caller, placed);
  const createdAt = new Date(dependencies.now()).toISOString();
  const claim = { createdAt, reservationId: reservation.reservationId };
  const uploads: Upload[] = [];
  for (let start = 0; start < placed.length; start += claimsInParallel) {
    const decisions = reservation.decisions.slice(
      start,
      start + claimsInParallel,
    );
    const issued = await Promise.all(
      decisions.map((decision) =>
        decision.fits
          ? issueUpload(dependencies, logger, table, decision.file, claim)
          : rejectedUpload(decision.file, decision.reason),
      ),
    );
    uploads.push(...issued);
  }
  dependencies.afterWrite('file');

  const rejected: RejectedUploadRecord[] = [];
  let unclaimedBytes = 0;
  for (const [i, upload] of uploads.entries()) {
    const decision = reservation.decisions[i];
    if (decision === undefined || upload.state !== 'REJECTED') {
      continue;
    }
    rejected.push(
      rejectedRecord(caller, decision.file, upload.reason, createdAt),
    );
    if (decision.fits) {
      // The bytes were reserved, but no path could be claimed.
      unclaimedBytes += decision.file.size;
    }
  }
  await recordRejectedUploads(dynamo, settings.tableName, rejected);
  const member = await closeRequestReservation(
    dependencies,
    reservation,
    unclaimedBytes,
  );

  return {
    response: {
      quota: toQuota(memberUsage(member, settings.defaultCapBytes)),
      uploads,
    },
    grantedCount: uploads.length - rejected.length,
    rejectedCount: rejected.length,
  };
}

/**
 * Signs a policy for the file and claims its path. When another request
 * claimed the path since it was chosen, moves on to the next free copy
 * name. Returns a REJECTED upload when no claim succeeded or no copy name
 * is left.
 */
async function issueUpload(
  dependencies: ResolvedDependencies,
  logger: Logger,
  table: PathTable,
  file: PlacedFile,
  claim: ClaimContext,
): Promise<Upload> {
  try {
    return await claimAndSign(dependencies, logger, table, file, claim);
  } catch (error) {
    if (error instanceof ShoeboxError && error.isUserVisible) {
      logger.warn('No path could be claimed for the upload', {
        path: file.requestedPath,
        error,
      });

      return rejectedUpload(file, { code: error.code, message: error.message });
    }
    throw error;
  }
}

async function claimAndSign(
  dependencies: ResolvedDependencies,
  logger: Logger,
  table: PathTable,
  file: PlacedFile,
  { createdAt, reservationId }: ClaimContext,
): Promise<Upload> {
  const { settings } = dependencies;
  const uploadId = randomUUID();
  const tried = new Set<string>();
  let { path, key, replacedBytes } = file;
  const storageClass = file.storageClass ?? settings.storageClass;
  const thumbnail =
    file.thumbnail && canHaveThumbnail(file.contentType)
      ? await createThumbnailPolicy(dependencies.s3, {
          bucketName: settings.bucketName,
          key: thumbnailKey(table.memberId, uploadId),
          maxBytes: settings.thumbnailMaxBytes,
          expirySeconds: settings.policyExpirySeconds,
        })
      : undefined;
  for (let attempt = 0; attempt < maxClaimAttempts; attempt += 1) {
    const policy = await createUploadPolicy(dependencies.s3, {
      bucketName: settings.bucketName,
      key,
      size: file.size,
      contentType: file.contentType,
      storageClass,
      expirySeconds: settings.policyExpirySeconds,
    });
    const claimed = await claimPath(table.dynamo, table.tableName, {
      memberId: table.memberId,
      path,
      key,
      size: file.size,
      contentType: file.contentType,
      uploadId,
      createdAt,
      updatedAt: createdAt,
      expiresAt: policy.expiresAt,
      replacedBytes,
      reservationId,
      storageClass,
      hasThumbnail: thumbnail === undefined ? undefined : true,
    });
    if (claimed) {
      return {
        ...initiatedUpload(path, key, uploadId, policy),
        storageClass,
        thumbnail,
      };
    }

    logger.warn('Path was claimed by another upload; trying a copy name', {
      path,
      attempt: attempt + 1,
    });
    tried.add(path);
    // A replaced file that changed since it was read is kept, too.
    replacedBytes = undefined;
    path = await findFreeCopyName(table, file.requestedPath, 2, tried);
    key = toObjectKey(table.memberId, path, pathField(file));
  }

  return rejectedUpload(file, {
    code: 'PATH_BUSY',
    message:
      `${JSON.stringify(file.requestedPath)} and its copy names were taken ` +
      'by concurrent uploads; try again.',
  });
}

/**
 * Gives back the bytes of files that got no path and closes the request's
 * reservation. Returns the member as the response reports it.
 */
async function closeRequestReservation(
  dependencies: ResolvedDependencies,
  reservation: Reservation<PlacedFile>,
  unclaimedBytes: number,
): Promise<Member> {
  const { dynamo, settings } = dependencies;
  const { member, reservationId } = reservation;
  if (reservationId === undefined) {
    return member;
  }

  await closeReservation(
    dynamo,
    settings.tableName,
    member.memberId,
    reservationId,
    unclaimedBytes,
  );

  return {
    ...member,
    reservedBytes: member.reservedBytes - unclaimedBytes,
    committedBytes: member.committedBytes - unclaimedBytes,
  };
}

function pathField(file: ValidatedFile): string {
  return `files[${file.index}].path`;
}

function initiatedUpload(
  path: string,
  key: string,
  uploadId: string,
  policy: { url: string; fields: Record<string, string>; expiresAt: string },
): InitiatedUpload {
  return {
    path,
    state: 'INITIATED',
    uploadId,
    key,
    url: policy.url,
    fields: policy.fields,
    expiresAt: policy.expiresAt,
  };
}

function rejectedUpload(file: PlacedFile, reason: Reason): Upload {
  return { path: file.requestedPath, state: 'REJECTED', reason };
}

function rejectedRecord(
  caller: Caller,
  file: PlacedFile,
  reason: Reason,
  createdAt: string,
): RejectedUploadRecord {
  return {
    memberId: caller.memberId,
    uploadId: randomUUID(),
    path: file.requestedPath,
    key: file.key,
    size: file.size,
    contentType: file.contentType,
    reason,
    createdAt,
  };
}

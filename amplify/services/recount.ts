/**
 * Recount: proves and repairs the rule that a member's used bytes and file
 * count equal the sizes and number of their objects in the bucket. It
 * lists the bucket, makes each file item agree with its object (checked
 * again with HeadObject just before the write, since events keep
 * arriving), then sets each member's counters to the sum of their file
 * items. Every write is conditional on what was read, so a recount running
 * beside uploads and events repairs drift without adding any.
 */

import { randomUUID } from 'node:crypto';

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';

import { fileUsage, usageChange, type UsageChange } from '../core/accounting';
import type {
  RecountCounterFix,
  RecountFileFix,
  RecountResponse,
} from '../core/api';
import { getMember, type Member } from './members';
import { finishPendingChange } from './pending-changes';
import {
  headObjectSize,
  listMemberIds,
  listMemberObjects,
  readFiles,
  type RecountTarget,
  type StoredObject,
} from './recount-reads';
import { isConditionalCheckFailed, memberItemKey } from './table';
import { sumTrash } from './trash';
import { getFile, replaceFile, type FileRecord } from './uploads';

export type { RecountTarget } from './recount-reads';

/** Passes over one member before the recount gives up on them. */
const maxAttempts = 8;

export type FileFix = RecountFileFix;
export type CounterFix = RecountCounterFix;
export type RecountReport = RecountResponse;

/** Recounts every member found in the table or the bucket. */
export async function recountAll(
  target: RecountTarget,
): Promise<RecountReport> {
  const objects = await listMemberObjects(target);
  const memberIds = new Set([
    ...(await listMemberIds(target)),
    ...objects.keys(),
  ]);
  const report: RecountReport = {
    checkedMembers: memberIds.size,
    checkedObjects: 0,
    checkedBytes: 0,
    fileFixes: [],
    counterFixes: [],
    skippedMembers: [],
  };
  for (const memberObjects of objects.values()) {
    for (const object of memberObjects.values()) {
      report.checkedObjects += 1;
      report.checkedBytes += object.size;
    }
  }

  for (const memberId of [...memberIds].sort()) {
    const memberObjects = objects.get(memberId) ?? new Map();
    const areFilesRepaired = await repairFiles(
      target,
      memberId,
      memberObjects,
      report,
    );
    const areCountersRepaired = await repairCounters(target, memberId, report);
    if (!areFilesRepaired || !areCountersRepaired) {
      report.skippedMembers.push(memberId);
    }
  }

  return report;
}

/** Tells whether a file item's counted object differs from the bucket's. */
function disagrees(file: FileRecord | undefined, object?: StoredObject) {
  const usage = fileUsage(file);
  if (object === undefined) {
    return usage.fileCount > 0;
  }

  return usage.fileCount === 0 || usage.usedBytes !== object.size;
}

/**
 * Makes each of the member's file items count exactly its object in the
 * bucket: a missing or differently sized object is set COMPLETE with the
 * object's size, and a counted file without an object is set DELETED.
 */
async function repairFiles(
  target: RecountTarget,
  memberId: string,
  objects: Map<string, StoredObject>,
  report: RecountReport,
): Promise<boolean> {
  let isRepaired = true;
  const files = new Map(
    (await readFiles(target, memberId)).map((file) => [file.path, file]),
  );
  const paths = new Set([...objects.keys(), ...files.keys()]);
  for (const path of paths) {
    if (disagrees(files.get(path), objects.get(path))) {
      const key = objects.get(path)?.key ?? files.get(path)?.key;
      if (!(await repairFile(target, memberId, path, key ?? '', report))) {
        isRepaired = false;
      }
    }
  }

  return isRepaired;
}

async function repairFile(
  target: RecountTarget,
  memberId: string,
  path: string,
  key: string,
  report: RecountReport,
): Promise<boolean> {
  const pendingTarget = { ...target, memberId, path };
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const file = await getFile(target.dynamo, target.tableName, memberId, path);
    if (file?.pendingChange !== undefined) {
      await finishPendingChange(
        pendingTarget,
        file.pendingChange,
        target.now(),
      );
      continue;
    }
    const size = await headObjectSize(target, key);
    const object = size === undefined ? undefined : { key, size };
    if (!disagrees(file, object)) {
      return true;
    }

    const time = new Date(target.now()).toISOString();
    const next: FileRecord = {
      memberId,
      path,
      key,
      state: object === undefined ? 'DELETED' : 'COMPLETE',
      size: object?.size ?? file?.size ?? 0,
      contentType: file?.contentType,
      uploadId: file?.uploadId,
      createdAt: file?.createdAt ?? time,
      updatedAt: time,
      expiresAt: file?.expiresAt,
      reservationId: file?.reservationId,
      storageClass: file?.storageClass,
      hasThumbnail: file?.hasThumbnail,
      restoreRequestedAt: file?.restoreRequestedAt,
      // Kept, so events older than the repaired state stay ignored and
      // newer ones apply on top of it.
      sequencer: file?.sequencer,
    };
    const usage = usageChange(file, next);
    const change = { id: randomUUID(), ...usage };
    const written = await replaceFile(
      target.dynamo,
      target.tableName,
      file && { state: file.state, sequencer: file.sequencer },
      { ...next, pendingChange: change },
    );
    if (!written) {
      continue;
    }

    await finishPendingChange(pendingTarget, change, target.now());
    report.fileFixes.push({
      memberId,
      path,
      before: file ? { state: file.state, size: file.size } : null,
      after: {
        state: object === undefined ? 'DELETED' : 'COMPLETE',
        size: next.size,
      },
    });

    return true;
  }

  return false;
}

/**
 * Sets the member's used bytes and file count to the sums over their file
 * items, if the member item still contains the values read. Returns false
 * when the member kept changing.
 */
async function repairCounters(
  target: RecountTarget,
  memberId: string,
  report: RecountReport,
): Promise<boolean> {
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    // The member is read before the files: a change that lands between
    // the two reads alters the member, and the conditional write fails.
    const member = await getMember(target.dynamo, target.tableName, memberId);
    const files = await readFiles(target, memberId);
    const pending = files.find((file) => file.pendingChange !== undefined);
    if (pending?.pendingChange !== undefined) {
      await finishPendingChange(
        { ...target, memberId, path: pending.path },
        pending.pendingChange,
        target.now(),
      );
      continue;
    }

    // Files in the trash stay counted until S3 removes their copies.
    const trash = await sumTrash(target.dynamo, target.tableName, memberId);
    const total = files.map(fileUsage).reduce(addUsage, {
      usedBytes: trash.usedBytes,
      reservedBytes: 0,
      fileCount: trash.fileCount,
    });
    const fixes: CounterFix[] = [];
    if (total.usedBytes !== member.usedBytes) {
      fixes.push({
        memberId,
        counter: 'usedBytes',
        before: member.usedBytes,
        after: total.usedBytes,
      });
    }
    if (total.fileCount !== member.fileCount) {
      fixes.push({
        memberId,
        counter: 'fileCount',
        before: member.fileCount,
        after: total.fileCount,
      });
    }
    if (fixes.length === 0) {
      return true;
    }
    if (await setCounters(target, member, total)) {
      report.counterFixes.push(...fixes);
      return true;
    }
  }

  return false;
}

async function setCounters(
  target: RecountTarget,
  seen: Member,
  total: UsageChange,
): Promise<boolean> {
  try {
    await target.dynamo.send(
      new UpdateCommand({
        TableName: target.tableName,
        Key: memberItemKey(seen.memberId),
        UpdateExpression:
          'SET usedBytes = :used, fileCount = :files, ' +
          'committedBytes = :committed',
        ConditionExpression:
          'usedBytes = :seenUsed AND fileCount = :seenFiles AND ' +
          'reservedBytes = :seenReserved',
        ExpressionAttributeValues: {
          ':used': total.usedBytes,
          ':files': total.fileCount,
          ':committed': total.usedBytes + seen.reservedBytes,
          ':seenUsed': seen.usedBytes,
          ':seenFiles': seen.fileCount,
          ':seenReserved': seen.reservedBytes,
        },
      }),
    );

    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) {
      return false;
    }
    throw error;
  }
}

function addUsage(sum: UsageChange, usage: UsageChange): UsageChange {
  return {
    usedBytes: sum.usedBytes + usage.usedBytes,
    reservedBytes: sum.reservedBytes + usage.reservedBytes,
    fileCount: sum.fileCount + usage.fileCount,
  };
}

/**
 * File items (one per path, from the first upload to the last event) and
 * the records of rejected uploads.
 */

import {
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import type { UsageChange } from '../core/accounting';
import type { Reason, UploadStorageClass } from '../core/api';
import { storageClasses } from '../core/settings';
import type { RecordState } from '../core/states';
import { optionalNumber, optionalString } from './attributes';
import { batchGetItems, batchPutItems } from './batch';
import { fileItemKey, isConditionalCheckFailed, uploadItemKey } from './table';

export type FileRecord = {
  memberId: string;
  path: string;
  key: string;
  state: RecordState;
  /** Declared size while INITIATED or EXPIRED, then the size S3 reported. */
  size: number;
  contentType?: string;
  /**
   * The upload that last claimed the path; absent for objects that Shoebox
   * issued no policy for.
   */
  uploadId?: string;
  /** ISO 8601 times. */
  createdAt: string;
  updatedAt: string;
  expiresAt?: string;
  /** Normalised sequencer of the last S3 event applied to this file. */
  sequencer?: string;
  /**
   * Size of the stored object that an INITIATED or EXPIRED upload replaces;
   * it stays counted until the new object arrives.
   */
  replacedBytes?: number;
  /**
   * A change to the member's counters that this file's last write made and
   * that the member item may not show yet. See `pending-changes.ts`.
   */
  pendingChange?: PendingChange;
  /** The reservation that keeps the bytes of an INITIATED upload. */
  reservationId?: string;
  /** Class of the upload; absent on items written before classes were kept. */
  storageClass?: UploadStorageClass;
  /** True when a thumbnail policy was issued with the upload. */
  hasThumbnail?: boolean;
  /** ISO 8601 time of the last archive restore request, if any. */
  restoreRequestedAt?: string;
};

/** A usage change written on a file item before it reaches the member. */
export type PendingChange = UsageChange & {
  /** Unique per change, so the member applies it at most once. */
  id: string;
};

export type RejectedUploadRecord = {
  memberId: string;
  uploadId: string;
  path: string;
  key: string;
  size: number;
  contentType: string;
  reason: Reason;
  createdAt: string;
};

/** A new upload's file item, written INITIATED by claimPath. */
export type NewUpload = Omit<
  FileRecord,
  'state' | 'sequencer' | 'pendingChange'
> & {
  uploadId: string;
  contentType: string;
  expiresAt: string;
};

/**
 * State and sequencer that a conditional write expects to find, as read;
 * undefined when no item was read.
 */
export type ExpectedFile = Pick<FileRecord, 'state' | 'sequencer'> | undefined;

const stateName = { '#state': 'state' };

export async function getFile(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  memberId: string,
  path: string,
): Promise<FileRecord | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: tableName,
      Key: fileItemKey(memberId, path),
      ConsistentRead: true,
    }),
  );

  return Item ? toFileRecord(memberId, Item) : undefined;
}

/** State and size of a file, as path choice needs them. */
export type FileSummary = Pick<FileRecord, 'state' | 'size'>;

/** Reads the states and sizes of a member's files at `paths`, by path. */
export async function getFileStates(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  memberId: string,
  paths: readonly string[],
): Promise<Map<string, FileSummary>> {
  const items = await batchGetItems(
    dynamo,
    tableName,
    paths.map((path) => fileItemKey(memberId, path)),
    {
      expression: '#path, #state, #size',
      names: { '#path': 'path', '#size': 'size', ...stateName },
    },
  );
  const files = new Map<string, FileSummary>();
  for (const item of items) {
    const path = optionalString(item.path);
    const state = toRecordState(item.state);
    const size = optionalNumber(item.size);
    if (path !== undefined && state !== undefined && size !== undefined) {
      files.set(path, { state, size });
    }
  }

  return files;
}

/**
 * Writes a new INITIATED upload at its path unless the path is taken.
 * Updates rather than puts, so a DELETED item keeps its sequencer and older
 * events for the path stay ignored. An upload with `replacedBytes` claims a
 * COMPLETE file of exactly that size instead, which stays counted until the
 * new object arrives. Returns false when the path is not in the expected
 * state any more.
 */
export async function claimPath(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  upload: NewUpload,
): Promise<boolean> {
  const { memberId, ...attributes } = upload;
  const entries = definedEntries({ ...attributes, state: 'INITIATED' });
  const assignments = entries.map(([name]) => `#${name} = :${name}`);
  const isReplacing = upload.replacedBytes !== undefined;
  const condition = isReplacing
    ? '#state = :complete AND #size = :replacedBytes AND ' +
      'attribute_not_exists(pendingChange)'
    : 'attribute_not_exists(pk) OR #state = :deleted';
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: fileItemKey(memberId, upload.path),
        UpdateExpression:
          `SET ${assignments.join(', ')}` +
          (isReplacing ? '' : ' REMOVE replacedBytes'),
        ConditionExpression: condition,
        ExpressionAttributeNames: Object.fromEntries(
          entries.map(([name]) => [`#${name}`, name]),
        ),
        ExpressionAttributeValues: {
          ...Object.fromEntries(
            entries.map(([name, value]) => [`:${name}`, value]),
          ),
          ...(isReplacing
            ? { ':complete': 'COMPLETE' }
            : { ':deleted': 'DELETED' }),
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

/**
 * Replaces a file item if it still has the state and sequencer that were
 * read (or is still absent when `expected` is undefined). Returns false when
 * a concurrent write changed it first.
 */
export async function replaceFile(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  expected: ExpectedFile,
  file: FileRecord,
): Promise<boolean> {
  const { memberId, ...attributes } = file;
  const condition = expectedFileCondition(expected);
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...fileItemKey(memberId, file.path),
          ...Object.fromEntries(definedEntries(attributes)),
        },
        ConditionExpression: condition.expression,
        ExpressionAttributeNames: condition.names,
        ExpressionAttributeValues: condition.values,
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

function expectedFileCondition(expected: ExpectedFile): {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
} {
  if (expected === undefined) {
    return { expression: 'attribute_not_exists(pk)' };
  }

  // A pending change must reach the member before the item is replaced,
  // or the member would never see it.
  const pendingClause = 'attribute_not_exists(pendingChange)';
  const stateClause = '#state = :expectedState';
  const sequencerClause =
    expected.sequencer === undefined
      ? 'attribute_not_exists(sequencer)'
      : 'sequencer = :expectedSequencer';

  return {
    expression: `${stateClause} AND ${sequencerClause} AND ${pendingClause}`,
    names: stateName,
    values: {
      ':expectedState': expected.state,
      ...(expected.sequencer === undefined
        ? {}
        : { ':expectedSequencer': expected.sequencer }),
    },
  };
}

/** Records rejected uploads, which reserve nothing and claim no path. */
export async function recordRejectedUploads(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  uploads: readonly RejectedUploadRecord[],
): Promise<void> {
  const items = uploads.map(({ memberId, ...upload }) => ({
    ...uploadItemKey(memberId, upload.uploadId),
    ...upload,
    state: 'REJECTED',
  }));

  await batchPutItems(dynamo, tableName, items);
}

/** Converts a file item that DynamoDB returned; undefined if malformed. */
export function toFileRecord(
  memberId: string,
  item: Record<string, unknown>,
): FileRecord | undefined {
  const path = optionalString(item.path);
  const key = optionalString(item.key);
  const state = toRecordState(item.state);
  const size = optionalNumber(item.size);
  const createdAt = optionalString(item.createdAt);
  const updatedAt = optionalString(item.updatedAt);
  if (
    path === undefined ||
    key === undefined ||
    state === undefined ||
    size === undefined ||
    createdAt === undefined ||
    updatedAt === undefined
  ) {
    return undefined;
  }

  return {
    memberId,
    path,
    key,
    state,
    size,
    contentType: optionalString(item.contentType),
    uploadId: optionalString(item.uploadId),
    createdAt,
    updatedAt,
    expiresAt: optionalString(item.expiresAt),
    sequencer: optionalString(item.sequencer),
    replacedBytes: optionalNumber(item.replacedBytes),
    reservationId: optionalString(item.reservationId),
    pendingChange: toPendingChange(item.pendingChange),
    storageClass: storageClasses.find((known) => known === item.storageClass),
    hasThumbnail: item.hasThumbnail === true ? true : undefined,
    restoreRequestedAt: optionalString(item.restoreRequestedAt),
  };
}

function toPendingChange(value: unknown): PendingChange | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }

  const change = value as Record<string, unknown>;
  const id = optionalString(change.id);
  const usedBytes = optionalNumber(change.usedBytes);
  const reservedBytes = optionalNumber(change.reservedBytes);
  const fileCount = optionalNumber(change.fileCount);
  if (
    id === undefined ||
    usedBytes === undefined ||
    reservedBytes === undefined ||
    fileCount === undefined
  ) {
    return undefined;
  }

  return { id, usedBytes, reservedBytes, fileCount };
}

function definedEntries(record: object): [string, unknown][] {
  return Object.entries(record).filter(([, value]) => value !== undefined);
}

const recordStates: readonly RecordState[] = [
  'INITIATED',
  'COMPLETE',
  'EXPIRED',
  'REJECTED',
  'DELETED',
];

function toRecordState(value: unknown): RecordState | undefined {
  return recordStates.find((state) => state === value);
}

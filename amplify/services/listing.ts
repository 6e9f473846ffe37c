/**
 * Folder listings from the table, in the shape S3 gives with a `/`
 * delimiter: the files directly in a folder and the names of its immediate
 * sub-folders, in path order (UTF-8 byte order, as DynamoDB sorts strings).
 */

import {
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import { fileSortKeyPrefix, memberPartitionKey, type ItemKey } from './table';
import { toFileRecord, type FileRecord } from './uploads';

/** The last entry of a page, from which the next page continues. */
export type ListPosition = { path: string; isFolder: boolean };

export type FolderPage = {
  files: FileRecord[];
  /** Sub-folder names ending in `/`, relative to the listed folder. */
  folders: string[];
  /**
   * Position after which the next page starts, or undefined after the last
   * entry. A page
   * that ends exactly at the last entry still returns a position, so the
   * next page may be empty.
   */
  next?: ListPosition;
};

export type FolderQuery = {
  memberId: string;
  /** `""` for the member's root, otherwise a folder path ending in `/`. */
  prefix: string;
  after?: ListPosition;
  pageSize: number;
};

/** DynamoDB's limit on the size of a sort key value. */
const maxSortKeyBytes = 1024;
const lastCodePoint = String.fromCodePoint(0x10ffff);
const utf8 = new TextEncoder();

/**
 * Lists one page of a folder's INITIATED and COMPLETE files and of its
 * sub-folders that contain such files. Each sub-folder costs one extra
 * query, which starts after every key inside it instead of reading them.
 */
export async function listFolder(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  query: FolderQuery,
): Promise<FolderPage> {
  const page: FolderPage = { files: [], folders: [] };
  const pk = memberPartitionKey(query.memberId);
  let startSortKey = query.after ? sortKeyAfter(query.after) : undefined;

  for (;;) {
    const result = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: '#state IN (:initiated, :complete)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':pk': pk,
          ':prefix': `${fileSortKeyPrefix}${query.prefix}`,
          ':initiated': 'INITIATED',
          ':complete': 'COMPLETE',
        },
        ExclusiveStartKey:
          startSortKey === undefined ? undefined : { pk, sk: startSortKey },
        ConsistentRead: true,
        Limit: query.pageSize,
      }),
    );

    let skippedFolder = false;
    for (const item of result.Items ?? []) {
      const file = toFileRecord(query.memberId, item);
      if (file === undefined) {
        continue;
      }

      const rest = file.path.slice(query.prefix.length);
      const slash = rest.indexOf('/');
      if (slash === -1) {
        page.files.push(file);
        page.next = { path: file.path, isFolder: false };
      } else {
        const folder = rest.slice(0, slash + 1);
        page.folders.push(folder);
        page.next = { path: `${query.prefix}${folder}`, isFolder: true };
        skippedFolder = true;
      }

      if (page.files.length + page.folders.length === query.pageSize) {
        return page;
      }
      if (skippedFolder) {
        startSortKey = sortKeyAfter(page.next);
        break;
      }
    }

    if (skippedFolder) {
      continue;
    }
    const lastKey: Partial<ItemKey> | undefined = result.LastEvaluatedKey;
    if (lastKey?.sk === undefined) {
      return { ...page, next: undefined };
    }
    startSortKey = lastKey.sk;
  }
}

/**
 * Returns the exclusive start key that continues after `position`. For a
 * folder it is a key above every key inside the folder: the folder's sort
 * key followed by U+10FFFF, the highest code point and the highest UTF-8
 * sequence, repeated up to DynamoDB's 1,024-byte limit. Object keys are at
 * most 1,024 bytes including `users/<sub>/`, so a file's sort key is at most
 * 1,021 bytes, and the padded key is at least that long.
 */
function sortKeyAfter(position: ListPosition): string {
  const sortKey = `${fileSortKeyPrefix}${position.path}`;
  if (!position.isFolder) {
    return sortKey;
  }

  const sortKeyBytes = utf8.encode(sortKey).length;
  const padding = Math.floor((maxSortKeyBytes - sortKeyBytes) / 4);

  return `${sortKey}${lastCodePoint.repeat(padding)}`;
}

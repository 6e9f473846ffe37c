/**
 * Path choice for new uploads. A path that already has a file is kept, and
 * the new file gets the first free copy name, `name (2).ext`, `name
 * (3).ext` and so on, as file managers do, unless the request sets
 * `replace` for a stored file.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { ShoeboxError } from '../../core/errors';
import { maxKeyBytes, memberPrefix, withCopyNumber } from '../../core/keys';
import { holdsPath } from '../../core/states';
import { getFileStates } from '../../services/uploads';

/** Copy numbers probed with one batch read. */
const copyNumbersPerRead = 10;
/** Highest copy number tried before giving up on a name. */
const maxCopyNumber = 1000;

export type PathTable = {
  dynamo: DynamoDBDocumentClient;
  tableName: string;
  memberId: string;
};

/** The path an upload takes, and the size of the file it replaces. */
export type ChosenPath = {
  path: string;
  /** Size of the stored file that the upload replaces at `path`. */
  replacedBytes?: number;
};

/**
 * Returns, for each requested path, where its upload should go: the path
 * itself when it is free or when `replace` is set and it contains a stored
 * file, else its first free copy name. Paths are as read; claimPath
 * settles races.
 */
export async function choosePaths(
  table: PathTable,
  requests: readonly { path: string; replace: boolean }[],
): Promise<ChosenPath[]> {
  const requestedPaths = requests.map((request) => request.path);
  const files = await getFileStates(
    table.dynamo,
    table.tableName,
    table.memberId,
    requestedPaths,
  );
  const inBatch = new Set(requestedPaths);
  const chosen: ChosenPath[] = [];
  for (const { path, replace } of requests) {
    const file = files.get(path);
    if (file === undefined || !holdsPath(file.state)) {
      chosen.push({ path });
      continue;
    }
    if (replace && file.state === 'COMPLETE') {
      chosen.push({ path, replacedBytes: file.size });
      continue;
    }

    const copy = await findFreeCopyName(table, path, 2, inBatch);
    inBatch.add(copy);
    chosen.push({ path: copy });
  }

  return chosen;
}

/**
 * Returns the first copy name of `path`, from `firstCopyNumber` on, that no
 * stored file has taken and that is not in `unavailable`.
 */
export async function findFreeCopyName(
  table: PathTable,
  path: string,
  firstCopyNumber: number,
  unavailable: ReadonlySet<string>,
): Promise<string> {
  for (
    let first = firstCopyNumber;
    first <= maxCopyNumber;
    first += copyNumbersPerRead
  ) {
    const candidates = Array.from({ length: copyNumbersPerRead }, (_, i) =>
      withCopyNumber(path, first + i),
    ).filter((candidate) => !unavailable.has(candidate));
    const tooLong = candidates.find(
      (candidate) => !fitsKey(table.memberId, candidate),
    );
    if (tooLong !== undefined) {
      throw new ShoeboxError(
        `${JSON.stringify(path)} is taken, and the copy name ` +
          `${JSON.stringify(tooLong)} would make the object key longer ` +
          `than S3's ${maxKeyBytes} bytes; shorten the file name.`,
        { code: 'PATH_TAKEN', statusCode: 409, isUserVisible: true },
      );
    }
    const files = await getFileStates(
      table.dynamo,
      table.tableName,
      table.memberId,
      candidates,
    );
    const free = candidates.find((candidate) => {
      const file = files.get(candidate);
      return file === undefined || !holdsPath(file.state);
    });
    if (free !== undefined) {
      return free;
    }
  }

  throw new ShoeboxError(
    `${JSON.stringify(path)} and its copy names up to ` +
      `"(${maxCopyNumber})" are all taken; rename the file or delete some ` +
      'copies.',
    { code: 'PATH_TAKEN', statusCode: 409, isUserVisible: true },
  );
}

function fitsKey(memberId: string, path: string): boolean {
  return Buffer.byteLength(`${memberPrefix(memberId)}${path}`) <= maxKeyBytes;
}

import type { ListResponse, Quota } from '../../amplify/core/api';
import { foldersOf } from './batchPlan';

type ListFiles = (
  prefix: string,
  cursor: string | null,
) => Promise<ListResponse>;

export type BatchCheck = {
  /** The quota of the last listing, so what is free is current. */
  quota: Quota;
  /** Requested paths that a stored or uploading file already has. */
  takenPaths: Set<string>;
};

/** Folders listed at the same time. */
const listingsInParallel = 4;

/**
 * Lists every folder that `paths` go into, page by page, and returns the
 * member's quota with the paths already taken. A folder that does not
 * exist yet lists as empty.
 */
export async function checkBatch(
  listFiles: ListFiles,
  paths: readonly string[],
): Promise<BatchCheck> {
  const wanted = new Set(paths);
  const takenPaths = new Set<string>();
  const folders = foldersOf(paths);
  let quota: Quota | undefined;

  const listFolder = async (prefix: string) => {
    let cursor: string | null = null;
    do {
      const page: ListResponse = await listFiles(prefix, cursor);
      quota = page.quota;
      for (const file of page.files) {
        if (wanted.has(file.path)) {
          takenPaths.add(file.path);
        }
      }
      cursor = page.cursor;
    } while (cursor !== null);
  };
  for (let start = 0; start < folders.length; start += listingsInParallel) {
    await Promise.all(
      folders.slice(start, start + listingsInParallel).map(listFolder),
    );
  }

  if (!quota) {
    quota = (await listFiles('', null)).quota;
  }

  return { quota, takenPaths };
}

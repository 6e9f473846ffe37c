import type { StoredFile } from '../../amplify/core/api';
import { baseName } from './paths';

export type SortKey = 'name' | 'date' | 'size';
export type SortDirection = 'ascending' | 'descending';

export type Arrangement = {
  sortBy: SortKey;
  direction: SortDirection;
  /** Part of a name, matched without regard to case; empty keeps all. */
  filter: string;
};

/** Compares names the way people read them: "IMG 2" before "IMG 10". */
const nameOrder = new Intl.Collator(undefined, {
  numeric: true,
  sensitivity: 'base',
});

/**
 * Filters folders and files by name and sorts them. Folders keep name
 * order, ascending or descending, because they have no size or date.
 */
export function arrangeEntries(
  folders: readonly string[],
  files: readonly StoredFile[],
  { sortBy, direction, filter }: Arrangement,
): { folders: string[]; files: StoredFile[] } {
  const needle = filter.trim().toLocaleLowerCase();
  const matches = (name: string) =>
    needle === '' || name.toLocaleLowerCase().includes(needle);
  const sign = direction === 'ascending' ? 1 : -1;

  const arrangedFolders = folders
    .filter((folder) => matches(baseName(folder)))
    .sort((a, b) => sign * nameOrder.compare(a, b));
  const arrangedFiles = files
    .filter((file) => matches(baseName(file.path)))
    .sort((a, b) => sign * compareFiles(a, b, sortBy));

  return { folders: arrangedFolders, files: arrangedFiles };
}

function compareFiles(a: StoredFile, b: StoredFile, sortBy: SortKey): number {
  const byName = nameOrder.compare(baseName(a.path), baseName(b.path));
  if (sortBy === 'size') {
    return a.size - b.size || byName;
  }
  if (sortBy === 'date') {
    return Date.parse(a.lastModified) - Date.parse(b.lastModified) || byName;
  }

  return byName;
}

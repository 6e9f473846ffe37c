import { useMemo, useState } from 'react';
import type { StoredFile } from '../../amplify/core/api';
import {
  arrangeEntries,
  type Arrangement,
  type SortDirection,
  type SortKey,
} from './arrange';

export type ViewMode = 'list' | 'grid';

/**
 * Holds how the library shows a folder (list or grid, sort order, name
 * filter) and applies it to the entries loaded so far.
 */
export function useLibraryView(
  folders: readonly string[],
  files: readonly StoredFile[],
) {
  const [viewMode, setViewMode] = useState<ViewMode>('list');
  const [arrangement, setArrangement] = useState<Arrangement>({
    sortBy: 'name',
    direction: 'ascending',
    filter: '',
  });
  const arranged = useMemo(
    () => arrangeEntries(folders, files, arrangement),
    [folders, files, arrangement],
  );

  return {
    viewMode,
    ...arrangement,
    ...arranged,
    isFiltered: arrangement.filter.trim() !== '',
    onViewMode: setViewMode,
    onSortBy: (sortBy: SortKey) =>
      setArrangement((current) => ({ ...current, sortBy })),
    onDirection: (direction: SortDirection) =>
      setArrangement((current) => ({ ...current, direction })),
    onFilter: (filter: string) =>
      setArrangement((current) => ({ ...current, filter })),
  };
}

export type LibraryView = ReturnType<typeof useLibraryView>;

import { createContext, use, type ReactNode } from 'react';
import type { StoredFile } from '../../amplify/core/api';

/** What a file row or tile can do, shared so rows take only their file. */
export type LibraryActions = {
  isSelected: (path: string) => boolean;
  onToggle: (path: string) => void;
  onOpenFolder: (name: string) => void;
  canPreview: (file: StoredFile) => boolean;
  onPreview: (file: StoredFile) => void;
  onDownload: (file: StoredFile) => void;
  onAskDelete: (files: readonly StoredFile[]) => void;
  onRestoreArchive: (file: StoredFile) => void;
  /** Hours until a Deep Archive restore is readable, once prices load. */
  deepArchiveRestoreHours: number | undefined;
};

const LibraryContext = createContext<LibraryActions | null>(null);

export function LibraryProvider({
  actions,
  children,
}: {
  actions: LibraryActions;
  children: ReactNode;
}) {
  return <LibraryContext value={actions}>{children}</LibraryContext>;
}

/** Returns the actions of the nearest LibraryProvider. */
export function useLibraryActions(): LibraryActions {
  const actions = use(LibraryContext);
  if (!actions) {
    throw new Error('useLibraryActions must be called inside LibraryProvider.');
  }

  return actions;
}
